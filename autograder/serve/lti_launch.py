"""LTI 1.3 launch: OIDC login initiation, the id_token verified, the user signed in (Security Framework 5.1).

``login`` (GET or POST ``/lti/login``) answers a platform's third-party-initiated login with a
redirect to its authorization URL; the ``state`` goes to the browser in a signed cookie and, with
the ``nonce``, into ``lti_nonces``. Anyone may ask (it is anonymous), so it is limited: ``LOGINS_PER_MINUTE``
per client address, at most ``MAX_OPEN_LOGINS`` rows, each deleted once older than ``STATE_AGE``. ``launch`` (POST ``/lti/launch``) takes the form_post of
``id_token`` + ``state``: the state must be the cookie's and unused (it is used up by this
request, whatever the outcome), the id_token signed by the platform's JWKS key (RS256), from the
registered issuer, for our client_id (``aud``, ``azp``), unexpired, with the login's nonce, a
registered deployment, version 1.3.0 and a message type we handle. A refusal is a 400/401 page
saying why, in English and Korean.
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from datetime import timedelta
from urllib.parse import urlencode

import jwt
from itsdangerous import BadSignature, TimestampSigner
from sqlalchemy import delete, func, select, update
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .lti_models import LtiNonce
from .models import utcnow

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPES = ("LtiResourceLinkRequest", "LtiDeepLinkingRequest")
STATE_COOKIE = "lti_state"
STATE_AGE = timedelta(minutes=10)  # from login to launch
LEEWAY = 60  # seconds of clock difference forgiven on exp/iat
LOGINS_PER_MINUTE = 60  # login initiations per client address (a class behind one NAT stays under it)
MAX_OPEN_LOGINS = 5000  # states kept at once (each lives STATE_AGE): the table stays small whatever comes


class Refusal(Exception):
    def __init__(self, status: int, key: str, detail: str = ""):
        super().__init__(key)
        self.status, self.key, self.detail = status, key, detail


def _signer(request: Request) -> TimestampSigner:
    from .app import secret_key

    return TimestampSigner(secret_key(request.app.state.db), salt="lti-state")


async def login(request: Request) -> Response:
    lti = request.app.state.service.lti
    params = dict(request.query_params)
    if request.method == "POST":
        params.update({k: v for k, v in (await request.form(max_files=0, max_fields=20)).items()
                       if isinstance(v, str)})
    return await run_in_threadpool(_login, request, lti, params)


class LoginLimit:
    """At most ``per_minute`` login initiations per client address (in memory: a sliding minute)."""

    def __init__(self, per_minute: int = LOGINS_PER_MINUTE):
        self.per_minute, self._seen, self._lock = per_minute, {}, threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # forget the quiet clients
                self._seen = {c: t for c, t in self._seen.items() if t and t[-1] > now - 60}
            recent = [t for t in self._seen.get(client, ()) if t > now - 60]
            if len(recent) >= self.per_minute:
                self._seen[client] = recent
                return False
            self._seen[client] = recent + [now]
            return True


def _login(request: Request, lti, params: dict) -> Response:
    from .auth import client

    if not lti.login_limit.allow(client(request)):
        raise Refusal(429, "too_many_logins")
    platform = lti.config.platform(params.get("iss"), params.get("client_id"))
    if platform is None:
        raise Refusal(400, "unknown_platform", str(params.get("iss"))[:200])
    if not params.get("login_hint"):
        raise Refusal(400, "bad_login", "login_hint")
    target = params.get("target_link_uri") or lti.config.launch_url
    if not target.startswith(lti.config.tool_url + "/"):
        raise Refusal(400, "bad_login", "target_link_uri")
    if params.get("lti_deployment_id") and params["lti_deployment_id"] not in platform.deployment_ids:
        raise Refusal(401, "wrong_deployment")
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with lti.db.session() as s:  # a state is good for STATE_AGE: older rows are of no use
        s.execute(delete(LtiNonce).where(LtiNonce.created_at < utcnow() - STATE_AGE))
        if s.scalar(select(func.count()).select_from(LtiNonce)) >= MAX_OPEN_LOGINS:
            raise Refusal(429, "too_many_logins")
        s.add(LtiNonce(state=state, nonce=nonce, issuer=platform.issuer, client_id=platform.client_id,
                       created_at=utcnow()))
    query = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
             "client_id": platform.client_id, "redirect_uri": lti.config.launch_url,
             "login_hint": params["login_hint"], "state": state, "nonce": nonce}
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    response = RedirectResponse(f"{platform.auth_url}?{urlencode(query)}", status_code=302,
                                headers={"Cache-Control": "no-store"})
    secure = request.app.state.config.secure_cookies  # the launch is a cross-site POST: SameSite=None needs TLS
    response.set_cookie(STATE_COOKIE, _signer(request).sign(state).decode(), max_age=int(STATE_AGE.total_seconds()),
                        path="/lti", httponly=True, secure=secure, samesite="none" if secure else "lax")
    return response


def verify(request: Request, lti, id_token: str, state: str) -> tuple[object, dict]:
    """The platform and the verified claims of a launch, or ``Refusal``."""
    cookie = request.cookies.get(STATE_COOKIE, "")
    try:
        expected = _signer(request).unsign(cookie, max_age=int(STATE_AGE.total_seconds())).decode()
    except BadSignature:
        raise Refusal(400, "bad_state") from None
    if not hmac.compare_digest(expected, state):
        raise Refusal(400, "bad_state")
    now = utcnow()
    with lti.db.session() as s:  # the state is used up now, whatever follows
        used = s.execute(update(LtiNonce).where(LtiNonce.state == state, LtiNonce.used_at.is_(None),
                                                LtiNonce.created_at > now - STATE_AGE)
                         .values(used_at=now)).rowcount
        row = s.get(LtiNonce, state)
        if used != 1 or row is None:
            raise Refusal(400, "bad_state")
        issuer, client_id, nonce = row.issuer, row.client_id, row.nonce
    platform = lti.config.platform(issuer, client_id)
    if platform is None:
        raise Refusal(400, "unknown_platform", issuer)
    try:
        unverified = jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise Refusal(400, "bad_token") from None
    if unverified.get("iss") != platform.issuer:
        raise Refusal(401, "wrong_issuer")
    try:
        key = lti.jwks_client(platform).get_signing_key_from_jwt(id_token).key
        claims = jwt.decode(id_token, key, algorithms=["RS256"], audience=platform.client_id,
                            issuer=platform.issuer, leeway=LEEWAY,
                            options={"require": ["iss", "aud", "sub", "exp", "iat", "nonce"]})
    except jwt.ExpiredSignatureError:
        raise Refusal(401, "expired") from None
    except jwt.InvalidAudienceError:
        raise Refusal(401, "wrong_audience") from None
    except (jwt.InvalidSignatureError, jwt.PyJWKClientError):
        raise Refusal(401, "bad_signature") from None
    except jwt.PyJWTError as exc:
        raise Refusal(401, "bad_token", str(exc)[:200]) from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if ("azp" in claims or len(audiences) > 1) and claims.get("azp") != platform.client_id:
        raise Refusal(401, "wrong_audience")
    if not hmac.compare_digest(str(claims["nonce"]), nonce):
        raise Refusal(401, "replayed_nonce")
    if claims.get(LTI + "deployment_id") not in platform.deployment_ids:
        raise Refusal(401, "wrong_deployment")
    if claims.get(LTI + "version") != "1.3.0":
        raise Refusal(400, "bad_version")
    if claims.get(LTI + "message_type") not in MESSAGE_TYPES:
        raise Refusal(400, "bad_message_type")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise Refusal(400, "anonymous")
    return platform, claims
