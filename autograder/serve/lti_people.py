"""Who an LTI user is here: roles mapped, the course's Student or Instructor row found or made, contexts recorded.

Roles (LTI 1.3 Core 5.3.7, LIS vocabulary): a context role ``…/membership#Learner`` is a student;
``…/membership#Instructor``, ``#TeachingAssistant``, ``#ContentDeveloper`` (and ``#Administrator``)
an instructor; an instructor role wins when both are given. Anything else (Mentor, a guest) is neither.
A student's id here: the roster student whose id the platform sends as ``custom.student_id`` or
``lis.person_sourcedid`` (the SIS id), when there is one and no other LTI user holds it; else
always ``lti-`` + a hash of issuer and sub (``student_id_for``), never the sub itself: a roster
imported later could hold that id for someone else, and the two would be one student.
The binding is kept (``LtiUser``), so later launches and roster syncs find the same row.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import select

from .lti_models import LtiContext, LtiMembership, LtiUser
from .models import Instructor, Student, utcnow

INSTRUCTOR_ROLES = ("Instructor", "TeachingAssistant", "ContentDeveloper", "Administrator")
NO_PASSWORD = "!lti"  # an instructor made by a launch signs in through the LMS only (never verifies)


def role(roles) -> str | None:
    """``"instructor"``, ``"student"`` or None for a list of LTI role URIs (or short names)."""
    names = set()
    for r in roles or []:
        if not isinstance(r, str):
            continue
        if "://" in r and "/membership" not in r:
            continue  # institution or system roles say nothing about this course
        tail = r.rsplit("#", 1)[-1] if "#" in r else r.rsplit("/", 1)[-1]
        names.add(tail)
        if "/membership/Instructor#" in r:  # a sub-role of Instructor (e.g. #TeachingAssistant)
            names.add("TeachingAssistant")
    if names & set(INSTRUCTOR_ROLES):
        return "instructor"
    if "Learner" in names:
        return "student"
    return None


def _digest(*parts: str, n: int = 16) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:n]


def student_id_for(issuer: str, sub: str) -> str:
    """The id of a student the LMS brought (no roster match): ``lti-`` + a hash of issuer and sub, never the
    sub itself, so it cannot be a roster id imported later (LMS user ids look like student numbers)."""
    return "lti-" + _digest(issuer, sub, n=24)


def user(s, issuer: str, sub: str) -> LtiUser:
    found = s.scalar(select(LtiUser).where(LtiUser.issuer == issuer, LtiUser.sub == sub))
    if found is None:
        found = LtiUser(issuer=issuer, sub=sub, created_at=utcnow())
        s.add(found)
        s.flush()
    return found


def student(s, person: LtiUser, name: str = "", email: str = "", candidates=()) -> Student:
    """The Student row of ``person`` (made or matched on first sight; see the module's rules)."""
    if person.student_id:
        found = s.get(Student, person.student_id)
        if found is not None:
            return found
    for wanted in candidates:
        if isinstance(wanted, str) and wanted and (found := s.get(Student, wanted)) is not None:
            holder = s.scalar(select(LtiUser.id).where(LtiUser.student_id == wanted, LtiUser.id != person.id))
            if holder is None:
                person.student_id = found.id
                return found
    sid = student_id_for(person.issuer, person.sub)
    found = s.get(Student, sid) or Student(id=sid, name=(name or "")[:200], email=(email or "")[:200], section="",
                                           token_hash=None, token_version=0, active=True)
    s.add(found)
    s.flush()
    person.student_id = found.id
    return found


def instructor(s, person: LtiUser) -> Instructor:
    if person.instructor and (found := s.get(Instructor, person.instructor)) is not None:
        return found
    username = f"lti-{_digest(person.issuer, n=6)}-{person.sub}"[:64]
    if s.get(Instructor, username) is not None:  # never someone else's account
        username = f"lti-{_digest(person.issuer, person.sub, n=24)}"
    found = s.get(Instructor, username) or Instructor(username=username, password_hash=NO_PASSWORD,
                                                      session_version=0)
    s.add(found)
    s.flush()
    person.instructor = found.username
    return found


def context(s, platform, deployment_id: str, context_id: str, title: str = "",
            memberships_url: str | None = None, lineitems_url: str | None = None) -> LtiContext:
    found = s.scalar(select(LtiContext).where(LtiContext.issuer == platform.issuer,
                                              LtiContext.deployment_id == deployment_id,
                                              LtiContext.context_id == context_id))
    if found is None:
        found = LtiContext(issuer=platform.issuer, client_id=platform.client_id, deployment_id=deployment_id,
                           context_id=context_id, title="")
        s.add(found)
    found.title = (title or found.title or "")[:300]
    found.memberships_url = memberships_url or found.memberships_url
    found.lineitems_url = lineitems_url or found.lineitems_url
    s.flush()
    return found


def member(s, ctx: LtiContext, person: LtiUser, roles, active: bool = True) -> LtiMembership:
    found = s.get(LtiMembership, (ctx.id, person.id))
    if found is None:
        found = LtiMembership(context_pk=ctx.id, user_pk=person.id)
        s.add(found)
    found.roles, found.active = [r for r in roles or [] if isinstance(r, str)][:20], active
    s.flush()
    return found
