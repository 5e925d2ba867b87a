"""The JSON API (``/api/v1``) for scripts, editors and CI, with the pages' authorisation.

``POST /api/v1/submissions`` (multipart: ``assignment``, one or more ``file`` parts; a bearer
token) answers ``202 {"id", "status": "queued"}`` (or ``"rejected"`` with the reason), ``429``
with ``Retry-After`` when the attempt policy says no; ``GET /api/v1/submissions/{id}`` the
submission as the student may see it (``?wait=S``: held open up to S seconds, at most 30, until
it is graded: one request instead of a poll every half second); ``GET /api/v1/submissions`` their history;
``GET /api/v1/assignments`` what their assignments page shows. Another student's submission is
404, as is one that does not exist. The page's own polling uses the session cookie (GET only).
"""
from __future__ import annotations

import asyncio
import contextlib

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import auth
from .i18n import language, text
from .service import NotServed, Refused, Upload

MAX_BODY = 8 * 1024 * 1024  # a request larger than this is cut off before it is parsed
MAX_WAIT = 30.0  # seconds a GET with ?wait= may be held open for the grade (a long poll)
WAITING = ("queued", "grading")


def _unauthorised(request: Request) -> JSONResponse:
    if auth.bearer(request) and request.app.state.service.signin_blocked(auth.client(request)):
        return JSONResponse({"error": text("sign_in_blocked", language(request))}, status_code=429,
                            headers={"Retry-After": "900"})
    return JSONResponse({"error": text("sign_in_needed", language(request))}, status_code=401,
                        headers={"WWW-Authenticate": "Bearer"})


async def read_uploads(request: Request, limit: int) -> tuple[dict, list[Upload]] | None:
    """The form's plain fields and its files, or None when the body is larger than ``limit``."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        return None
    form = await request.form(max_files=50, max_fields=50)
    fields, uploads = {}, []
    for key, value in form.multi_items():
        if hasattr(value, "read"):
            data = await value.read(limit + 1)
            if len(data) > limit:
                return None
            uploads.append(Upload(value.filename or "", data))
        else:
            fields[key] = value
    await form.close()
    return fields, uploads


async def post_submission(request: Request) -> JSONResponse:
    student = await run_in_threadpool(auth.student, request) if auth.bearer(request) else None
    if student is None:
        return _unauthorised(request)
    service, lang = request.app.state.service, language(request)
    read = await read_uploads(request, MAX_BODY)
    if read is None:
        return JSONResponse({"error": text("upload_too_large_request", lang)}, status_code=413)
    fields, uploads = read
    assignment = fields.get("assignment", "")
    lang = fields.get("lang") if fields.get("lang") in ("en", "ko") else lang
    try:
        sub = await run_in_threadpool(service.submit, student.id, assignment, uploads, lang)
    except NotServed:
        return JSONResponse({"error": text("unknown_assignment", lang, assignment=assignment[:64])}, status_code=404)
    except Refused as refused:
        d = refused.decision
        headers = {"Retry-After": str(d.retry_after_seconds(service.clock()))} if d.retry_at else {}
        return JSONResponse({"error": d.message(lang, service.policy.timezone), "code": d.code,
                             "retry_at": d.retry_at.isoformat() if d.retry_at else None},
                            status_code=429 if d.code == "rate_limited" or d.code == "no_attempts_left" else 403,
                            headers=headers)
    body = {"id": sub.id, "status": sub.status}
    if sub.status == "rejected":
        body["reason"] = service.student_view(sub, lang, tests=False)["reason"]
    return JSONResponse(body, status_code=202 if sub.status != "rejected" else 422,
                        headers={"Location": f"/api/v1/submissions/{sub.id}"})


async def get_submission(request: Request) -> JSONResponse:
    student = await run_in_threadpool(auth.student, request)
    if student is None:
        return _unauthorised(request)
    try:
        number = int(request.path_params["id"])
    except ValueError:
        number = -1
    service, lang = request.app.state.service, language(request)
    wait = _seconds(request.query_params.get("wait"))
    with service.waiting(number, student.id if wait else None) as graded:
        view = await run_in_threadpool(service.submission_for, student.id, number, lang)
        if view is not None and view["status"] in WAITING and graded is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(graded.wait(), wait)
            view = await run_in_threadpool(service.submission_for, student.id, number, lang)
    if view is None:
        return JSONResponse({"error": text("not_found", lang)}, status_code=404)
    return JSONResponse(view, headers={"Cache-Control": "no-store"})


def _seconds(value: str | None) -> float:
    """``?wait=S``: how long a request may wait for the grade (at most ``MAX_WAIT``)."""
    try:
        return max(0.0, min(MAX_WAIT, float(value))) if value else 0.0
    except ValueError:
        return 0.0


async def list_submissions(request: Request) -> JSONResponse:
    student = await run_in_threadpool(auth.student, request)
    if student is None:
        return _unauthorised(request)
    rows = await run_in_threadpool(request.app.state.service.history, student.id,
                                   request.query_params.get("assignment"), language(request))
    return JSONResponse({"submissions": rows}, headers={"Cache-Control": "no-store"})


async def assignments(request: Request) -> JSONResponse:
    student = await run_in_threadpool(auth.student, request)
    if student is None:
        return _unauthorised(request)
    rows = await run_in_threadpool(request.app.state.service.assignments_for, student.id, language(request))
    return JSONResponse({"student_id": student.id, "assignments": rows}, headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [
        Route("/api/v1/submissions", post_submission, methods=["POST"]),
        Route("/api/v1/submissions", list_submissions, methods=["GET"]),
        Route("/api/v1/submissions/{id}", get_submission, methods=["GET"]),
        Route("/api/v1/assignments", assignments, methods=["GET"]),
    ]
