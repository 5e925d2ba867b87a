"""What the pages and the API do, as plain operations on the database and the upload folder.

Every operation a student can reach takes the signed-in student's id and only ever reads that
student's rows: another student's submission is "not found", never "forbidden" (which would
say it exists). What a student sees of a result passes through ``policy.visible_result``.
An upload is validated, its files written and fsync'ed, and only then is the submission and its
grading committed in one transaction: when the page answers, the submission is on disk.
Longer than the service's other modules because it is every operation a request can reach, so
that who may read which rows is checked in one file.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from .. import course
from ..results import Result
from . import policy as policies
from . import queue
from .db import Database
from .i18n import say
from .models import Grading, SignInFailure, Student, Submission, utcnow
from .waiting import Waiters

MAX_ID = 2 ** 62  # a row id from a URL past this is "not found" (the databases' integers stop at 2**63)
UPLOAD_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}\.(py|ipynb)$")
MAX_FILES = 20
REJECTED_PER_HOUR = 30  # rejected uploads one student may store in an hour (they cost no attempt)
SIGNIN_WINDOW = timedelta(minutes=15)
SIGNIN_FAILURES = 10  # per client address in the window


class Refused(Exception):
    """The attempt policy says no (not stored: nothing was handed in)."""

    def __init__(self, decision):
        super().__init__(decision.code)
        self.decision = decision


class NotServed(Exception):
    """No such assignment in this course's service."""


@dataclass
class Upload:
    name: str
    data: bytes


