"""The grading queue, in the database: enqueue, claim, finish, and recover after a crash.

A grading is claimed by flipping ``state`` from ``queued`` to ``grading`` under a lease (a
compare-and-set: two claimers never hold one row), and finished by one transaction that writes
its result and the submission's current score, only while the lease is still held: a grading
finishes at most once. A server killed mid-grading leaves rows in ``grading``; ``recover`` (at
start-up: one server per database) puts them back in the queue, so every pending submission is
graded exactly once after a restart. Claims are fair: a student being graded now waits behind
every other student's uploads, one claim takes one per student before a second of any, and no
student holds more than all but one of the grading places (``cap``), so a student uploading
endless loops never holds up the class. A grading claimed
``MAX_TRIES`` times without finishing (its submission keeps killing the grading process) is
finished as not graded.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, update

from ..results import Result
from .db import Database
from .models import Grading, Submission, utcnow

MAX_TRIES = 3
FAIR_WINDOW = 64  # queued rows looked at beyond the slots free, to give each student one before a second


@dataclass(frozen=True)
class Claimed:
    """What grading one queued row needs, read at claim time (plain values, no ORM object)."""

    grading_id: int
    lease: str
    submission_id: int
    student_id: str
    assignment: str
    lang: str
    folder: str
    files: tuple[str, ...]
    tries: int


def enqueue(session, submission: Submission, why: str = "submitted") -> Grading:
    """Queue a grading of ``submission`` (inside the caller's transaction)."""
    grading = Grading(submission=submission, state="queued", why=why, created_at=utcnow(), tries=0)
    session.add(grading)
    submission.status = "queued"
    return grading


def recover(db: Database) -> int:
    """Put every grading left ``grading`` by a previous server back in the queue; how many."""
    with db.session() as s:
        held = s.scalars(select(Grading).where(Grading.state == "grading")).all()
        for grading in held:
            grading.state, grading.lease = "queued", None
            grading.submission.status = "queued"
        return len(held)


def claim(db: Database, limit: int, skip: frozenset[str] = frozenset(), cap: int | None = None) -> list[Claimed]:
    """Up to ``limit`` queued gradings, oldest first, now held by this caller (not of the
    assignments in ``skip``: those whose preflight has not passed). ``cap``: no student holds more
    than this many gradings at once (so one student's backlog never fills every grading place)."""
    claimed: list[Claimed] = []
    if limit <= 0:
        return claimed
    with db.session() as s:
        held = dict(s.execute(select(Submission.student_id, func.count(Grading.id))
                              .join(Grading, Grading.submission_id == Submission.id)
                              .where(Grading.state == "grading").group_by(Submission.student_id)).all())
        query = (select(Grading.id, Submission.student_id).join(Submission).where(Grading.state == "queued")
                 .where(Submission.assignment.not_in(skip))  # in SQL: a backlog of skipped ones starves nothing
                 .order_by(case((Submission.student_id.in_(list(held)), 1), else_=0), Grading.id)
                 .limit(limit + FAIR_WINDOW))
        candidates = _fair(list(s.execute(query)), limit, held, cap)
    for gid in candidates:
        lease = uuid.uuid4().hex
        with db.session() as s:
            taken = s.execute(update(Grading).where(Grading.id == gid, Grading.state == "queued")
                              .values(state="grading", lease=lease, started_at=utcnow(),
                                      tries=Grading.tries + 1)).rowcount
            if taken != 1:
                continue  # another claimer was first
            grading = s.get(Grading, gid)
            sub = grading.submission
            sub.status = "grading"
            claimed.append(Claimed(gid, lease, sub.id, sub.student_id, sub.assignment, sub.lang, sub.folder,
                                   tuple(sub.files), grading.tries))
    return claimed


def _fair(rows: list[tuple[int, str]], limit: int, held: dict[str, int], cap: int | None) -> list[int]:
    """``limit`` of ``(grading id, student)`` rows (oldest first): one per student before a second
    of any, and none for a student who would then hold more than ``cap``."""
    first, later, seen = [], [], set()
    for gid, student in rows:
        (later if student in seen else first).append((gid, student))
        seen.add(student)
    chosen, holds = [], dict(held)
    for gid, student in first + later:
        if len(chosen) < limit and (cap is None or holds.get(student, 0) < cap):
            chosen.append(gid)
            holds[student] = holds.get(student, 0) + 1
    return chosen


def finish(db: Database, claimed: Claimed, result: Result, at: datetime | None = None) -> bool:
    """Record ``result`` for ``claimed``; False (nothing written) when its lease was lost."""
    at = at or utcnow()
    with db.session() as s:
        grading = s.get(Grading, claimed.grading_id, with_for_update=True)  # the lease cannot change under us
        if grading is None or grading.state != "grading" or grading.lease != claimed.lease:
            return False
        sub = grading.submission
        raw = result.score if result.graded else None
        score = None if raw is None else round(max(0.0, raw * (1.0 - sub.penalty)), 4)
        data = result.to_dict()
        grading.state, grading.lease, grading.finished_at = "done", None, at
        grading.status, grading.raw_score, grading.score = result.status, raw, score
        grading.max_score, grading.result = result.max_score, data
        newest = s.scalar(select(Grading.id).where(Grading.submission_id == sub.id).order_by(Grading.id.desc()))
        if newest == grading.id:  # an older grading finishing late never hides a newer one
            sub.status = "graded" if result.graded else "not_graded"
            sub.raw_score, sub.score, sub.max_score = raw, score, result.max_score
            sub.result, sub.graded_at = data, at
            sub.reason = None if result.graded else result.reason
            sub.counted = result.status != "grader_failed"  # the grader's failure costs no attempt
        return True


def release(db: Database, claimed: Claimed, reason: str, tried: bool = True) -> None:
    """Give ``claimed`` back to the queue (its grading process died); after ``MAX_TRIES`` claims
    it is finished as not graded, with ``reason``. ``tried=False``: it was never started (it
    waited behind the one that killed the process), so this claim does not count."""
    if tried and claimed.tries >= MAX_TRIES:
        finish(db, claimed, Result.grader_failure(
            claimed.student_id, claimed.assignment, 0.0,
            f"not graded: grading stopped {claimed.tries} times ({reason}); your instructor can see why"))
        return
    with db.session() as s:
        s.execute(update(Grading).where(Grading.id == claimed.grading_id, Grading.lease == claimed.lease)
                  .values(state="queued", lease=None, tries=Grading.tries - (0 if tried else 1)))
        sub = s.get(Submission, claimed.submission_id)
        if sub is not None and sub.status == "grading":
            sub.status = "queued"


def pending(db: Database) -> int:
    """How many gradings wait or are being graded."""
    with db.session() as s:
        return len(s.scalars(select(Grading.id).where(Grading.state != "done")).all())
