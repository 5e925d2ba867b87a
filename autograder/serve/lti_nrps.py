"""Roster sync from the LMS (LTI NRPS 2.0): each context's memberships read, students added and deactivated.

``sync(lti)`` reads the membership container of every context bound in course.toml (``contexts``)
that has launched the tool (the URL its launches gave;
``application/vnd.ims.lti-nrps.v2.membershipcontainer+json``, pages followed by ``Link: rel="next"``).
An Active Learner becomes (or stays) an active student, matched to a roster student as a launch
would be (``lti_people``); a student of that context no longer listed, or listed Inactive or
Deleted, is deactivated (their records kept) unless another context still lists them.
Nothing is changed for a context unless its membership was read whole: every page fetched
(``Link: rel="next"``, at most ``MAX_PAGES``), each a container with a ``members`` list (of this
context when it says); otherwise the sync reports the failure for that context (``Synced.error``).
Instructors are recorded as members only (they get an account when they launch).
``autograder roster sync COURSE_DIR`` and the instructor's button (POST ``/lti/sync``) run it.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from . import auth, lti_people
from .i18n import language
from .lti_launch import Refusal
from .lti_models import LtiContext, LtiMembership, LtiUser
from .models import Student

SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 200
NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclass
class Synced:
    context: str
    added: int = 0  # students active now who were not
    removed: int = 0  # deactivated
    error: str | None = None  # the membership could not be read whole: nothing was changed


class Incomplete(Exception):
    """The membership could not be read whole and well-formed: nothing is changed."""


def members(lti, platform, url: str, context_id: str | None = None) -> list[dict]:
    """Every member of the container at ``url``, all pages; ``Incomplete`` unless every page was read
    and each is a membership container (a ``members`` list; its ``context.id``, when given, ours)."""
    out = []
    for _ in range(MAX_PAGES):
        try:
            _, headers, page = lti.http.request(platform, [SCOPE], "GET", url, accept=MEDIA_TYPE)
        except Exception as exc:  # noqa: BLE001 - any failure to read a page: the read is incomplete
            raise Incomplete(f"{type(exc).__name__}: {exc}"[:300]) from None
        if not isinstance(page, dict) or not isinstance(page.get("members"), list):
            raise Incomplete("the answer is not a membership container (no members list): "
                             + repr(page)[:200])
        said = (page.get("context") or {}).get("id") if isinstance(page.get("context"), dict) else None
        if context_id is not None and said is not None and said != context_id:
            raise Incomplete(f"the answer is the membership of another course ({said!r}, not {context_id!r})")
        out += [m for m in page["members"] if isinstance(m, dict) and isinstance(m.get("user_id"), str)
                and m["user_id"]]
        link = next((v for k, v in (headers or {}).items() if k.lower() == "link"), "")
        found = NEXT.search(link or "")
        if not found:
            return out
        url = found.group(1)
    raise Incomplete(f"more than {MAX_PAGES} pages of members: the read was cut off")


def sync(lti) -> list[Synced]:
    with lti.db.session() as s:
        contexts = [(c.id, c.title or c.context_id, c.issuer, c.client_id, c.context_id, c.memberships_url)
                    for c in s.scalars(select(LtiContext).where(LtiContext.memberships_url.is_not(None)))]
    done = []
    for pk, title, issuer, client_id, context_id, url in contexts:
        platform = lti.config.platform(issuer, client_id)
        if platform is not None and platform.serves(context_id):  # only the LMS courses bound in course.toml
            try:
                listed = members(lti, platform, url, context_id)
            except Incomplete as exc:
                logging.getLogger(__name__).warning("LTI roster sync of %s: nothing changed: %s", title, exc)
                done.append(Synced(title, error=str(exc)))
                continue
            done.append(_apply(lti, pk, title, listed))
    return done


def _apply(lti, context_pk: int, title: str, listed: list[dict]) -> Synced:
    from .models import utcnow

    result = Synced(title)
    with lti.db.session() as s:
        ctx = s.get(LtiContext, context_pk)
        before = set(s.scalars(select(Student.id).where(Student.active.is_(True))))
        seen, now_active = set(), set()
        for m in listed:
            active = m.get("status", "Active") == "Active"
            person = lti_people.user(s, ctx.issuer, m["user_id"])
            lti_people.member(s, ctx, person, m.get("roles") or [], active)
            if lti_people.role(m.get("roles")) != "student" or not active:
                continue
            seen.add(person.id)
            row = lti_people.student(s, person, str(m.get("name") or ""), str(m.get("email") or ""),
                                     [m.get("lis_person_sourcedid")])
            row.active = True
            row.name = row.name or str(m.get("name") or "")[:200]
            row.email = row.email or str(m.get("email") or "")[:200]
            now_active.add(row.id)
        result.added = len(now_active - before)
        for membership in s.scalars(select(LtiMembership).where(LtiMembership.context_pk == ctx.id)):
            person = s.get(LtiUser, membership.user_pk)
            if person.id in seen:
                continue
            if not any(m["user_id"] == person.sub for m in listed):
                membership.active = False
            if person.student_id is None or lti_people.role(membership.roles) != "student":
                continue
            elsewhere = s.scalar(select(LtiMembership.user_pk).where(
                LtiMembership.user_pk == person.id, LtiMembership.context_pk != ctx.id,
                LtiMembership.active.is_(True)))
            row = s.get(Student, person.student_id)
            if row is not None and row.active and elsewhere is None:
                row.active = False
                result.removed += 1
        ctx.synced_at = utcnow()
    return result


async def sync_button(request: Request) -> Response:
    from . import lti as texts
    from .pages import render

    form = await request.form(max_files=0, max_fields=5)
    if not auth.csrf_ok(request, form.get("csrf")) or await run_in_threadpool(auth.instructor, request) is None:
        raise Refusal(403, "instructors_only")
    done = await run_in_threadpool(sync, request.app.state.service.lti)
    lang = language(request)
    lines = [texts.text("synced", lang, course=d.context, added=d.added, removed=d.removed)
             for d in done if d.error is None]
    failed = [texts.text("sync_failed", lang, course=d.context) for d in done if d.error is not None]
    return render(request, "lti_message.html", 200 if not failed else 502, title=texts.text("synced_title", lang),
                  message=" ".join(failed + lines) or texts.text("nothing_to_sync", lang), ok=not failed,
                  detail=" ".join(d.error for d in done if d.error is not None))


def cli(course_dir, db) -> int:
    """``autograder roster sync COURSE_DIR``: sync every LMS course that has launched the tool."""
    import sys

    from . import lti_config
    from .lti import Lti

    try:
        registration = lti_config.load(course_dir)
    except lti_config.LtiConfigError as exc:
        print(f"autograder roster sync: {exc}", file=sys.stderr)
        return 2
    if registration is None:
        print("autograder roster sync: course.toml has no [serve.lti] (LTI is not set up)", file=sys.stderr)
        return 2
    try:
        done = sync(Lti(registration, db, service=None))
    except Exception as exc:  # noqa: BLE001 - the platform's answer, said plainly
        print(f"autograder roster sync: the LMS did not answer as expected: {exc}", file=sys.stderr)
        return 1
    for d in done:
        if d.error is None:
            print(f"{d.context}: {d.added} added, {d.removed} deactivated")
        else:
            print(f"autograder roster sync: {d.context}: nothing changed, the LMS's membership could not be read "
                  f"whole: {d.error}", file=sys.stderr)
    if not done:
        print("no LMS course bound in course.toml (contexts) has launched this tool yet: nothing to sync")
    return 1 if any(d.error for d in done) else 0
