"""Grade passback (LTI AGS 2.0): scores queued durably per grading, posted by a thread, retried across restarts.

``enqueue`` (after every recorded grading, and at start-up for any the server missed) adds one
``LtiScorePost`` per finished, graded grading and resource link of its assignment in a context
the student belongs to, when that grading is the one the tool counts (``counted``: the newest
grading of the student's latest submission): unique per (grading, link), so a grading is never
queued twice and a regrade of the counted submission (a new grading) posts again. A grading of an
older attempt is never posted, and a queued post that is no longer the counted one when its turn
comes is ``superseded`` (not sent), so the gradebook always ends with the counted score. ``Poster`` posts what is due (``next_try_at``) to the link's
line item (``{lineitem}/scores``, ``application/vnd.ims.lis.v1.score+json``): scoreGiven = the
counted score (after the late penalty), scoreMaximum, Completed / FullyGraded, timestamp = the
grading's finish time, userId = the LTI ``sub``. A failure is retried after ``RETRY_DELAYS``;
after the last it is ``failed`` with the reason (at once when the URL is on a host the
registration does not allow: ``lti_http.allowed``). A row is marked posted right after the
platform's 2xx; were the server killed in between, the repost carries the same timestamp (the
platform keeps one score). While the policy withholds hidden tests entirely ("nothing"), the
post waits for the due date, so the gradebook never shows what the results page hides.
"""
from __future__ import annotations

import logging
import threading
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from . import policy as policies
from .lti_http import ForbiddenUrl
from .lti_models import LtiContext, LtiLink, LtiMembership, LtiScorePost, LtiUser
from .models import Grading, Submission, utcnow

SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
MT_SCORE = "application/vnd.ims.lis.v1.score+json"
MT_LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
RETRY_DELAYS = (5.0, 30.0, 120.0, 600.0, 3600.0, 6 * 3600.0)  # seconds before try 2, 3, …; then failed
IDLE_WAIT = 30.0  # seconds the poster sleeps when nothing is due (it is woken by enqueue)


def link(s, ctx: LtiContext, resource_link_id, assignment: str, ags: dict) -> LtiLink | None:
    """Record (or update) a resource link of ``ctx`` and what a launch said of its line item."""
    if not isinstance(resource_link_id, str) or not resource_link_id:
        return None
    found = s.scalar(select(LtiLink).where(LtiLink.context_pk == ctx.id, LtiLink.resource_link_id == resource_link_id))
    if found is None:
        found = LtiLink(context_pk=ctx.id, resource_link_id=resource_link_id[:255], assignment=assignment)
        s.add(found)
    found.assignment = assignment
    found.lineitem_url = ags.get("lineitem") or found.lineitem_url
    found.scopes = [x for x in ags.get("scope") or [] if isinstance(x, str)][:10]
    s.flush()
    return found


def enqueue(lti, submission_id: int | None = None) -> int:
    """Queue the scores of finished gradings (of one submission, or all) not yet queued; how many."""
    made, now = 0, utcnow()
    with lti.db.session() as s:
        query = (select(Grading, Submission, LtiLink.id, LtiUser.id)
                 .join(Submission, Grading.submission_id == Submission.id)
                 .join(LtiUser, LtiUser.student_id == Submission.student_id)
                 .join(LtiMembership, (LtiMembership.user_pk == LtiUser.id) & LtiMembership.active.is_(True))
                 .join(LtiLink, (LtiLink.context_pk == LtiMembership.context_pk)
                       & (LtiLink.assignment == Submission.assignment))
                 .where(Grading.state == "done", Grading.score.is_not(None), Grading.finished_at >= LtiUser.created_at)
                 .where(~exists().where(LtiScorePost.grading_id == Grading.id, LtiScorePost.link_pk == LtiLink.id)))
        if submission_id is not None:
            query = query.where(Grading.submission_id == submission_id)
        rows = list(s.execute(query.order_by(Grading.id)))
    for grading, sub, link_pk, user_pk in rows:
        with lti.db.session() as s:
            if not counted(s, grading.id):  # an older attempt's grading, or an older grading: never posted
                continue
        p = lti.service.policy.assignments.get(sub.assignment)
        not_before = now
        if p is not None and policies.hidden_mode(p, now) == "nothing" and p.due is not None \
                and p.hidden_after_due != "nothing":
            not_before = max(now, p.due + timedelta(seconds=1))
        try:
            with lti.db.session() as s:
                s.add(LtiScorePost(grading_id=grading.id, link_pk=link_pk, user_pk=user_pk, state="pending",
                                   tries=0, next_try_at=not_before, created_at=now))
            made += 1
        except IntegrityError:  # queued meanwhile by another caller: once is enough
            pass
    return made


def counted(s, grading_id: int) -> bool:
    """Whether ``grading_id`` is the grading the tool counts: the newest grading of the student's latest
    non-rejected submission of that assignment (as ``Service.latest`` and ``queue.finish`` define it)."""
    grading = s.get(Grading, grading_id)
    sub = grading.submission if grading is not None else None
    if sub is None or grading.state != "done":
        return False
    latest = s.scalar(select(func.max(Submission.id)).where(
        Submission.student_id == sub.student_id, Submission.assignment == sub.assignment,
        Submission.status != "rejected"))
    newest = s.scalar(select(func.max(Grading.id)).where(Grading.submission_id == sub.id))
    return latest == sub.id and newest == grading.id


