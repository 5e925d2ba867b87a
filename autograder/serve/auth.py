"""Who is asking: a student (bearer token or session), an instructor (session), or no one.

A session remembers the student's ``token_version`` (or the instructor's ``session_version``):
issuing fresh tokens (``autograder roster tokens``) or signing out ends every session made
before (a signed cookie cannot be taken back otherwise). Failed sign-ins are counted per client
address (``Service.signin_blocked``): ten in 15 minutes and further failures answer 429. A valid
student token is never refused (a guess at 192 random bits is hopeless, and a class behind one
campus address must not lock itself out); an instructor's password is not even checked while
that address and name are blocked. ``csrf_ok`` checks a form's token
against the session's, in constant time.
"""
from __future__ import annotations

import hmac
import secrets as random

from starlette.requests import Request

from .models import Instructor, Student


def client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def student(request: Request) -> Student | None:
    """The student a request speaks for: its bearer token, else its session."""
    service = request.app.state.service
    token = bearer(request)
    if token is not None:
        found = service.student_by_token(token)  # a valid token always works: 192 random bits need no lockout
        if found is None:
            service.signin_failed(client(request))
        return found
    student_id = request.session.get("student")
    if not student_id:
        return None
    found = service.student(student_id)
    if found is None or not found.active or found.token_version != request.session.get("v"):
        request.session.clear()
        return None
    return found


def instructor(request: Request) -> Instructor | None:
    username = request.session.get("instructor")
    if not username:
        return None
    with request.app.state.db.session() as s:
        found = s.get(Instructor, username)
        if found is None or found.session_version != request.session.get("v"):
            request.session.clear()
            return None
        s.expunge(found)
        return found


def sign_in_student(request: Request, found: Student) -> None:
    request.session.clear()
    request.session.update({"student": found.id, "v": found.token_version, "csrf": random.token_urlsafe(24)})


def sign_in_instructor(request: Request, found: Instructor) -> None:
    request.session.clear()
    request.session.update({"instructor": found.username, "v": found.session_version,
                            "csrf": random.token_urlsafe(24)})


def sign_out(request: Request) -> None:
    """End this session and every other of the same person (``token_version``/``session_version`` + 1)."""
    from .models import Instructor as InstructorRow, Student as StudentRow

    who = request.session.get("student"), request.session.get("instructor")
    with request.app.state.db.session() as s:
        if who[0] and (row := s.get(StudentRow, who[0])) is not None and row.token_version == request.session.get("v"):
            row.token_version += 1
        if who[1] and (row := s.get(InstructorRow, who[1])) is not None and row.session_version == request.session.get("v"):
            row.session_version += 1
    request.session.clear()


def csrf_token(request: Request) -> str:
    if "csrf" not in request.session:
        request.session["csrf"] = random.token_urlsafe(24)
    return request.session["csrf"]


def csrf_ok(request: Request, given: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and given and hmac.compare_digest(str(expected), str(given)))
