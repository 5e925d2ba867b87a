"""Calls from the tool to a platform's services: an OAuth2 token (client credentials, JWT bearer), then JSON.

``Services(db).token(platform, scopes)`` asks the platform's token URL for an access token with a
``client_assertion`` signed by the tool's current key (LTI Advantage Security Framework 4.1),
and keeps it until shortly before it expires. ``request`` sends one JSON call with it and
returns ``(status, headers, parsed body)``; ``HttpError`` for an error answer or no answer.
A URL that names a host the registration does not allow (``allowed``: from a launch claim, a line
item's id, a ``Link: rel="next"``) is refused before anything is sent (``ForbiddenUrl``), and
redirects are not followed (each would be such a URL).
stdlib ``urllib`` only: the service needs no HTTP client of its own.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from . import lti_config

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TIMEOUT = 15


class HttpError(Exception):
    def __init__(self, status: int | None, message: str):
        super().__init__(f"{status or 'no answer'}: {message}"[:500])
        self.status = status


class ForbiddenUrl(Exception):
    """A service URL (from a launch claim or a platform's answer) not on a host the registration allows."""


def allowed(platform, url) -> str | None:
    """Why the platform's access token may not go to ``url`` (None: it may). Only ``https`` (``http``
    when the registration's own issuer is http, as on a local test platform), no user info, and a
    host (and port) in the registration's ``service_hosts``."""
    if not isinstance(url, str) or not url or any(c.isspace() for c in url):
        return f"not a URL: {str(url)[:200]!r}"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return f"not a URL: {url[:200]!r}"
    schemes = ("https", "http") if platform.issuer.startswith("http://") else ("https",)
    if parts.scheme not in schemes:
        return f"the scheme of {url[:200]!r} is not {' or '.join(schemes)}"
    if "@" in parts.netloc or not parts.hostname:
        return f"{url[:200]!r} names no plain host"
    host = lti_config._host_of(url)
    if host not in platform.service_hosts:
        return f"{host!r} is not one of the platform's service hosts ({', '.join(platform.service_hosts)})"
    return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: following one would carry the token to a host nobody checked."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


class Services:
    def __init__(self, db):
        self.db = db
        self._tokens: dict[tuple, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def token(self, platform: lti_config.Platform, scopes: list[str]) -> str:
        key = (platform.issuer, platform.client_id, tuple(sorted(scopes)))
        with self._lock:
            kept = self._tokens.get(key)
            if kept and kept[1] > time.time() + 30:
                return kept[0]
        assertion = lti_config.sign(self.db, {"iss": platform.client_id, "sub": platform.client_id,
                                              "aud": platform.token_url, "jti": uuid.uuid4().hex})
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                       "client_assertion": assertion, "scope": " ".join(sorted(scopes))}).encode()
        _, _, answer = _send(urllib.request.Request(platform.token_url, data=form, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}))
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise HttpError(None, f"the token endpoint gave no access_token: {answer!r}")
        with self._lock:
            self._tokens[key] = (answer["access_token"], time.time() + float(answer.get("expires_in", 3600)))
        return answer["access_token"]

    def forget(self, platform: lti_config.Platform) -> None:
        """Drop the tokens kept for ``platform`` (after a 401: the platform may have revoked them)."""
        with self._lock:
            for key in [k for k in self._tokens if k[:2] == (platform.issuer, platform.client_id)]:
                del self._tokens[key]

    def request(self, platform, scopes: list[str], method: str, url: str, body=None,
                content_type: str | None = None, accept: str = "application/json"):
        why = allowed(platform, url)
        if why is not None:  # nothing is sent, not even the token request
            logging.getLogger(__name__).warning("LTI: refused to call %s %s for %s: %s", method, str(url)[:200],
                                                platform.issuer, why)
            raise ForbiddenUrl(why)
        headers = {"Authorization": f"Bearer {self.token(platform, scopes)}", "Accept": accept}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = content_type or "application/json"
        try:
            return _send(urllib.request.Request(url, data=data, method=method, headers=headers))
        except HttpError as exc:
            if exc.status == 401:
                self.forget(platform)
            raise


def _send(request: urllib.request.Request):
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as answer:
            raw = answer.read()
            status, headers = answer.status, dict(answer.headers)
    except urllib.error.HTTPError as exc:
        raise HttpError(exc.code, exc.read()[:300].decode("utf-8", "replace")) from None
    except (urllib.error.URLError, OSError) as exc:
        raise HttpError(None, str(exc)) from None
    try:
        parsed = json.loads(raw) if raw.strip() else None
    except ValueError:
        parsed = raw.decode("utf-8", "replace")
    return status, headers, parsed
