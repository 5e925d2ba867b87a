"""LTI 1.3 registration and the tool's own keys: ``[serve.lti]`` of course.toml, JWKS, key rotation, signing.

``load(course_dir)`` reads the tool's public address and the platforms registered with it (no
``[serve.lti]``: LTI is off). A platform's ``contexts`` are the LMS courses bound to this course
(a launch from any other is refused; none listed: every launch is); its ``service_hosts`` the
hosts its access token may be sent to (default: those of its issuer, auth, token and JWKS URLs).
The tool's RSA keys live in the database (``lti_keys``): the newest
signs (client assertions for tokens, deep-linking responses), and the JWKS serves the newest two,
so a platform that cached the previous key keeps verifying while it refreshes. ``current_key``
makes the first key, and a new one once the newest is ``KEY_LIFETIME`` old (rotation at start-up);
``rotate`` makes one now.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from .lti_models import LtiKey
from .models import utcnow

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

KEY_LIFETIME = timedelta(days=90)
PUBLISHED_KEYS = 2  # the current key and the previous one
PLATFORM_KEYS = ("issuer", "client_id", "deployment_ids", "auth_url", "token_url", "jwks_url")
OPTIONAL_KEYS = ("contexts", "service_hosts")


class LtiConfigError(ValueError):
    """``[serve.lti]`` is wrong; the message says where."""


@dataclass(frozen=True)
class Platform:
    issuer: str
    client_id: str
    deployment_ids: tuple[str, ...]
    auth_url: str
    token_url: str
    jwks_url: str
    contexts: tuple[str, ...] = ()  # the LMS courses (context ids) this tool serves; none: every launch refused
    service_hosts: tuple[str, ...] = ()  # hosts the platform's token may go to (see ``lti_http.allowed``)

    def serves(self, context_id) -> bool:
        """Whether ``context_id`` is one of the LMS courses bound to this course (``contexts``)."""
        return isinstance(context_id, str) and context_id in self.contexts


@dataclass(frozen=True)
class LtiConfig:
    tool_url: str
    platforms: tuple[Platform, ...] = field(default_factory=tuple)

    def url(self, path: str) -> str:
        return self.tool_url + path

    @property
    def login_url(self) -> str:
        return self.url("/lti/login")

    @property
    def launch_url(self) -> str:
        return self.url("/lti/launch")

    @property
    def jwks_url(self) -> str:
        return self.url("/lti/jwks")

    def platform(self, issuer: str | None, client_id: str | None = None) -> Platform | None:
        """The registration of ``issuer`` (and ``client_id`` when given: one LMS may register twice)."""
        for p in self.platforms:
            if p.issuer == issuer and (not client_id or p.client_id == client_id):
                return p
        return None


def load(course_dir: Path) -> LtiConfig | None:
    data = tomllib.loads((Path(course_dir) / "course.toml").read_text(encoding="utf-8"))
    return parse(data.get("serve", {}).get("lti"))


def parse(table) -> LtiConfig | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        raise LtiConfigError("course.toml [serve.lti] must be a table")
    unknown = sorted(set(table) - {"tool_url", "platforms"})
    if unknown:
        raise LtiConfigError(f"course.toml [serve.lti]: unknown key {unknown[0]!r} (known: tool_url, platforms)")
    tool_url = table.get("tool_url")
    if not isinstance(tool_url, str) or not tool_url.startswith(("http://", "https://")):
        raise LtiConfigError("course.toml [serve.lti] tool_url must be the service's public address, "
                             "like \"https://grader.example.edu\"")
    platforms = []
    for i, p in enumerate(table.get("platforms", [])):
        where = f"course.toml [[serve.lti.platforms]] #{i + 1}"
        if not isinstance(p, dict):
            raise LtiConfigError(f"{where} must be a table")
        missing = [k for k in PLATFORM_KEYS if k not in p]
        unknown = sorted(set(p) - set(PLATFORM_KEYS) - set(OPTIONAL_KEYS))
        if missing or unknown:
            raise LtiConfigError(f"{where}: " + (f"missing {', '.join(missing)}" if missing
                                                  else f"unknown key {unknown[0]!r}"))
        ids = p["deployment_ids"]
        if not isinstance(ids, list) or not ids or not all(isinstance(d, str) and d for d in ids):
            raise LtiConfigError(f"{where}: deployment_ids must be a list of the platform's deployment ids")
        if not all(isinstance(p[k], str) and p[k] for k in PLATFORM_KEYS if k != "deployment_ids"):
            raise LtiConfigError(f"{where}: {', '.join(PLATFORM_KEYS)} must be non-empty strings")
        optional = {}
        for k in OPTIONAL_KEYS:
            value = p.get(k, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v and v.strip() == v for v in value):
                raise LtiConfigError(f"{where}: {k} must be a list of non-empty strings")
            optional[k] = tuple(value)
        hosts = optional["service_hosts"] or tuple(dict.fromkeys(
            _host_of(p[k]) for k in ("issuer", "auth_url", "token_url", "jwks_url")))
        platforms.append(Platform(p["issuer"], p["client_id"], tuple(ids), p["auth_url"], p["token_url"],
                                  p["jwks_url"], optional["contexts"], tuple(h.lower() for h in hosts)))
    return LtiConfig(tool_url.rstrip("/"), tuple(platforms))


def _host_of(url: str) -> str:
    """``host`` or ``host:port`` of ``url`` (the port only when it is not the scheme's default)."""
    parts = urlsplit(url)
    host, port = (parts.hostname or "").lower(), parts.port
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return host if port in (None, default) else f"{host}:{port}"


# -- the tool's keys ------------------------------------------------------------------------
def _new_key(session) -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    row = LtiKey(kid=uuid.uuid4().hex, private_pem=pem, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def _newest(session, n: int) -> list[LtiKey]:
    return list(session.scalars(select(LtiKey).order_by(LtiKey.created_at.desc(), LtiKey.kid).limit(n)))


def current_key(db) -> tuple[str, str]:
    """``(kid, private PEM)`` of the signing key: made when there is none or the newest is too old."""
    with db.session() as s:
        newest = _newest(s, 1)
        if not newest or utcnow() - newest[0].created_at > KEY_LIFETIME:
            newest = [_new_key(s)]
        return newest[0].kid, newest[0].private_pem


def rotate(db) -> str:
    """Make a new signing key now (the previous one stays in the JWKS); its kid."""
    with db.session() as s:
        return _new_key(s).kid


def jwks(db) -> dict:
    """The tool's public keys (RFC 7517), the current one first."""
    current_key(db)
    with db.session() as s:
        keys = []
        for row in _newest(s, PUBLISHED_KEYS):
            public = serialization.load_pem_private_key(row.private_pem.encode(), None).public_key()
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public))
            keys.append({**jwk, "kid": row.kid, "alg": "RS256", "use": "sig"})
        return {"keys": keys}


def sign(db, claims: dict, lifetime: int = 300) -> str:
    """``claims`` as a JWT signed (RS256) by the tool's current key, with ``iat``/``exp``."""
    kid, pem = current_key(db)
    now = int(time.time())
    return jwt.encode({"iat": now, "exp": now + lifetime, **claims}, pem, algorithm="RS256",
                      headers={"kid": kid})
