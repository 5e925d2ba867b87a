"""The students' pages: sign-in (link or pasted token), assignments, upload and history, result.

Another student's submission is "not found", exactly as one that does not exist. Handlers that
only read are plain functions (Starlette runs them in its thread pool); those that read a form
are async and hand the database work to the pool.
"""
from __future__ import annotations

import math

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import course
from . import auth, page_text
from .api import MAX_BODY, read_uploads
from .i18n import language
from .pages import error, not_found, redirect, render
from .service import NotServed, Refused

WAITING = ("queued", "grading")
CHART_W, CHART_H, CHARTS_MAX = 300, 160, 8


def _sign_in(request: Request, token: str) -> Response:
    service, lang = request.app.state.service, language(request)
    where = auth.client(request)
    found = service.student_by_token(token.strip())  # a valid token always works (see auth)
    if found is None:
        service.signin_failed(where)
        if service.signin_blocked(where):
            return render(request, "signin.html", 429, problem=page_text.get("sign_in_blocked", lang))
        return render(request, "signin.html", 401, problem=page_text.get("sign_in_failed", lang))
    auth.sign_in_student(request, found)
    return redirect("/")


def signin(request: Request) -> Response:
    """The sign-in form; with ``?token=`` (a sign-in link) a page asking to confirm whose it is.
    A link alone never signs anyone in: a link from another site would otherwise sign a visitor in
    as the link's student, and what the visitor then handed in would count for that student."""
    token = request.query_params.get("token")
    if token is None:
        return render(request, "signin.html")
    service, where = request.app.state.service, auth.client(request)
    found = service.student_by_token(token.strip())
    if found is None:
        service.signin_failed(where)
        status, key = (429, "sign_in_blocked") if service.signin_blocked(where) else (401, "sign_in_failed")
        return render(request, "signin.html", status, problem=page_text.get(key, language(request)))
    who = f"{found.name} ({found.id})" if found.name else found.id
    return render(request, "signin_confirm.html", who=who, token=token.strip())


async def signin_post(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    if not auth.csrf_ok(request, form.get("csrf")):  # only this site's own sign-in pages post here
        return error(request, 403, page_text.get("csrf", language(request)))
    token = form.get("token")
    return await run_in_threadpool(_sign_in, request, token if isinstance(token, str) else "")


async def signout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    if not auth.csrf_ok(request, form.get("csrf")):
        return error(request, 403, page_text.get("csrf", language(request)))
    await run_in_threadpool(auth.sign_out, request)
    return redirect("/signin")


def home(request: Request) -> Response:
    student = auth.student(request)
    if student is None:
        return redirect("/signin")
    rows = request.app.state.service.assignments_for(student.id, language(request))
    return render(request, "home.html", student=student, rows=rows)


def _assignment_page(request: Request, student, assignment: str, status: int = 200, problem: str = "") -> Response:
    service, lang = request.app.state.service, language(request)
    row = next((r for r in service.assignments_for(student.id, lang) if r["id"] == assignment), None)
    if row is None:
        return not_found(request)
    history = service.history(student.id, assignment, lang)
    return render(request, "assignment.html", status, student=student, row=row, history=history, problem=problem)


def assignment(request: Request) -> Response:
    student = auth.student(request)
    if student is None:
        return redirect("/signin")
    return _assignment_page(request, student, request.path_params["assignment"])


async def upload(request: Request) -> Response:
    student = await run_in_threadpool(auth.student, request)
    if student is None:
        return redirect("/signin")
    service, lang, name = request.app.state.service, language(request), request.path_params["assignment"]
    read = await read_uploads(request, MAX_BODY)
    if read is None:
        return await run_in_threadpool(_assignment_page, request, student, name, 413,
                                       page_text.get("upload_too_large_request", lang))
    fields, uploads = read
    if not auth.csrf_ok(request, fields.get("csrf")):
        return error(request, 403, page_text.get("csrf", lang))
    uploads = [u for u in uploads if u.name or u.data]  # a file input left empty sends one empty part
    try:
        sub = await run_in_threadpool(service.submit, student.id, name, uploads, lang)
    except NotServed:
        return not_found(request)
    except Refused as refused:
        message = refused.decision.message(lang, service.policy.timezone)
        return await run_in_threadpool(_assignment_page, request, student, name, 429, message)
    return redirect(f"/s/{sub.id}")


def result(request: Request) -> Response:
    student = auth.student(request)
    if student is None:
        return redirect("/signin")
    service, lang = request.app.state.service, language(request)
    try:
        number = int(request.path_params["id"])
    except ValueError:
        return not_found(request)
    view = service.submission_for(student.id, number, lang)
    if view is None:
        return not_found(request)
    policy = service.policy.assignments.get(view["assignment"])
    title = course.get(view["assignment"]).title_in(lang) if policy else view["assignment"]
    return render(request, "result.html", student=student, view=view, title=title,
                  waiting=view["status"] in WAITING, charts=charts(view.get("figures") or {}))


def charts(figures: dict) -> list[dict]:
    """The result's figures as small line charts (SVG polylines): each series the student's code
    produced next to the reference's, over the figure's ``x`` (or the index). Shapes other than
    flat lists of numbers are left out."""
    out = []
    for key, figure in figures.items():
        if not isinstance(figure, dict) or not isinstance(figure.get("reference"), dict):
            continue
        mine = figure.get("student") if isinstance(figure.get("student"), dict) else {}
        for name, ref in figure["reference"].items():
            if not _flat(ref) or len(out) >= CHARTS_MAX:
                continue
            x = figure.get("x") if _flat(figure.get("x")) and len(figure["x"]) == len(ref) else list(range(len(ref)))
            ys = [y for series in (ref, mine.get(name)) if _flat(series) for y in series if math.isfinite(y)]
            if not ys or len(x) < 2:
                continue
            box = (min(x), max(x), min(ys), max(ys))
            out.append({"title": f"{key}: {name}", "w": CHART_W, "h": CHART_H, "reference": _points(x, ref, box),
                        "yours": _points(x, mine[name], box) if _flat(mine.get(name)) else ""})
    return out


def _flat(values) -> bool:
    return isinstance(values, list) and len(values) > 0 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _points(x: list, y: list, box: tuple) -> str:
    x0, x1, y0, y1 = box
    sx = (CHART_W - 8) / ((x1 - x0) or 1)
    sy = (CHART_H - 8) / ((y1 - y0) or 1)
    return " ".join(f"{4 + (a - x0) * sx:.1f},{CHART_H - 4 - (min(max(b, y0), y1) - y0) * sy:.1f}"
                    for a, b in zip(x, y) if math.isfinite(b))


def routes() -> list[Route]:
    return [
        Route("/signin", signin, methods=["GET"]),
        Route("/signin", signin_post, methods=["POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/", home, methods=["GET"]),
        Route("/a/{assignment}", assignment, methods=["GET"]),
        Route("/a/{assignment}", upload, methods=["POST"]),
        Route("/s/{id}", result, methods=["GET"]),
    ]
