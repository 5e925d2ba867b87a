"""A local LTI 1.3 platform on loopback for the tests: it signs real launches and serves JWKS, OAuth2 tokens, AGS and NRPS.

It stands in for Canvas/Moodle and follows the 1EdTech specs, section by section:
- LTI 1.3 Core: the resource link launch request message, its required and optional claims, roles vocabulary;
- LTI Advantage Security Framework 1.0: OpenID Connect launch flow (third-party initiated login,
  authentication request with response_mode=form_post, authentication response, id_token RS256 with a kid),
  platform key set (JWKS), and the OAuth 2.0 client-credentials grant with a JWT bearer client_assertion;
- Deep Linking 2.0: deep_linking_settings in the request, the LtiDeepLinkingResponse message and its
  content_items (ltiResourceLink with lineItem), data echoed back;
- Assignment and Grade Services 2.0: the endpoint claim, the line item service (container + item, filters),
  the score publish service (media type, progress values, timestamps never going back) and the result service;
- Names and Role Provisioning Services 2.0: the namesroleservice claim and the membership container (role filter,
  limit, Link rel="next" paging).
The interface is the LTI contract shared with the tool side (issue 14); additions (never renames) are marked "addition" below.

Two hops do not go through the test's ``browser``: the OIDC authorization request (the platform answers its own
/auth through its own client) and the JWKS fetch of the tool (own client, or ``register_tool(tool_http=...)``,
e.g. a Starlette TestClient when the tool is not on a socket). The browser carries the tool's cookies: the login
GET and the form_post of id_token+state to the tool's launch URL go through it.
This module is longer than 300 lines because it is a whole platform (five services, one state); it is test code.
"""
from __future__ import annotations

import html
import itertools
import json
import re
import secrets
import threading
import time
from datetime import datetime
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_RESULT_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
AGS_SCOPES = [SCOPE_LINEITEM, SCOPE_LINEITEM_RO, SCOPE_SCORE, SCOPE_RESULT_RO]
MT_LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
MT_LINEITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json"
MT_SCORE = "application/vnd.ims.lis.v1.score+json"
MT_RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
MT_MEMBERS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACTIVITY = {"Initialized", "Started", "InProgress", "Submitted", "Completed"}
GRADING = {"FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"}
TAMPERS = {None, "bad_signature", "wrong_audience", "expired", "replay_nonce", "wrong_deployment", "bad_state"}


class Refused(Exception):
    """An HTTP error answer: status and a one-line reason (also the OAuth ``error`` where one applies)."""

    def __init__(self, status: int, reason: str, error: str | None = None):
        super().__init__(reason)
        self.status, self.reason, self.error = status, reason, error


class _Form(HTMLParser):
    """The first <form> of a page: its action and its <input name=value> fields."""

    def __init__(self, text: str):
        super().__init__()
        self.action, self.fields, self._in = None, {}, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self._in = a.get("action", ""), True
        elif tag in ("input", "button") and self._in and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in = False


def auto_submit_form(action: str, fields: dict) -> str:
    """The form_post page a platform answers: an auto-submitting HTML form."""
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in fields.items())
    return (f'<!doctype html><html><body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(action)}">{inputs}</form></body></html>')