class Service:
    def __init__(self, root: Path, db: Database, serve_policy, uploads: Path, wake=lambda: None, clock=utcnow):
        self.root, self.db, self.policy, self.uploads = Path(root), db, serve_policy, Path(uploads)
        self.wake, self.clock = wake, clock
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        self.waiters = Waiters()

    # -- students ---------------------------------------------------------------------------
    def assignment_policy(self, assignment_id: str):
        try:
            return self.policy.assignments[assignment_id]
        except KeyError:
            raise NotServed(assignment_id) from None

    def counted_attempts(self, session, student_id: str, assignment_id: str) -> list[datetime]:
        return list(session.scalars(select(Submission.created_at).where(
            Submission.student_id == student_id, Submission.assignment == assignment_id,
            Submission.counted.is_(True)).order_by(Submission.created_at)))

    def assignments_for(self, student_id: str, lang: str) -> list[dict]:
        """The assignments page: each served assignment with its dates, attempts and best score."""
        now = self.clock()
        rows = []
        with self.db.session() as s:
            for a_id, p in self.policy.assignments.items():
                a = course.get(a_id)
                attempts = self.counted_attempts(s, student_id, a_id)
                decision = policies.may_submit(p, now, attempts)
                mine = list(s.scalars(select(Submission).where(
                    Submission.student_id == student_id, Submission.assignment == a_id).order_by(Submission.id)))
                shown = [self.shown_score(sub, now) for sub in mine]
                best = max((v["score"] for v in shown if v["score"] is not None), default=None)
                latest = mine[-1] if mine else None
                rows.append({
                    "id": a_id, "title": a.title_in(lang), "modules": list(a.modules),
                    "open": decision.allowed or decision.code in ("no_attempts_left", "rate_limited"),
                    "due": _iso(p.due), "last_accepted": _iso(p.last_accepted),
                    "late_penalty_per_day": p.late_penalty_per_day,
                    "attempts_used": len(attempts), "max_attempts": p.max_attempts or None,
                    "attempts_left": decision.attempts_left,
                    "can_submit": decision.allowed, "message": decision.message(lang, self.policy.timezone),
                    "retry_at": _iso(decision.retry_at),
                    "best_score": best, "max_score": shown[-1]["max_score"] if mine else a.points,
                    "latest": None if latest is None else {"id": latest.id, "status": latest.status,
                                                           "score": shown[-1]["score"]},
                })
        return rows

    def submit(self, student_id: str, assignment_id: str, uploads: list[Upload], lang: str) -> Submission:
        """Store and queue an upload; a bad one is stored ``rejected`` with the reason.
        ``Refused`` when the attempt policy says no, ``NotServed`` for an unknown assignment."""
        p = self.assignment_policy(assignment_id)
        with self._student_lock(student_id):
            now = self.clock()
            with self.db.session() as s:
                decision = policies.may_submit(p, now, self.counted_attempts(s, student_id, assignment_id))
            if not decision.allowed:
                raise Refused(decision)
            problem = self._problem(uploads)
            if problem is not None:
                self._refuse_rejected_flood(student_id, now)
            folder = self.uploads / assignment_id / f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"
            names: list[str] = []
            if problem is None:
                names = _store(folder, uploads)
            lateness = policies.lateness(p, now)
            with self.db.session() as s:
                sub = Submission(student_id=student_id, assignment=assignment_id, created_at=now, lang=lang,
                                 files=names, folder=str(folder) if names else "", late_days=lateness.days_late,
                                 penalty=lateness.penalty, counted=problem is None)
                s.add(sub)
                if problem is None:
                    queue.enqueue(s, sub)
                else:
                    sub.status, sub.reason = "rejected", json.dumps(problem, ensure_ascii=False)
                s.flush()
                s.expunge(sub)
        if problem is None:
            self.wake()
        return sub

    def _problem(self, uploads: list[Upload]) -> dict | None:
        """Why an upload cannot be graded (``{"en": …, "ko": …}``), or None."""
        if not uploads:
            return say("upload_empty")
        if len(uploads) > MAX_FILES:
            return say("upload_too_many", limit=MAX_FILES)
        total = sum(len(u.data) for u in uploads)
        if total > self.policy.max_upload_bytes:
            return say("upload_too_large", size=total // 1024, limit=self.policy.max_upload_bytes // 1024)
        seen = set()
        for u in uploads:
            name = os.path.basename(u.name.replace("\\", "/"))
            if not UPLOAD_NAME.match(name) or u.name != name:
                return say("upload_bad_name", name=u.name[:80])
            if name.lower() in seen:
                return say("upload_duplicate", name=name)
            seen.add(name.lower())
            try:
                text = u.data.decode("utf-8")
                if name.endswith(".ipynb"):
                    json.loads(text)
            except (UnicodeDecodeError, ValueError, RecursionError):  # a notebook nested past JSON's depth
                return say("upload_unreadable", name=name)
        return None

    def _refuse_rejected_flood(self, student_id: str, now: datetime) -> None:
        """A rejected upload is stored (with its reason) and costs no attempt: at most
        ``REJECTED_PER_HOUR`` of them, then ``Refused`` like any other rate limit."""
        with self.db.session() as s:
            recent = sorted(s.scalars(select(Submission.created_at).where(
                Submission.student_id == student_id, Submission.status == "rejected",
                Submission.created_at > now - timedelta(hours=1))))
        if len(recent) >= REJECTED_PER_HOUR:
            raise Refused(policies.Decision(False, "rate_limited", retry_at=recent[-REJECTED_PER_HOUR] + timedelta(hours=1),
                                            limit=REJECTED_PER_HOUR, recent=len(recent), now=now))

    def _student_lock(self, student_id: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(student_id, threading.Lock())

    def submission_for(self, student_id: str, submission_id: int, lang: str) -> dict | None:
        """A student's own submission as they may see it; None when it is not theirs."""
        if not 0 < submission_id < MAX_ID:
            return None
        with self.db.session() as s:
            sub = s.get(Submission, submission_id)
            if sub is None or sub.student_id != student_id:
                return None
            return self.student_view(sub, lang)

    def history(self, student_id: str, assignment_id: str | None, lang: str) -> list[dict]:
        with self.db.session() as s:
            query = select(Submission).where(Submission.student_id == student_id)
            if assignment_id:
                query = query.where(Submission.assignment == assignment_id)
            return [self.student_view(sub, lang, tests=False)
                    for sub in s.scalars(query.order_by(Submission.id.desc()))]

    def student_view(self, sub: Submission, lang: str, tests: bool = True) -> dict:
        """The API's shape of a submission, hidden tests as the policy allows now."""
        p = self.policy.assignments.get(sub.assignment)
        now = self.clock()
        view = {"id": sub.id, "student_id": sub.student_id, "assignment": sub.assignment,
                "status": sub.status, **self.shown_score(sub, now),
                "late": sub.late_days > 0, "late_days": sub.late_days, "penalty": sub.penalty,
                "created_at": _iso(sub.created_at), "files": list(sub.files),
                "reason": reason_text(sub.reason, lang)}
        if not tests:
            return view
        view["tests"], view["figures"] = [], {}
        if sub.result:
            seen = policies.visible_result(sub.result, policies.hidden_mode(p, now) if p else "nothing")
            view["tests"] = [{k: t.get(k) for k in ("id", "name", "score", "max_score", "status", "feedback",
                                                     "misconception", "visibility")} for t in seen["tests"]]
            view["figures"] = seen.get("figures") or {}
            if seen.get("hidden_withheld"):
                view["hidden_withheld"], view["hidden_count"] = True, seen.get("hidden_count", 0)
        return view

    def shown_score(self, sub: Submission, now: datetime) -> dict:
        """``score`` and ``max_score`` as the student may see them now: with hidden tests withheld
        (``nothing``), those of the visible tests only (after the late penalty), everywhere."""
        p = self.policy.assignments.get(sub.assignment)
        mode = policies.hidden_mode(p, now) if p else "nothing"
        if mode != "nothing" or not sub.result:
            return {"score": sub.score, "max_score": sub.max_score}
        seen = policies.visible_result(sub.result, mode)
        score = None if sub.score is None else round(max(0.0, seen["score"] * (1 - sub.penalty)), 4)
        return {"score": score, "max_score": seen["max_score"]}

    # -- waiting for a grade (a long poll: ``waiting.Waiters``) -------------------------------
    def finished(self, submission_id: int) -> None:
        """A grading of ``submission_id`` was recorded (called by the dispatcher's thread)."""
        self.waiters.finished(submission_id)
        if getattr(self, "lti", None) is not None:
            self.lti.graded(submission_id)

    def waiting(self, submission_id: int, student_id: str | None):
        return self.waiters.waiting(submission_id, student_id)

    # -- sign-in ------------------------------------------------------------------------------
    def signin_blocked(self, client: str) -> bool:
        since = self.clock() - SIGNIN_WINDOW
        with self.db.session() as s:
            n = s.scalar(select(func.count(SignInFailure.id)).where(SignInFailure.client == client,
                                                                     SignInFailure.at >= since))
        return n >= SIGNIN_FAILURES

    def signin_failed(self, client: str) -> None:
        with self.db.session() as s:
            s.add(SignInFailure(client=client[:64], at=self.clock()))

    def student_by_token(self, token: str) -> Student | None:
        from .secrets import hash_token

        if not token or len(token) > 200:
            return None
        with self.db.session() as s:
            student = s.scalar(select(Student).where(Student.token_hash == hash_token(token),
                                                     Student.active.is_(True)))
            if student is not None:
                s.expunge(student)
            return student

    def student(self, student_id: str) -> Student | None:
        with self.db.session() as s:
            student = s.get(Student, student_id)
            if student is not None:
                s.expunge(student)
            return student

    # -- instructors --------------------------------------------------------------------------
    def latest(self, assignment_id: str, section: str | None = None) -> list[Submission]:
        """Each student's latest non-rejected submission of ``assignment_id``."""
        with self.db.session() as s:
            newest = (select(func.max(Submission.id)).where(Submission.assignment == assignment_id,
                                                            Submission.status != "rejected")
                      .group_by(Submission.student_id))
            query = select(Submission).where(Submission.id.in_(newest)).join(Student)
            if section:
                query = query.where(Student.section == section)
            subs = list(s.scalars(query.order_by(Submission.student_id)))
            for sub in subs:
                sub.student  # loaded while the session is open
            s.expunge_all()
            return subs

    def regrade(self, assignment_id: str | None = None, submission_id: int | None = None,
                why: str = "regrade") -> int:
        """Queue a new grading of one submission, or of the latest of each student (of one
        assignment or all); the late penalty is worked out again under today's policy. How many."""
        with self.db.session() as s:
            if submission_id is not None:
                sub = s.get(Submission, submission_id) if 0 < submission_id < MAX_ID else None
                subs = [sub] if sub is not None and sub.status != "rejected" else []
            else:
                ids = [sub.id for a in ([assignment_id] if assignment_id else list(self.policy.assignments))
                       for sub in self.latest(a)]
                subs = list(s.scalars(select(Submission).where(Submission.id.in_(ids)))) if ids else []
            for sub in subs:
                p = self.policy.assignments.get(sub.assignment)
                if p is not None:
                    lateness = policies.lateness(p, sub.created_at)
                    sub.late_days, sub.penalty = lateness.days_late, lateness.penalty
                queue.enqueue(s, sub, why=why)
        self.wake()
        return len(subs)

    def gradings(self, submission_id: int) -> list[dict]:
        """A submission's grading history, oldest first (for the instructor)."""
        with self.db.session() as s:
            return [{"id": g.id, "why": g.why, "state": g.state, "status": g.status, "score": g.score,
                     "raw_score": g.raw_score, "max_score": g.max_score, "created_at": _iso(g.created_at),
                     "finished_at": _iso(g.finished_at)}
                    for g in s.scalars(select(Grading).where(Grading.submission_id == submission_id)
                                       .order_by(Grading.id))]

    def results(self, assignment_id: str) -> list[Result]:
        """The latest submission of each student as a ``Result`` whose score is the one that counts
        (after the late penalty), for the exports."""
        out = []
        for sub in self.latest(assignment_id):
            if sub.result:
                r = Result.from_dict(sub.result)
                if r.graded:
                    r.score = sub.score
            else:
                r = Result.grader_failure(sub.student_id, sub.assignment, sub.max_score or 0.0,
                                          f"not graded yet ({sub.status})")
            out.append(r)
        return out


def _store(folder: Path, uploads: list[Upload]) -> list[str]:
    """Write the files and make them durable (fsync'ed, with their folder) before anyone is told."""
    folder.mkdir(parents=True, exist_ok=False)
    names = []
    try:
        for u in uploads:
            path = folder / u.name
            with open(path, "xb") as f:
                f.write(u.data)
                f.flush()
                os.fsync(f.fileno())
            names.append(u.name)
        for directory in (folder, folder.parent):
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return names


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def reason_text(stored: str | None, lang: str) -> str | None:
    """A stored reason: a ``{"en", "ko"}`` JSON object (rejections) or plain text (the grader's)."""
    if not stored:
        return None
    try:
        texts = json.loads(stored)
    except ValueError:
        return stored
    return (texts.get(lang) or texts.get("en")) if isinstance(texts, dict) else stored
