"""Deep Linking 2.0: an instructor picks a served assignment; the LMS gets a signed LtiDeepLinkingResponse.

``picker`` (after a verified LtiDeepLinkingRequest by an instructor) lists the served assignments;
what the request's settings say (return URL, data, deployment) travels in the form as a signed,
1-hour token, with the session's CSRF token. ``chosen`` answers with a page whose form posts
``JWT`` (signed by the tool's key: iss = client_id, aud = the platform, a fresh nonce) to the
platform's ``deep_link_return_url`` (only an http(s) URL on the registration's service hosts:
``return_origin``; its origin alone goes into the CSP ``form-action``), holding one
``ltiResourceLink``: custom ``{"assignment": id}`` and a ``lineItem`` (scoreMaximum = the assignment's points, label = its title, resourceId = its id),
opened in a new window (the service's pages are not framed, and its cookies are first-party).
"""
from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .. import course
from . import auth, lti_config
from .i18n import language
from .lti_launch import LTI, Refusal

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
TICKET_AGE = 3600


def _serializer(request: Request) -> URLSafeTimedSerializer:
    from .app import secret_key

    return URLSafeTimedSerializer(secret_key(request.app.state.db), salt="lti-deep-link")


def _frame_headers(response: Response, lti, extra_form_action: str = "") -> Response:
    """The LMS shows the picker in a frame: allow its registered platforms as ancestors."""
    origins = " ".join(sorted({p.issuer for p in lti.config.platforms}))
    csp = response.headers["Content-Security-Policy"]
    csp = csp.replace("frame-ancestors 'none'", f"frame-ancestors 'self' {origins}")
    if extra_form_action:
        csp = csp.replace("form-action 'self'", f"form-action 'self' {extra_form_action}")
    response.headers["Content-Security-Policy"] = csp
    del response.headers["X-Frame-Options"]
    return response


def return_origin(platform, url) -> str:
    """The origin (``scheme://host[:port]``) of an acceptable ``deep_link_return_url``, or ``Refusal``: an
    http(s) URL on a host the registration allows (``lti_http.allowed``), with nothing that could end a
    CSP source or an HTML attribute (``;`` ``,`` quotes, spaces). The CSP gets the origin only."""
    from urllib.parse import urlsplit

    from .lti_http import allowed

    if not isinstance(url, str) or any(c in url for c in ";,'\"<>\\") or allowed(platform, url) is not None:
        raise Refusal(400, "bad_token", "deep_linking_settings.deep_link_return_url")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def picker(request: Request, lti, platform, claims: dict) -> Response:
    from . import lti as texts
    from .pages import render

    settings = claims.get(DL + "deep_linking_settings") or {}
    return_origin(platform, settings.get("deep_link_return_url"))
    ticket = _serializer(request).dumps({
        "issuer": platform.issuer, "client_id": platform.client_id,
        "deployment_id": claims[LTI + "deployment_id"], "return_url": settings["deep_link_return_url"],
        "data": settings.get("data"), "instructor": request.session.get("instructor")})
    lang = language(request)
    rows = [{"id": a, "title": course.get(a).title_in(lang), "points": course.get(a).points}
            for a in lti.service.policy.assignments]
    title = str((claims.get(LTI + "context") or {}).get("title") or "")
    response = render(request, "lti_picker.html", rows=rows, ticket=ticket,
                      heading=texts.text("pick_title", lang), help=texts.text("pick_help", lang, course=title),
                      button=texts.text("pick_button", lang),
                      points=lambda p: texts.text("points", lang, points=p))
    return _frame_headers(response, lti)


async def chosen(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    lti = request.app.state.service.lti
    if not auth.csrf_ok(request, form.get("csrf")):
        raise Refusal(403, "deep_link_expired")
    try:
        ticket = _serializer(request).loads(str(form.get("ticket") or ""), max_age=TICKET_AGE)
    except BadSignature:
        raise Refusal(400, "deep_link_expired") from None
    if ticket.get("instructor") != request.session.get("instructor") or auth.instructor(request) is None:
        raise Refusal(403, "instructors_only")
    assignment = form.get("assignment")
    if assignment not in lti.service.policy.assignments:
        raise Refusal(400, "no_assignment")
    platform = lti.config.platform(ticket["issuer"], ticket["client_id"])
    if platform is None:
        raise Refusal(400, "unknown_platform", ticket["issuer"])
    origin = return_origin(platform, ticket["return_url"])  # checked again where it is used
    token = await run_in_threadpool(response_jwt, lti, platform, ticket, assignment)
    return _return_page(request, lti, ticket["return_url"], origin, token)


def content_item(lti, assignment: str) -> dict:
    a = course.get(assignment)
    return {"type": "ltiResourceLink", "title": a.title_in("en"), "url": lti.config.launch_url,
            "custom": {"assignment": assignment},
            "lineItem": {"scoreMaximum": a.points, "label": a.title_in("en"), "resourceId": assignment,
                         "tag": "autograder"},
            "window": {"targetName": "autograder"}}


def response_jwt(lti, platform, ticket: dict, assignment: str) -> str:
    claims = {"iss": platform.client_id, "aud": platform.issuer, "azp": platform.client_id,
              "nonce": secrets.token_urlsafe(24),
              LTI + "deployment_id": ticket["deployment_id"],
              LTI + "message_type": "LtiDeepLinkingResponse", LTI + "version": "1.3.0",
              DL + "content_items": [content_item(lti, assignment)]}
    if ticket.get("data") is not None:
        claims[DL + "data"] = ticket["data"]
    return lti_config.sign(lti.db, claims)


def _return_page(request: Request, lti, return_url: str, origin: str, token: str) -> Response:
    from . import lti as texts
    from .pages import render

    lang = language(request)
    response = render(request, "lti_return.html", action=return_url, jwt=token,
                      heading=texts.text("returning", lang), button=texts.text("continue", lang))
    return _frame_headers(response, lti, extra_form_action=origin)