def _rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LtiPlatform:
    """The platform; ``LtiPlatform.start()`` serves it on 127.0.0.1 (a free port) until ``.stop()``."""

    def __init__(self, port: int = 0, *, nrps_page_size: int | None = None):
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.platform = self
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.client_id, self.deployment_id = "autograder-tool", "deployment-1"
        self.auth_url, self.token_url, self.jwks_url = (self.issuer + p for p in ("/auth", "/token", "/jwks"))
        self.deep_link_return_url = self.issuer + "/deep_link_return"                       # addition
        self.nrps_page_size = nrps_page_size   # addition: page NRPS answers (Link rel="next") at this size
        self._key, self._rogue = _rsa_key(), _rsa_key()
        self.kid = "platform-key-1"
        self._lock = threading.RLock()
        self._http = httpx.Client(trust_env=False, timeout=10, follow_redirects=False)
        self.tool: dict | None = None
        self.contexts: dict[str, dict] = {}
        self.resource_links: dict[str, dict] = {}  # addition: {rl id: {context_id, title, url, custom, lineitem}}
        self.content_items: list[dict] = []
        self.deep_link_responses: list[dict] = []  # addition: every verified LtiDeepLinkingResponse's claims
        self.line_items: dict[str, dict] = {}
        self.scores: list[dict] = []
        self.tokens_issued: list[str] = []   # the scope string granted by each token (space-separated)
        self.launches: list[dict] = []       # addition: the claims of every id_token signed
        self.requests: list[tuple] = []      # addition: (method, path, status) of every request served
        self._tokens: dict[str, dict] = {}
        self._pending: dict[str, dict] = {}
        self._dl_requests: dict[str, str] = {}   # deep_linking_settings.data -> context id
        self._seen_jti: set[str] = set()
        self._seen_dl_nonces: set[str] = set()
        self._launched: dict[str, set] = {}
        self._last_nonce: str | None = None
        self._fail_scores = [0, 500]
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="lti-platform",
                                        daemon=True)

    # ---- life -------------------------------------------------------------------------------------------
    @classmethod
    def start(cls, **kwargs) -> LtiPlatform:
        platform = cls(**kwargs)
        platform._thread.start()
        return platform

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # ---- set-up (the test's side) -----------------------------------------------------------------------
    def register_tool(self, login_url, launch_url, jwks_url, deep_link_url=None, *, tool_http=None) -> None:
        """The tool's endpoints; ``tool_http`` (addition): an httpx.Client that reaches them, e.g. a TestClient."""
        self.tool = {"login_url": login_url, "launch_url": launch_url, "jwks_url": jwks_url,
                     "deep_link_url": deep_link_url, "http": tool_http or self._http}

    def add_context(self, context_id, title, members=()) -> None:
        """A course and its NRPS members ({user_id, name, email, roles, lis_person_sourcedid?, status})."""
        with self._lock:
            self.contexts[context_id] = {"title": title, "members": [dict(m) for m in members]}

    def set_members(self, context_id, members) -> None:
        """Addition: replace a course's members (to test a roster sync that adds and removes students)."""
        with self._lock:
            self.contexts[context_id]["members"] = [dict(m) for m in members]

    def add_resource_link(self, context_id, resource_link_id, *, title=None, custom=None, line_item=None) -> str | None:
        """Addition: a resource link placed by hand; ``line_item`` {scoreMaximum, label, ...} creates and binds one."""
        with self._lock:
            url = self._new_line_item(context_id, dict(line_item, resourceLinkId=resource_link_id)) if line_item else None
            self.resource_links[resource_link_id] = {"context_id": context_id, "title": title or resource_link_id,
                                                     "url": None, "custom": dict(custom or {}), "lineitem": url}
            return url

    def fail_next_score_posts(self, n: int, status: int = 500) -> None:
        """The next ``n`` score POSTs answer ``status`` and record nothing."""
        with self._lock:
            self._fail_scores = [n, status]

    def expire_tokens(self) -> None:
        """Addition: every access token issued so far stops working (401), as after their expiry."""
        with self._lock:
            self._tokens.clear()

    # ---- the browser's journey --------------------------------------------------------------------------
    def launch(self, browser: httpx.Client, user_id, context_id, *, roles, resource_link_id="rl-1", custom=None,
               message_type="LtiResourceLinkRequest", tamper=None) -> httpx.Response:
        """OIDC third-party login → authorization → form_post of id_token+state; returns the tool's answer.

        If the tool's login does not redirect to ``auth_url``, or the authorization is refused, that
        answer is returned instead. ``roles`` may be full URIs or short membership names ("Learner").
        """
        if tamper not in TAMPERS:
            raise ValueError(f"unknown tamper {tamper!r}")
        if self.tool is None:
            raise RuntimeError("register_tool() first")
        if tamper == "replay_nonce" and self._last_nonce is None:
            raise RuntimeError("replay_nonce needs a previous launch")
        if context_id not in self.contexts:
            self.add_context(context_id, context_id)
        with self._lock:
            link = self.resource_links.get(resource_link_id) if message_type == "LtiResourceLinkRequest" else None
            hint = secrets.token_urlsafe(12)
            self._pending[hint] = {"user_id": user_id, "context_id": context_id, "message_type": message_type,
                                   "roles": [r if ":" in r else ROLE + r for r in roles], "tamper": tamper,
                                   "resource_link_id": resource_link_id, "custom": dict(custom or {})}
            deep = message_type == "LtiDeepLinkingRequest"
            target = (self.tool["deep_link_url"] if deep else (link or {}).get("url")) or self.tool["launch_url"]
            self._pending[hint]["target"] = target
        answer = browser.get(self.tool["login_url"], params={
            "iss": self.issuer, "login_hint": user_id, "target_link_uri": target, "lti_message_hint": hint,
            "client_id": self.client_id, "lti_deployment_id": self.deployment_id})
        location = answer.headers.get("location", "")
        if answer.status_code not in (302, 303) or not location.startswith(self.auth_url + "?"):
            return answer
        auth = self._http.get(location)  # the platform's own authorization endpoint, over HTTP
        if auth.status_code != 200:
            return auth
        form = _Form(auth.text)
        if tamper == "bad_state":
            form.fields["state"] = "forged-" + secrets.token_urlsafe(8)
        return browser.post(form.action, data=form.fields)

    def deep_link_return(self, jwt_form_response: httpx.Response) -> httpx.Response:
        """Submit the tool's auto-submitting deep-linking form (JWT=…) to the platform; returns its answer."""
        form = _Form(jwt_form_response.text)
        if form.action != self.deep_link_return_url or "JWT" not in form.fields:
            raise AssertionError(f"not a deep-linking return form to {self.deep_link_return_url}: "
                                 f"action={form.action!r}, fields={sorted(form.fields)}")
        return self._http.post(form.action, data=form.fields)

    # ---- keys -------------------------------------------------------------------------------------------
    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        return {"keys": [dict(jwk, kid=self.kid, alg="RS256", use="sig")]}

    def _verify_tool_jwt(self, token: str, audience: str, status=401, error="invalid_client") -> dict:
        """A JWT signed by the tool, checked against the tool's JWKS (fetched now: key rotation works)."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as e:
            raise Refused(status, f"not a JWT: {e}", error) from None
        try:
            keys = jwt.PyJWKSet.from_dict(self.tool["http"].get(self.tool["jwks_url"]).json())
        except Exception as e:  # noqa: BLE001 -- the reason goes back in the answer
            raise Refused(status, f"cannot read the tool's JWKS: {e}", error) from None
        key = next((k for k in keys.keys if k.key_id == kid), None)
        if kid is None or key is None:
            raise Refused(status, f"no key with kid {kid!r} in the tool's JWKS", error)
        try:
            return jwt.decode(token, key.key, algorithms=["RS256"], audience=audience, issuer=self.client_id,
                              options={"require": ["iss", "aud", "exp", "iat"]}, leeway=5)
        except jwt.PyJWTError as e:
            raise Refused(status, f"JWT refused: {e}", error) from None

    # ---- OIDC authorization: the id_token ---------------------------------------------------------------
    def _authorize(self, q: dict) -> str:
        tool = self.tool
        expect = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
                  "prompt": "none", "client_id": self.client_id}
        for name, value in expect.items():
            if q.get(name) != value:
                raise Refused(400, f"{name} must be {value!r}, got {q.get(name)!r}", "invalid_request")
        allowed = {tool["launch_url"], tool["deep_link_url"]} - {None}
        if q.get("redirect_uri") not in allowed:
            raise Refused(400, f"redirect_uri {q.get('redirect_uri')!r} is not registered", "invalid_request")
        for name in ("nonce", "state", "login_hint", "lti_message_hint"):
            if not q.get(name):
                raise Refused(400, f"{name} is missing", "invalid_request")
        with self._lock:
            pending = self._pending.pop(q["lti_message_hint"], None)
            if pending is None or pending["user_id"] != q["login_hint"]:
                raise Refused(400, "lti_message_hint/login_hint do not match a login this platform began",
                              "invalid_request")
            claims = self._claims(pending, q["nonce"])
            self.launches.append(claims)
            self._launched.setdefault(pending["context_id"], set()).add(pending["user_id"])
            if pending["tamper"] != "replay_nonce":
                self._last_nonce = q["nonce"]
        key = self._rogue if pending["tamper"] == "bad_signature" else self._key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        return auto_submit_form(q["redirect_uri"], {"id_token": id_token, "state": q["state"]})

    def _claims(self, p: dict, nonce: str) -> dict:
        now, ctx_id, tamper = int(time.time()), p["context_id"], p["tamper"]
        ctx = self.contexts[ctx_id]
        member = next((m for m in ctx["members"] if m.get("user_id") == p["user_id"]), {})
        name = member.get("name") or p["user_id"]
        aud = "another-tool" if tamper == "wrong_audience" else self.client_id
        base = f"{self.issuer}/contexts/{quote(ctx_id, safe='')}"
        claims = {
            "iss": self.issuer, "aud": aud, "azp": aud, "sub": p["user_id"],
            "iat": now - 3600 if tamper == "expired" else now,
            "exp": now - 1800 if tamper == "expired" else now + 300,
            "nonce": self._last_nonce if tamper == "replay_nonce" else nonce,
            "name": name, "given_name": name.split()[0], "family_name": name.split()[-1],
            "email": member.get("email") or f"{p['user_id']}@example.edu", "locale": "en",
            LTI + "deployment_id": "deployment-unknown" if tamper == "wrong_deployment" else self.deployment_id,
            LTI + "message_type": p["message_type"], LTI + "version": "1.3.0", LTI + "roles": p["roles"],
            LTI + "context": {"id": ctx_id, "label": ctx_id, "title": ctx["title"],
                              "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]},
            LTI + "tool_platform": {"guid": self.issuer, "name": "Local LTI platform",
                                    "product_family_code": "autograder-tests", "version": "1"},
            LTI + "launch_presentation": {"document_target": "iframe", "locale": "en"},
            LTI + "target_link_uri": p["target"],
            NRPS_CLAIM: {"context_memberships_url": base + "/memberships", "service_versions": ["2.0"]},
        }
        if member.get("lis_person_sourcedid"):
            claims[LTI + "lis"] = {"person_sourcedid": member["lis_person_sourcedid"]}
        ags = {"scope": list(AGS_SCOPES), "lineitems": base + "/lineitems"}
        custom = dict(p["custom"])
        if p["message_type"] == "LtiDeepLinkingRequest":
            data = secrets.token_urlsafe(12)
            self._dl_requests[data] = ctx_id
            claims[DL + "deep_linking_settings"] = {
                "deep_link_return_url": self.deep_link_return_url, "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"], "accept_multiple": True,
                "accept_lineitem": True, "auto_create": True, "data": data}
        else:
            link = self.resource_links.setdefault(p["resource_link_id"], {
                "context_id": ctx_id, "title": p["resource_link_id"], "url": None, "custom": {}, "lineitem": None})
            custom = {**link["custom"], **custom}
            claims[LTI + "resource_link"] = {"id": p["resource_link_id"], "title": link["title"]}
            if link["lineitem"]:
                ags["lineitem"] = link["lineitem"]
        claims[AGS_CLAIM] = ags
        claims[LTI + "custom"] = custom
        return claims

    # ---- OAuth2 client credentials ----------------------------------------------------------------------
    def _token(self, form: dict) -> dict:
        if form.get("grant_type") != "client_credentials":
            raise Refused(400, "grant_type must be client_credentials", "unsupported_grant_type")
        if form.get("client_assertion_type") != ASSERTION_TYPE or not form.get("client_assertion"):
            raise Refused(400, f"client_assertion_type must be {ASSERTION_TYPE} with a client_assertion",
                          "invalid_request")
        claims = self._verify_tool_jwt(form["client_assertion"], self.token_url)
        if claims.get("sub") != self.client_id or not claims.get("jti"):
            raise Refused(401, "the assertion needs sub = client_id and a jti", "invalid_client")
        with self._lock:
            if claims["jti"] in self._seen_jti:
                raise Refused(401, f"jti {claims['jti']!r} was already used", "invalid_client")
            self._seen_jti.add(claims["jti"])
            known = set(AGS_SCOPES) | {SCOPE_NRPS}
            granted = [s for s in form.get("scope", "").split() if s in known]
            if not granted:
                raise Refused(400, f"no known scope in {form.get('scope')!r}", "invalid_scope")
            token, scope = secrets.token_urlsafe(24), " ".join(granted)
            self._tokens[token] = {"scopes": set(granted), "scope": scope, "exp": time.time() + 3600}
            self.tokens_issued.append(scope)
        return {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": scope}

    def _bearer(self, headers, *scopes: str) -> dict:
        kind, _, token = headers.get("Authorization", "").partition(" ")
        grant = self._tokens.get(token) if kind.lower() == "bearer" else None
        if grant is None or grant["exp"] < time.time():
            raise Refused(401, "a valid bearer token from the token endpoint is needed", "invalid_token")
        if not grant["scopes"] & set(scopes):
            raise Refused(403, f"the token's scope {grant['scope']!r} has none of {list(scopes)}",
                          "insufficient_scope")
        return grant

    # ---- Deep Linking return ----------------------------------------------------------------------------
    def _deep_link(self, form: dict) -> str:
        claims = self._verify_tool_jwt(form.get("JWT", ""), self.issuer, 400, "invalid_request")
        checks = {LTI + "message_type": "LtiDeepLinkingResponse", LTI + "version": "1.3.0",
                  LTI + "deployment_id": self.deployment_id}
        for name, value in checks.items():
            if claims.get(name) != value:
                raise Refused(400, f"{name} must be {value!r}, got {claims.get(name)!r}")
        items = claims.get(DL + "content_items")
        if not isinstance(items, list):
            raise Refused(400, f"{DL}content_items must be a list")
        with self._lock:
            nonce = claims.get("nonce")
            if not nonce or nonce in self._seen_dl_nonces:
                raise Refused(400, "the response needs a nonce never used before")
            ctx_id = self._dl_requests.get(claims.get(DL + "data"))
            if ctx_id is None:
                raise Refused(400, "the data claim does not return the deep_linking_settings data")
            bad = [i.get("type") for i in items if not isinstance(i, dict) or i.get("type") != "ltiResourceLink"]
            if bad:
                raise Refused(400, f"content item types {bad} are not in accept_types ['ltiResourceLink']")
            for item in items:
                line = item.get("lineItem")
                if line is not None and not (isinstance(line.get("scoreMaximum"), (int, float))
                                             and line["scoreMaximum"] > 0):
                    raise Refused(400, "lineItem.scoreMaximum must be a number > 0")
            self._seen_dl_nonces.add(nonce)
            self.deep_link_responses.append(claims)
            made = []
            for item in items:
                self.content_items.append(item)
                rl_id = f"rl-dl-{next(self._ids)}"
                line = item.get("lineItem")
                url = None
                if line is not None:
                    url = self._new_line_item(ctx_id, {"scoreMaximum": line["scoreMaximum"],
                                                       "label": line.get("label") or item.get("title"),
                                                       "resourceId": line.get("resourceId"),
                                                       "resourceLinkId": rl_id, "tag": line.get("tag")})
                self.resource_links[rl_id] = {"context_id": ctx_id, "title": item.get("title") or rl_id,
                                              "url": item.get("url"), "custom": dict(item.get("custom") or {}),
                                              "lineitem": url}
                made.append(rl_id)
        return f"<p>Added {len(items)} item(s): {', '.join(made)}</p>"

    # ---- AGS --------------------------------------------------------------------------------------------
    def _new_line_item(self, ctx_id: str, body: dict) -> str:
        url = f"{self.issuer}/contexts/{quote(ctx_id, safe='')}/lineitems/{next(self._ids)}"
        self.line_items[url] = {k: body.get(k) for k in ("scoreMaximum", "label", "resourceId",
                                                         "resourceLinkId", "tag")}
        return url

    def _line_item_json(self, url: str) -> dict:
        return {"id": url, **{k: v for k, v in self.line_items[url].items() if v is not None}}

    def _score(self, url: str, ctx_id: str, headers, body: bytes) -> None:
        with self._lock:
            if self._fail_scores[0] > 0:
                self._fail_scores[0] -= 1
                raise Refused(self._fail_scores[1], "failing on purpose (fail_next_score_posts)")
        grant = self._bearer(headers, SCOPE_SCORE)
        if headers.get("Content-Type", "").split(";")[0].strip() != MT_SCORE:
            raise Refused(415, f"Content-Type must be {MT_SCORE}")
        try:
            score = json.loads(body)
            stamp = datetime.fromisoformat(score["timestamp"].replace("Z", "+00:00"))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise Refused(400, f"a score needs JSON with an ISO 8601 timestamp: {e}") from None
        problems = []
        if stamp.tzinfo is None:
            problems.append("timestamp has no time zone")
        if not isinstance(score.get("userId"), str) or not score["userId"]:
            problems.append("userId missing")
        if score.get("activityProgress") not in ACTIVITY:
            problems.append(f"activityProgress must be one of {sorted(ACTIVITY)}")
        if score.get("gradingProgress") not in GRADING:
            problems.append(f"gradingProgress must be one of {sorted(GRADING)}")
        if "scoreGiven" in score and not (isinstance(score["scoreGiven"], (int, float)) and score["scoreGiven"] >= 0
                                          and isinstance(score.get("scoreMaximum"), (int, float))
                                          and score["scoreMaximum"] > 0):
            problems.append("scoreGiven needs to be a number >= 0 with a scoreMaximum > 0")
        if problems:
            raise Refused(400, "; ".join(problems))
        with self._lock:
            members = {m.get("user_id") for m in self.contexts.get(ctx_id, {}).get("members", [])}
            if score["userId"] not in members | self._launched.get(ctx_id, set()):
                raise Refused(422, f"user {score['userId']!r} is not in context {ctx_id!r}")
            last = [s for s in self.scores if s["lineitem"] == url and s["body"]["userId"] == score["userId"]]
            if last and datetime.fromisoformat(last[-1]["body"]["timestamp"].replace("Z", "+00:00")) > stamp:
                raise Refused(409, "a score with a later timestamp is already recorded")
            self.scores.append({"lineitem": url, "body": score, "token_scope": grant["scope"]})

    def _results(self, url: str) -> list:
        latest = {}
        for s in self.scores:
            if s["lineitem"] == url:
                latest[s["body"]["userId"]] = s["body"]
        return [{"id": f"{url}/results/{quote(u, safe='')}", "scoreOf": url, "userId": u,
                 "resultScore": b.get("scoreGiven"), "resultMaximum": b.get("scoreMaximum"),
                 **({"comment": b["comment"]} if b.get("comment") else {})} for u, b in latest.items()]

    # ---- NRPS -------------------------------------------------------------------------------------------
    def _memberships(self, ctx_id: str, query: dict, url: str) -> tuple[dict, str | None]:
        ctx = self.contexts[ctx_id]
        members = [dict(m, status=m.get("status", "Active")) for m in ctx["members"]]
        if query.get("role"):
            want = query["role"] if ":" in query["role"] else ROLE + query["role"]
            members = [m for m in members if want in m.get("roles", [])]
        size = int(query.get("limit") or self.nrps_page_size or 0) or len(members) or 1
        page = int(query.get("page", "1"))
        chunk, more = members[(page - 1) * size: page * size], page * size < len(members)
        link = None
        if more:
            link = f'<{url}?{urlencode({**query, "limit": size, "page": page + 1})}>; rel="next"'
        return {"id": url, "context": {"id": ctx_id, "label": ctx_id, "title": ctx["title"]},
                "members": chunk}, link


class _Handler(BaseHTTPRequestHandler):
    """Routes one HTTP request to the platform; every refusal is a JSON or text answer with the reason."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_PUT(self):
        self._serve("PUT")

    def _send(self, status: int, body, content_type="application/json", headers=None) -> None:
        data = b"" if body is None else (body if isinstance(body, bytes) else
                                         (json.dumps(body) if not isinstance(body, str) else body).encode())
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if status != 204:
            self.wfile.write(data)
        self.server.platform.requests.append((self.command, self.path.split("?")[0], status))

    def _serve(self, method: str) -> None:
        p: LtiPlatform = self.server.platform
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        path, url = parts.path, p.issuer + parts.path
        try:
            if path == "/jwks" and method == "GET":
                return self._send(200, p.jwks(), "application/jwk-set+json")
            if path == "/auth" and method in ("GET", "POST"):
                return self._send(200, p._authorize(query if method == "GET" else form), "text/html; charset=utf-8")
            if path == "/token" and method == "POST":
                return self._send(200, p._token(form), headers={"Cache-Control": "no-store"})
            if path == "/deep_link_return" and method == "POST":
                return self._send(200, p._deep_link(form), "text/html; charset=utf-8")
            m = re.fullmatch(r"/contexts/([^/]+)/(lineitems|memberships)(?:/(\d+))?(?:/(scores|results))?", path)
            ctx_id = unquote(m.group(1)) if m else None
            if m is None or ctx_id not in p.contexts or (m.group(2) == "memberships" and (m.group(3) or m.group(4))):
                raise Refused(404, f"no such endpoint: {method} {path}")
            kind, item, sub = m.group(2), m.group(3), m.group(4)
            if kind == "memberships" and method == "GET":
                p._bearer(self.headers, SCOPE_NRPS)
                container, link = p._memberships(ctx_id, query, url)
                return self._send(200, container, MT_MEMBERS, {"Link": link} if link else None)
            line_url = f"{p.issuer}/contexts/{m.group(1)}/lineitems/{item}" if item else None
            if item and line_url not in p.line_items:
                raise Refused(404, f"no line item {line_url}")
            if sub == "scores" and method == "POST":
                p._score(line_url, ctx_id, self.headers, body)
                return self._send(204, None)
            if sub == "results" and method == "GET":
                p._bearer(self.headers, SCOPE_RESULT_RO)
                return self._send(200, p._results(line_url), MT_RESULTS)
            if item and not sub and method == "GET":
                p._bearer(self.headers, SCOPE_LINEITEM, SCOPE_LINEITEM_RO)
                return self._send(200, p._line_item_json(line_url), MT_LINEITEM)
            if item and not sub and method == "PUT":
                p._bearer(self.headers, SCOPE_LINEITEM)
                self._line_item_body()
                changes = json.loads(body)
                with p._lock:
                    p.line_items[line_url].update({k: changes[k] for k in p.line_items[line_url] if k in changes})
                return self._send(200, p._line_item_json(line_url), MT_LINEITEM)
            if not item and method == "GET":
                p._bearer(self.headers, SCOPE_LINEITEM, SCOPE_LINEITEM_RO)
                filters = {"resource_link_id": "resourceLinkId", "resource_id": "resourceId", "tag": "tag"}
                found = [p._line_item_json(u) for u, li in list(p.line_items.items())
                         if u.startswith(url + "/")
                         and all(li.get(f) == query[q] for q, f in filters.items() if q in query)]
                return self._send(200, found, MT_LINEITEMS)
            if not item and method == "POST":
                p._bearer(self.headers, SCOPE_LINEITEM)
                self._line_item_body()
                new = json.loads(body)
                if not (isinstance(new.get("scoreMaximum"), (int, float)) and new["scoreMaximum"] > 0
                        and new.get("label")):
                    raise Refused(400, "a line item needs a label and a scoreMaximum > 0")
                with p._lock:
                    created = p._new_line_item(ctx_id, new)
                return self._send(201, p._line_item_json(created), MT_LINEITEM, {"Location": created})
            raise Refused(405, f"{method} is not served at {path}")
        except Refused as e:
            answer = {"error": e.error or "refused", "error_description": e.reason}
            headers = {"WWW-Authenticate": f'Bearer error="{e.error}"'} if e.status in (401, 403) else None
            if path == "/auth":
                return self._send(e.status, f"{e.error}: {e.reason}", "text/plain; charset=utf-8")
            return self._send(e.status, answer, headers=headers)
        except (ValueError, KeyError) as e:
            return self._send(400, {"error": "invalid_request", "error_description": str(e)})
        except Exception as e:  # noqa: BLE001 -- a bug here shows in the test as a 500 with its reason
            return self._send(500, {"error": "server_error", "error_description": repr(e)})

    def _line_item_body(self) -> None:
        if self.headers.get("Content-Type", "").split(";")[0].strip() != MT_LINEITEM:
            raise Refused(415, f"Content-Type must be {MT_LINEITEM}")
