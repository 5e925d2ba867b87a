"""The instructors' pages: sign-in, the assignments served, the live class view, a student's
attempts and files, regrade, and the exports.

Every route here needs an instructor's session: without one it sends the browser to
``/instructor/signin``; a student's session gets 403. A file is served only when its name is one
of that submission's stored ``files`` and it lies inside the uploads folder.
"""
from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import course
from . import auth, classview, exports, page_text
from .i18n import language
from .models import Instructor, Student, Submission
from .pages import error, headers, not_found, redirect, render, safe_next
from .secrets import hash_password, verify_password
from .service import MAX_ID, reason_text

FILE_TYPES = {".py": "text/plain; charset=utf-8", ".ipynb": "application/x-ipynb+json"}


def _guard(request: Request):
    """(the signed-in instructor, None), or (None, the answer to give instead)."""
    found = auth.instructor(request)
    if found is not None:
        return found, None
    if auth.student(request) is not None:
        return None, render(request, "error.html", 403, message=page_text.get("instructors_only", language(request)))
    return None, redirect("/instructor/signin")


def instructor_page(handler):
    """A sync handler ``handler(request, instructor)`` behind the instructor guard."""
    @functools.wraps(handler)
    def guarded(request: Request) -> Response:
        found, refusal = _guard(request)
        return refusal if refusal is not None else handler(request, found)
    return guarded


def _page(request, template, status=200, **context):
    return render(request, template, status, instructor=context.pop("instructor", True), **context)


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")  # unknown names take as long as wrong passwords


def signin(request: Request) -> Response:
    if auth.instructor(request) is not None:
        return redirect("/instructor")
    return render(request, "instructor_signin.html")


def _check(request: Request, username: str, password: str) -> Response:
    service, lang = request.app.state.service, language(request)
    # counted per address and name: a class behind one address cannot lock the instructor out by guessing
    where = f"{auth.client(request)}|{username[:24]}"
    if service.signin_blocked(where):
        return render(request, "instructor_signin.html", 429, problem=page_text.get("sign_in_blocked", lang))
    with request.app.state.db.session() as s:
        found = s.get(Instructor, username[:64]) if username else None
        if found is not None:
            s.expunge(found)
    if not verify_password(password, found.password_hash if found else _dummy_hash()) or found is None:
        service.signin_failed(where)
        return render(request, "instructor_signin.html", 401, problem=page_text.get("sign_in_failed", lang),
                      username=username)
    auth.sign_in_instructor(request, found)
    return redirect("/instructor")


