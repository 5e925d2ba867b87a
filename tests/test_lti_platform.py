"""The local LTI 1.3 platform (tests/lti_platform.py) behaves as the specs say, driven by a tiny fake tool.

The fake tool is an httpx.MockTransport handler with its own RSA key: it begins the OIDC login (state cookie,
nonce), verifies the id_token with PyJWT against the platform's JWKS (PyJWKClient, over loopback), and signs
client assertions and deep-linking responses. Nothing here is the real tool (autograder/serve/lti*).
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests import lti_platform as lp

TOOL = "http://tool.test"
LEARNER, INSTRUCTOR = lp.ROLE + "Learner", lp.ROLE + "Instructor"
MEMBERS = [{"user_id": "u-ada", "name": "Ada Lovelace", "email": "ada@example.edu", "roles": [LEARNER],
            "lis_person_sourcedid": "2026-0001", "status": "Active"},
           {"user_id": "u-bob", "name": "Bob Kim", "email": "bob@example.edu", "roles": [LEARNER]},
           {"user_id": "u-prof", "name": "Grace Hopper", "email": "grace@example.edu", "roles": [INSTRUCTOR]}]


class FakeTool:
    """Just enough of an LTI tool to drive the platform: login, launch (verified), JWKS, signed JWTs."""

    def __init__(self, platform: lp.LtiPlatform):
        self.p, self.key, self.kid = platform, rsa.generate_private_key(public_exponent=65537, key_size=2048), "t1"
        self.nonces: dict[str, str] = {}
        self.used: set[str] = set()
        self.platform_keys = jwt.PyJWKClient(platform.jwks_url)
        self.http = httpx.Client(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/jwks":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            return httpx.Response(200, json={"keys": [dict(jwk, kid=self.kid, alg="RS256", use="sig")]})
        if path == "/login":
            q = request.url.params
            state, nonce = uuid.uuid4().hex, uuid.uuid4().hex
            self.nonces[state] = nonce
            auth = self.p.auth_url + "?" + urlencode({
                "scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
                "client_id": q["client_id"], "redirect_uri": TOOL + "/launch", "login_hint": q["login_hint"],
                "lti_message_hint": q["lti_message_hint"], "state": state, "nonce": nonce})
            return httpx.Response(302, headers={"Location": auth, "Set-Cookie": f"lti_state={state}; Path=/"})
        if path == "/launch":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            cookie = dict(c.strip().split("=", 1) for c in request.headers.get("cookie", "").split(";") if "=" in c)
            if form.get("state") != cookie.get("lti_state"):
                return httpx.Response(401, json={"why": "state"})
            token = self.last_id_token = form["id_token"]
            try:
                key = self.platform_keys.get_signing_key_from_jwt(token).key
                claims = jwt.decode(token, key, algorithms=["RS256"], audience=self.p.client_id,
                                    issuer=self.p.issuer)
            except jwt.PyJWTError as e:
                return httpx.Response(401, json={"why": type(e).__name__})
            if claims["nonce"] != self.nonces.pop(form["state"]) or claims["nonce"] in self.used:
                return httpx.Response(401, json={"why": "nonce"})
            self.used.add(claims["nonce"])
            if claims[lp.LTI + "deployment_id"] != self.p.deployment_id:
                return httpx.Response(401, json={"why": "deployment"})
            return httpx.Response(200, json=claims)
        return httpx.Response(404)

    def sign(self, claims: dict, key=None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def assertion(self, **override) -> str:
        now = int(time.time())
        return self.sign({"iss": self.p.client_id, "sub": self.p.client_id, "aud": self.p.token_url,
                          "iat": now, "exp": now + 60, "jti": uuid.uuid4().hex, **override})

    def token(self, *scopes: str, assertion: str | None = None) -> httpx.Response:
        return httpx.post(self.p.token_url, data={
            "grant_type": "client_credentials", "client_assertion_type": lp.ASSERTION_TYPE,
            "client_assertion": assertion or self.assertion(), "scope": " ".join(scopes)})

    def bearer(self, *scopes: str) -> dict:
        return {"Authorization": "Bearer " + self.token(*scopes).json()["access_token"]}

    def deep_link_form(self, request_claims: dict, items: list, **override) -> httpx.Response:
        """The page a tool answers with: an auto-submitting form POSTing JWT to deep_link_return_url."""
        settings, now = request_claims[lp.DL + "deep_linking_settings"], int(time.time())
        claims = {"iss": self.p.client_id, "aud": self.p.issuer, "iat": now, "exp": now + 300,
                  "nonce": uuid.uuid4().hex, lp.LTI + "deployment_id": request_claims[lp.LTI + "deployment_id"],
                  lp.LTI + "message_type": "LtiDeepLinkingResponse", lp.LTI + "version": "1.3.0",
                  lp.DL + "content_items": items, lp.DL + "data": settings["data"], **override}
        return httpx.Response(200, text=lp.auto_submit_form(settings["deep_link_return_url"],
                                                            {"JWT": self.sign(claims)}))


@pytest.fixture
def world():
    with lp.LtiPlatform.start(nrps_page_size=2) as platform:
        tool = FakeTool(platform)
        platform.register_tool(TOOL + "/login", TOOL + "/launch", TOOL + "/jwks", tool_http=tool.http)
        platform.add_context("c-101", "Deep Learning 101", MEMBERS)
        yield platform, tool


def launch(platform, tool, user="u-ada", **kw):
    kw.setdefault("roles", [LEARNER])
    return platform.launch(tool.http, user, "c-101", **kw)


def deep_link(platform, tool, items=None):
    request = launch(platform, tool, "u-prof", roles=["Instructor"], message_type="LtiDeepLinkingRequest").json()
    items = items or [{"type": "ltiResourceLink", "title": "A2 functions", "custom": {"assignment": "a2_functions"},
                       "lineItem": {"scoreMaximum": 40, "label": "A2 functions", "resourceId": "a2_functions"}}]
    return request, platform.deep_link_return(tool.deep_link_form(request, items))


def test_oidc_round_trip_signs_every_required_claim(world):
    platform, tool = world
    answer = launch(platform, tool, custom={"week": "3"})
    assert answer.status_code == 200, answer.text
    claims = answer.json()  # the fake tool verified it against the platform's JWKS
    assert jwt.get_unverified_header(tool.last_id_token) == {"alg": "RS256", "kid": platform.kid, "typ": "JWT"}
    assert (claims["iss"], claims["aud"], claims["azp"], claims["sub"]) == (platform.issuer, platform.client_id,
                                                                           platform.client_id, "u-ada")
    assert claims["exp"] > claims["iat"] and claims["name"] == "Ada Lovelace" and claims["email"] == "ada@example.edu"
    assert claims[lp.LTI + "message_type"] == "LtiResourceLinkRequest" and claims[lp.LTI + "version"] == "1.3.0"
    assert claims[lp.LTI + "deployment_id"] == "deployment-1" and claims[lp.LTI + "roles"] == [LEARNER]
    assert claims[lp.LTI + "resource_link"]["id"] == "rl-1"
    assert claims[lp.LTI + "context"].items() >= {"id": "c-101", "title": "Deep Learning 101"}.items()
    assert claims[lp.LTI + "target_link_uri"] == TOOL + "/launch" and claims[lp.LTI + "custom"] == {"week": "3"}
    assert claims[lp.LTI + "lis"] == {"person_sourcedid": "2026-0001"}
    ags = claims[lp.AGS_CLAIM]
    assert set(ags["scope"]) == set(lp.AGS_SCOPES) and ags["lineitems"] == platform.issuer + "/contexts/c-101/lineitems"
    assert "lineitem" not in ags  # rl-1 has no line item
    assert claims[lp.NRPS_CLAIM] == {"context_memberships_url": platform.issuer + "/contexts/c-101/memberships",
                                     "service_versions": ["2.0"]}


@pytest.mark.parametrize("tamper, why", [("bad_signature", "InvalidSignatureError"),
                                         ("wrong_audience", "InvalidAudienceError"),
                                         ("expired", "ExpiredSignatureError"), ("replay_nonce", "nonce"),
                                         ("wrong_deployment", "deployment"), ("bad_state", "state")])
def test_each_tamper_is_caught_for_its_own_reason(world, tamper, why):
    platform, tool = world
    assert launch(platform, tool).status_code == 200
    answer = launch(platform, tool, tamper=tamper)
    assert (answer.status_code, answer.json()["why"]) == (401, why)
    assert launch(platform, tool).status_code == 200  # and an honest launch still works after it


def test_authorization_refuses_an_unregistered_redirect_or_client(world):
    platform, _ = world
    good = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
            "client_id": platform.client_id, "redirect_uri": TOOL + "/launch", "login_hint": "u-ada",
            "lti_message_hint": "never-issued", "state": "s", "nonce": "n"}
    for change, reason in [({"redirect_uri": "http://evil.test/launch"}, "redirect_uri"),
                           ({"client_id": "someone"}, "client_id"), ({"nonce": ""}, "nonce"),
                           ({}, "lti_message_hint")]:
        answer = httpx.get(platform.auth_url, params={**good, **change})
        assert answer.status_code == 400 and reason in answer.text, (change, answer.text)


def test_token_endpoint_grants_known_scopes_for_a_valid_assertion_only(world):
    platform, tool = world
    answer = tool.token(lp.SCOPE_SCORE, "https://example.com/unknown-scope")
    assert answer.status_code == 200 and answer.json()["token_type"] == "Bearer"
    assert answer.json()["scope"] == lp.SCOPE_SCORE and platform.tokens_issued == [lp.SCOPE_SCORE]
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    base = {"iss": platform.client_id, "sub": platform.client_id, "aud": platform.token_url, "iat": now,
            "exp": now + 60}
    reused = tool.assertion(jti="same")
    assert tool.token(lp.SCOPE_SCORE, assertion=reused).status_code == 200
    bad = {"foreign key": tool.sign({**base, "jti": "a"}, key=other), "reused jti": reused,
           "wrong aud": tool.assertion(aud=platform.issuer), "expired": tool.assertion(exp=now - 60),
           "wrong iss": tool.assertion(iss="someone"), "no jti": tool.sign(base)}
    for what, assertion in bad.items():
        refused = tool.token(lp.SCOPE_SCORE, assertion=assertion)
        assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client"), what
    assert len(platform.tokens_issued) == 2
    assert httpx.get(platform.issuer + "/contexts/c-101/lineitems").status_code == 401


def test_deep_linking_return_is_verified_and_creates_a_bound_line_item(world):
    platform, tool = world
    request, answer = deep_link(platform, tool)
    settings = request[lp.DL + "deep_linking_settings"]
    assert request[lp.LTI + "message_type"] == "LtiDeepLinkingRequest" and lp.LTI + "resource_link" not in request
    assert settings["accept_types"] == ["ltiResourceLink"] and settings["deep_link_return_url"] == \
        platform.issuer + "/deep_link_return"
    assert settings["accept_presentation_document_targets"] == ["iframe", "window"] and settings["data"]
    assert answer.status_code == 200, answer.text
    assert platform.content_items[0]["custom"] == {"assignment": "a2_functions"}
    [(url, item)] = platform.line_items.items()
    [rl_id] = [r for r, link in platform.resource_links.items() if link["lineitem"] == url]
    assert item == {"scoreMaximum": 40, "label": "A2 functions", "resourceId": "a2_functions",
                    "resourceLinkId": rl_id, "tag": None}
    student = launch(platform, tool, resource_link_id=rl_id).json()
    assert student[lp.AGS_CLAIM]["lineitem"] == url and student[lp.LTI + "custom"] == {"assignment": "a2_functions"}
    # refused: a reused nonce, a wrong audience, a type not accepted, a foreign data value
    replay = tool.deep_link_form(request, [], nonce=platform.deep_link_responses[0]["nonce"])
    for form, reason in [(replay, "nonce"), (tool.deep_link_form(request, [], aud="elsewhere"), "Audience"),
                         (tool.deep_link_form(request, [{"type": "link", "url": "x"}]), "accept_types"),
                         (tool.deep_link_form(request, [], **{lp.DL + "data": "forged"}), "data")]:
        refused = platform.deep_link_return(form)
        assert refused.status_code in (400, 401) and reason in refused.text, refused.text
    assert len(platform.content_items) == 1


def score(user="u-ada", given=30, when=None, **extra):
    stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="milliseconds")
    return {"userId": user, "scoreGiven": given, "scoreMaximum": 40, "timestamp": stamp,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded", **extra}


def post_score(url, headers, body, media=lp.MT_SCORE):
    return httpx.post(url + "/scores", json=body, headers={**headers, "Content-Type": media})


def test_ags_score_is_recorded_with_its_media_type_and_scope(world):
    platform, tool = world
    deep_link(platform, tool)
    [url] = platform.line_items
    headers = tool.bearer(lp.SCOPE_SCORE)
    assert post_score(url, headers, score(comment="well done")).status_code == 204
    assert platform.scores == [{"lineitem": url, "body": platform.scores[0]["body"], "token_scope": lp.SCOPE_SCORE}]
    assert platform.scores[0]["body"]["comment"] == "well done"
    assert post_score(url, headers, score(), media="application/json").status_code == 415
    assert post_score(url, tool.bearer(lp.SCOPE_NRPS), score()).status_code == 403
    assert post_score(url, {"Authorization": "Bearer forged"}, score()).status_code == 401
    assert post_score(url, headers, score(user="u-stranger")).status_code == 422
    assert post_score(url, headers, score(activityProgress="Done")).status_code == 400
    old = datetime.now(timezone.utc) - timedelta(hours=1)
    assert post_score(url, headers, score(given=1, when=old)).status_code == 409
    assert len(platform.scores) == 1
    results = httpx.get(url + "/results", headers=tool.bearer(lp.SCOPE_RESULT_RO))
    assert results.headers["content-type"] == lp.MT_RESULTS
    assert [(r["userId"], r["resultScore"], r["resultMaximum"]) for r in results.json()] == [("u-ada", 30, 40)]


def test_fail_next_score_posts_answers_errors_then_records(world):
    platform, tool = world
    url = platform.add_resource_link("c-101", "rl-hand", line_item={"scoreMaximum": 40, "label": "A2"})
    headers = tool.bearer(lp.SCOPE_SCORE)
    platform.fail_next_score_posts(2, status=503)
    assert [post_score(url, headers, score()).status_code for _ in range(3)] == [503, 503, 204]
    assert len(platform.scores) == 1


def test_line_item_container_lists_filters_and_creates(world):
    platform, tool = world
    base = platform.issuer + "/contexts/c-101/lineitems"
    write = {**tool.bearer(lp.SCOPE_LINEITEM), "Content-Type": lp.MT_LINEITEM}
    made = httpx.post(base, json={"scoreMaximum": 10, "label": "Quiz", "resourceId": "q1", "tag": "quiz"},
                      headers=write)
    assert made.status_code == 201 and made.headers["content-type"] == lp.MT_LINEITEM
    assert made.json()["id"] in platform.line_items
    assert httpx.post(base, json={"label": "no max"}, headers=write).status_code == 400
    read = tool.bearer(lp.SCOPE_LINEITEM_RO)
    listing = httpx.get(base, params={"resource_id": "q1"}, headers=read)
    assert listing.headers["content-type"] == lp.MT_LINEITEMS and [i["label"] for i in listing.json()] == ["Quiz"]
    assert httpx.get(base, params={"resource_id": "other"}, headers=read).json() == []
    assert httpx.get(made.json()["id"], headers=read).json()["scoreMaximum"] == 10
    assert httpx.post(base, json={"scoreMaximum": 1, "label": "x"},
                      headers={**read, "Content-Type": lp.MT_LINEITEM}).status_code == 403


def test_nrps_membership_container_pages_and_filters(world):
    platform, tool = world
    url = platform.issuer + "/contexts/c-101/memberships"
    headers = tool.bearer(lp.SCOPE_NRPS)
    first = httpx.get(url, headers=headers)
    assert first.headers["content-type"] == lp.MT_MEMBERS
    body = first.json()
    assert body["id"] == url and body["context"] == {"id": "c-101", "label": "c-101", "title": "Deep Learning 101"}
    members = list(body["members"])
    while "next" in first.links:
        first = httpx.get(first.links["next"]["url"], headers=headers)
        members += first.json()["members"]
    assert [m["user_id"] for m in members] == ["u-ada", "u-bob", "u-prof"]
    assert members[0] == {"status": "Active", "name": "Ada Lovelace", "email": "ada@example.edu",
                          "roles": [LEARNER], "lis_person_sourcedid": "2026-0001", "user_id": "u-ada"}
    learners = httpx.get(url, params={"role": LEARNER, "limit": 10}, headers=headers).json()["members"]
    assert [m["user_id"] for m in learners] == ["u-ada", "u-bob"]
    platform.set_members("c-101", MEMBERS[1:])
    assert [m["user_id"] for m in httpx.get(url, params={"limit": 10}, headers=headers).json()["members"]] == \
        ["u-bob", "u-prof"]
    assert httpx.get(url, headers=tool.bearer(lp.SCOPE_SCORE)).status_code == 403
