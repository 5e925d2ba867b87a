"""The server-rendered pages: what every page shares (templates, security headers, language, times).

The routes themselves are in ``pages_student`` and ``pages_instructor``; ``routes()`` gathers them
with the language switch. Templates are Jinja2 with autoescape on; the only script is the
result page's few lines of polling, allowed by a per-response nonce in a strict
``Content-Security-Policy`` (nothing loads from anywhere else: no CDN, no fonts).
"""
from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from . import auth, page_text
from .i18n import LANGS, language

ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                  trim_blocks=True, lstrip_blocks=True)
LANG_COOKIE_AGE = 365 * 24 * 3600


def headers(nonce: str | None = None) -> dict[str, str]:
    """What every page answers with: no caching, no framing, no referrer (a sign-in link holds a
    token), and scripts and styles only from this response (``nonce``)."""
    source = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": f"default-src 'none'; style-src {source}; script-src {source}; "
                                   "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                                   "base-uri 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    lang = language(request)
    nonce = secrets.token_urlsafe(16)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    zone = request.app.state.service.policy.timezone
    context = {"lang": lang, "t": page_text.page(lang), "nonce": nonce, "langs": LANGS,
               "csrf": auth.csrf_token(request), "here": quote(here, safe=""),  # sign-in forms too
               "when": lambda value: when(value, zone), "pct": pct, "num": num, **context}
    html = ENV.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=headers(nonce))


def error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, message=message)


def not_found(request: Request) -> HTMLResponse:
    return error(request, 404, page_text.get("not_found", language(request)))


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=headers())


def safe_next(value: str | None, default: str = "/") -> str:
    """A path on this site to go back to: never an absolute URL (or ``//host``) from a parameter."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in value):
        return default
    return value


def when(value, zone) -> str:
    """A time (datetime or ISO text) in the course's time zone: ``2026-12-08 23:59 (Asia/Seoul)``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{value.astimezone(zone):%Y-%m-%d %H:%M} ({getattr(zone, 'key', zone)})"


def num(x) -> str:
    """A score as people write it: 35, 34.6, 0.25."""
    if x is None:
        return "—"
    x = round(float(x), 2)
    return f"{x:g}" if x.is_integer() else f"{x:.2f}".rstrip("0")


def pct(fraction) -> str:
    return f"{round(100 * float(fraction or 0))}"


def set_language(request: Request) -> Response:
    lang = request.path_params["lang"]
    target = safe_next(request.query_params.get("next"))
    response = redirect(target)
    if lang in LANGS:
        response.set_cookie("lang", lang, max_age=LANG_COOKIE_AGE, samesite="lax", httponly=True,
                            secure=request.app.state.config.secure_cookies)
    return response


def routes() -> list[Route]:
    from . import pages_instructor, pages_student

    return [Route("/lang/{lang}", set_language, methods=["GET"]), *pages_student.routes(),
            *pages_instructor.routes()]