async def signin_post(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    if not auth.csrf_ok(request, form.get("csrf")):  # only this site's own sign-in page posts here
        return error(request, 403, page_text.get("csrf", language(request)))
    username, password = form.get("username"), form.get("password")
    return await run_in_threadpool(_check, request, username if isinstance(username, str) else "",
                                   password if isinstance(password, str) else "")


async def signout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    if not auth.csrf_ok(request, form.get("csrf")):
        return error(request, 403, page_text.get("csrf", language(request)))
    await run_in_threadpool(auth.sign_out, request)
    return redirect("/instructor/signin")


@instructor_page
def overview(request: Request, instructor) -> Response:
    service, lang = request.app.state.service, language(request)
    rows = [{"id": a, "title": course.get(a).title_in(lang), **classview.summary(service.latest(a), lang)}
            for a in service.policy.assignments]
    return _page(request, "instructor_home.html", instructor=instructor, rows=rows,
                 lti=getattr(service, "lti", None) is not None)


@instructor_page
def class_view(request: Request, instructor) -> Response:
    service, lang, a = request.app.state.service, language(request), request.path_params["assignment"]
    if a not in service.policy.assignments:
        return _page(request, "error.html", 404, instructor=instructor, message=page_text.get("not_found", lang))
    q = request.query_params
    section = q.get("section") or None
    status = q.get("status") if q.get("status") in classview.STATUSES else None
    sort = q.get("sort") if q.get("sort") in classview.SORTS else "student"
    subs = service.latest(a, section)
    with request.app.state.db.session() as s:
        sections = sorted(x for x in s.scalars(select(Student.section).distinct()) if x)
    title = course.get(a).title_in(lang)
    return _page(request, "classview.html", instructor=instructor, assignment=a, title=title, section=section,
                 chosen_status=status, sort=sort, sections=sections, statuses=classview.STATUSES, sorts=classview.SORTS,
                 stats=classview.summary(subs, lang), rows=classview.table(subs, sort, status),
                 kinds=list(exports.KINDS))


@instructor_page
def student_page(request: Request, instructor) -> Response:
    service, lang = request.app.state.service, language(request)
    student = service.student(request.path_params["id"])
    if student is None:
        return _page(request, "error.html", 404, instructor=instructor, message=page_text.get("not_found", lang))
    with request.app.state.db.session() as s:
        attempts = [{"id": sub.id, "assignment": sub.assignment, "created_at": sub.created_at, "status": sub.status,
                     "score": sub.score, "raw_score": sub.raw_score, "max_score": sub.max_score,
                     "late_days": sub.late_days, "penalty": sub.penalty, "files": list(sub.files),
                     "reason": reason_text(sub.reason, lang), "tests": (sub.result or {}).get("tests", [])}
                    for sub in s.scalars(select(Submission).where(Submission.student_id == student.id)
                                         .order_by(Submission.id.desc()))]
    for attempt in attempts:
        attempt["gradings"] = service.gradings(attempt["id"])
    return _page(request, "instructor_student.html", instructor=instructor, who=student, attempts=attempts)


@instructor_page
def download(request: Request, instructor) -> Response:
    service, name = request.app.state.service, request.path_params["name"]
    try:
        number = int(request.path_params["submission_id"])
    except ValueError:
        return not_found(request)
    with request.app.state.db.session() as s:
        sub = s.get(Submission, number) if 0 < number < MAX_ID else None
        files, folder = (list(sub.files), sub.folder) if sub is not None else ([], "")
    path = exports.stored_file(service, Path(folder), name) if name in files and folder else None
    if path is None:
        return _page(request, "error.html", 404, instructor=instructor,
                     message=page_text.get("not_found", language(request)))
    return Response(path.read_bytes(), media_type=FILE_TYPES.get(path.suffix, "application/octet-stream"),
                    headers={**headers(), "Content-Disposition": f'attachment; filename="{name}"'})


async def regrade(request: Request) -> Response:
    found, refusal = await run_in_threadpool(_guard, request)
    if refusal is not None:
        return refusal
    form = await request.form(max_files=0, max_fields=10)
    lang = language(request)
    if not auth.csrf_ok(request, form.get("csrf")):
        return error(request, 403, page_text.get("csrf", lang))
    service, a, number = request.app.state.service, form.get("assignment") or "", form.get("submission_id") or ""
    back = safe_next(form.get("next") if isinstance(form.get("next"), str) else None, "/instructor")
    if isinstance(number, str) and number.isdigit():
        await run_in_threadpool(service.regrade, None, int(number), f"regrade by {found.username}")
    elif a in service.policy.assignments:
        await run_in_threadpool(service.regrade, a, None, f"regrade by {found.username}")
    else:
        return _page(request, "error.html", 400, instructor=found, message=page_text.get("bad_regrade", lang))
    return redirect(back)


@instructor_page
def export(request: Request, instructor) -> Response:
    service, a, kind = request.app.state.service, request.path_params["assignment"], request.path_params["kind"]
    if a not in service.policy.assignments or kind not in exports.KINDS:
        return _page(request, "error.html", 404, instructor=instructor,
                     message=page_text.get("not_found", language(request)))
    try:
        data = exports.export(service, a, kind)
    except exports.ExportError as exc:
        return _page(request, "error.html", 409, instructor=instructor,
                     message=page_text.get("export_failed", language(request), kind=kind, why=str(exc)))
    return Response(data, media_type=exports.KINDS[kind],
                    headers={**headers(), "Content-Disposition": f'attachment; filename="{a}-{kind}"'})


def routes() -> list[Route]:
    return [
        Route("/instructor/signin", signin, methods=["GET"]),
        Route("/instructor/signin", signin_post, methods=["POST"]),
        Route("/instructor/signout", signout, methods=["POST"]),
        Route("/instructor", overview, methods=["GET"]),
        Route("/instructor/a/{assignment}", class_view, methods=["GET"]),
        Route("/instructor/students/{id}", student_page, methods=["GET"]),
        Route("/instructor/files/{submission_id}/{name}", download, methods=["GET"]),
        Route("/instructor/regrade", regrade, methods=["POST"]),
        Route("/instructor/export/{assignment}/{kind}", export, methods=["GET"]),
    ]
