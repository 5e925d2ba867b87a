"""The class statistics of one assignment, from each student's latest submission (pure).

``summary(subs, lang)`` gives the score histogram, each test's pass rate and the named mistakes
with their share of the graded attempts (each mistake's hint in ``lang``); ``table(subs, …)`` the
submissions table, filtered by status and sorted. Only graded attempts count in the statistics:
a queued or rejected one has no score to count.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from ..feedback import misconceptions

BINS = 10
SORTS = ("score", "student", "time")
STATUSES = ("queued", "grading", "graded", "not_graded", "rejected")


def graded(subs: list) -> list:
    return [s for s in subs if s.status == "graded" and s.score is not None and s.result]


def histogram(subs: list, bins: int = BINS) -> list[dict]:
    """``bins`` equal ranges of the max score, each with how many graded attempts fall in it
    (the top of the last range included)."""
    done = graded(subs)
    top = max((s.max_score or 0 for s in done), default=0) or 1.0
    counts = [0] * bins
    for s in done:
        counts[min(bins - 1, max(0, int(s.score / top * bins)))] += 1
    return [{"lo": top * i / bins, "hi": top * (i + 1) / bins, "n": n} for i, n in enumerate(counts)]


def pass_rates(subs: list) -> list[dict]:
    """Each test (in the suite's order) with how many graded attempts passed it."""
    tests: dict[str, dict] = {}
    for s in graded(subs):
        for t in s.result.get("tests", []):
            row = tests.setdefault(t.get("id") or t.get("name"), {"id": t.get("id"), "name": t.get("name"),
                                                                  "passed": 0, "total": 0})
            row["total"] += 1
            row["passed"] += t.get("status") == "passed"
    for row in tests.values():
        row["rate"] = row["passed"] / row["total"] if row["total"] else 0.0
    return list(tests.values())


def mistakes(subs: list, lang: str) -> list[dict]:
    """The named mistakes of the graded attempts, most frequent first: each attempt counts a
    mistake once, however many of its tests name it."""
    done = graded(subs)
    seen = Counter(m for s in done for m in {t.get("misconception") for t in s.result.get("tests", [])} if m)
    return [{"id": m, "n": n, "total": len(done), "share": n / len(done),
             "hint": misconceptions.hint(m, lang) if misconceptions.known(m) else m}
            for m, n in sorted(seen.items(), key=lambda item: (-item[1], item[0]))]


def summary(subs: list, lang: str) -> dict:
    done = graded(subs)
    mean = sum(s.score for s in done) / len(done) if done else None
    return {"submitted": len(subs), "graded": len(done), "mean": mean, "histogram": histogram(subs),
            "tests": pass_rates(subs), "mistakes": mistakes(subs, lang),
            "max_score": max((s.max_score or 0 for s in done), default=None)}


def table(subs: list, sort: str = "student", status: str | None = None) -> list[dict]:
    """The submissions table: one row per latest submission, ``status`` only when given, sorted by
    ``sort`` (score: highest first, ungraded last; time: newest first; student: by id)."""
    rows = [{"id": s.id, "student_id": s.student_id, "name": s.student.name if s.student else "",
             "section": s.student.section if s.student else "", "created_at": s.created_at,
             "late_days": s.late_days, "penalty": s.penalty, "status": s.status, "score": s.score,
             "max_score": s.max_score} for s in subs if not status or s.status == status]
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    if sort == "score":
        rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["student_id"]))
    elif sort == "time":
        rows.sort(key=lambda r: (r["created_at"] or oldest, r["student_id"]), reverse=True)
    else:
        rows.sort(key=lambda r: r["student_id"])
    return rows