def score_body(lti, grading: Grading, sub: Submission, sub_id: str) -> dict:
    """The AGS Score of ``grading`` (what the student may see now: see the module's docstring)."""
    p = lti.service.policy.assignments.get(sub.assignment)
    given, maximum = grading.score, grading.max_score
    if p is not None and grading.result and policies.hidden_mode(p, utcnow()) == "nothing":
        seen = policies.visible_result(grading.result, "nothing")
        given = round(max(0.0, seen["score"] * (1 - sub.penalty)), 4)
    return {"userId": sub_id, "scoreGiven": given, "scoreMaximum": maximum,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": grading.finished_at.isoformat(),
            "comment": f"autograder submission {sub.id}" + (f", late penalty {round(100 * sub.penalty)}%"
                                                             if sub.penalty else "")}


def scores_url(lineitem: str) -> str:
    """``{lineitem}/scores``, the line item's query (if any) kept after the path (AGS 3.4)."""
    parts = urlsplit(lineitem)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


class Poster(threading.Thread):
    """Posts the due ``LtiScorePost`` rows, one at a time, until stopped."""

    def __init__(self, lti):
        super().__init__(name="lti-scores", daemon=True)
        self.lti = lti
        self._wake, self._halt = threading.Event(), threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()
        if self.is_alive():
            self.join(timeout=30)

    def run(self) -> None:
        try:
            enqueue(self.lti)  # gradings recorded while no server was there to queue them
        except Exception:
            logging.getLogger(__name__).exception("LTI: queueing the scores missed while stopped")
        while not self._halt.is_set():
            self._wake.clear()
            try:
                wait = self.post_due()
            except Exception:  # noqa: BLE001 - a database hiccup: try again shortly
                wait = 5.0
            self._wake.wait(wait)

    def post_due(self) -> float:
        """Post every due row; seconds until the next is due (at most ``IDLE_WAIT``)."""
        while not self._halt.is_set():
            with self.lti.db.session() as s:
                row = s.scalar(select(LtiScorePost).where(LtiScorePost.state == "pending",
                                                          LtiScorePost.next_try_at <= utcnow())
                               .order_by(LtiScorePost.next_try_at, LtiScorePost.id).limit(1))
                if row is None:
                    nxt = s.scalar(select(LtiScorePost.next_try_at).where(LtiScorePost.state == "pending")
                                   .order_by(LtiScorePost.next_try_at).limit(1))
                    return IDLE_WAIT if nxt is None else min(IDLE_WAIT, max(0.05, (nxt - utcnow()).total_seconds()))
                post_id = row.id
            self.post(post_id)
        return 0.0

    def post(self, post_id: int) -> None:
        lti = self.lti
        with lti.db.session() as s:
            row = s.get(LtiScorePost, post_id)
            if not counted(s, row.grading_id):  # superseded since it was queued: the newer one posts
                row.state, row.last_error = "superseded", "no longer the counted grading (a newer attempt or regrade)"
                return
            grading, link_row, person = s.get(Grading, row.grading_id), s.get(LtiLink, row.link_pk), \
                s.get(LtiUser, row.user_pk)
            ctx = s.get(LtiContext, link_row.context_pk)
            body = score_body(lti, grading, grading.submission, person.sub)
            lineitem, platform = link_row.lineitem_url, lti.config.platform(ctx.issuer, ctx.client_id)
            assignment, link_pk, lineitems, scopes = link_row.assignment, link_row.id, ctx.lineitems_url, link_row.scopes
            ctx = SimpleNamespace(issuer=ctx.issuer, context_id=ctx.context_id)
        error, final = None, False
        try:
            if platform is None:
                raise RuntimeError(f"the platform {ctx.issuer} is no longer registered in course.toml")
            if not platform.serves(ctx.context_id):
                raise RuntimeError(f"the LMS course {ctx.context_id!r} is not bound in course.toml (contexts)")
            if not lineitem:
                lineitem = self.line_item(platform, link_pk, assignment, lineitems, scopes)
            lti.http.request(platform, [SCOPE_SCORE], "POST", scores_url(lineitem), body, content_type=MT_SCORE)
        except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
            error = f"{type(exc).__name__}: {exc}"[:1000]
            final = isinstance(exc, ForbiddenUrl)  # retrying would refuse it again
        with lti.db.session() as s:
            row = s.get(LtiScorePost, post_id)
            row.tries += 1
            if error is None:
                row.state, row.posted_at, row.body, row.last_error = "posted", utcnow(), body, None
            elif final or row.tries > len(RETRY_DELAYS):
                row.state, row.last_error = "failed", error
            else:
                row.last_error = error
                row.next_try_at = utcnow() + timedelta(seconds=RETRY_DELAYS[row.tries - 1])

    def line_item(self, platform, link_pk: int, assignment: str, lineitems: str | None, scopes) -> str:
        """A link launched without a line item: find the one for it in the context's container, or make it."""
        from .. import course

        if not lineitems or SCOPE_LINEITEM not in (scopes or []):
            raise RuntimeError("the resource link has no line item and the platform granted no lineitem scope")
        with self.lti.db.session() as s:
            rl_id = s.get(LtiLink, link_pk).resource_link_id
        http = self.lti.http
        _, _, items = http.request(platform, [SCOPE_LINEITEM], "GET", lineitems,
                                   accept="application/vnd.ims.lis.v2.lineitemcontainer+json")
        found = next((i["id"] for i in items or [] if isinstance(i, dict) and i.get("resourceLinkId") == rl_id
                      and i.get("id")), None)
        if found is None:
            a = course.get(assignment)
            _, _, made = http.request(platform, [SCOPE_LINEITEM], "POST", lineitems,
                                      {"scoreMaximum": a.points, "label": a.title_in("en"), "resourceId": assignment,
                                       "resourceLinkId": rl_id}, content_type=MT_LINEITEM, accept=MT_LINEITEM)
            found = made["id"]
        with self.lti.db.session() as s:
            s.get(LtiLink, link_pk).lineitem_url = found
        return found
