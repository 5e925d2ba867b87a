"""The ``[serve]`` table of a course's course.toml: due dates, late penalty, attempts, hidden-test visibility.

Pure: no web, no database. ``load`` checks the table (a ``PolicyError`` names the key and what is
wrong); ``lateness``, ``final_score``, ``may_submit``, ``hidden_mode`` and ``visible_result`` apply
it. Every datetime is timezone-aware and kept in UTC; a date written without an offset is in the
course's ``timezone``. A date key set to ``""`` means "none" (to lift a default for one assignment).
"""
from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
MODES = ("nothing", "points", "full")
DATE_KEYS = ("opens", "due", "last_accepted")
ASSIGNMENT_KEYS = ("open", "opens", "due", "last_accepted", "late_penalty_per_day", "max_attempts",
                   "attempts_per_hour", "hidden_before_due", "hidden_after_due")
SERVE_KEYS = ("timezone", "max_upload_kb", "defaults", "assignments", "lti")
DEFAULTS = {"open": True, "opens": None, "due": None, "last_accepted": None, "late_penalty_per_day": 0.0,
            "max_attempts": 0, "attempts_per_hour": 0, "hidden_before_due": "points", "hidden_after_due": "full"}
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_POINTS_ONLY = ("id", "name", "score", "max_score", "status")


class PolicyError(ValueError):
    """The ``[serve]`` table is wrong; the message names the table, the key and what is wrong."""


@dataclass(frozen=True)
class AssignmentPolicy:
    id: str
    open: bool = True
    opens: datetime | None = None
    due: datetime | None = None
    last_accepted: datetime | None = None  # None: accepted forever
    late_penalty_per_day: float = 0.0  # fraction of the max score per started 24 h late
    max_attempts: int = 0  # 0: unlimited
    attempts_per_hour: int = 0  # 0: unlimited
    hidden_before_due: str = "points"
    hidden_after_due: str = "full"


@dataclass(frozen=True)
class ServePolicy:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    max_upload_bytes: int = 1024 * 1024
    assignments: dict[str, AssignmentPolicy] = field(default_factory=dict)  # in course order


def load(data: dict, assignment_ids: list[str]) -> ServePolicy:
    """The policy of a parsed course.toml; no ``[serve]`` table: nothing is served."""
    serve = data.get("serve")
    if serve is None:
        return ServePolicy()
    _table(serve, "[serve]", SERVE_KEYS)
    zone_name = serve.get("timezone", "UTC")
    try:
        if not isinstance(zone_name, str) or not zone_name:
            raise ValueError
        zone = ZoneInfo(zone_name)
    except (ValueError, ZoneInfoNotFoundError):
        raise PolicyError(f"course.toml [serve] timezone: {zone_name!r} is not an IANA time zone "
                          f"(e.g. \"Asia/Seoul\", \"UTC\")") from None
    kb = serve.get("max_upload_kb", 1024)
    if isinstance(kb, bool) or not isinstance(kb, int) or kb <= 0:
        raise PolicyError(f"course.toml [serve] max_upload_kb: {kb!r} must be a positive whole number of KB")
    defaults = _values(serve.get("defaults", {}), "[serve.defaults]", zone)
    tables = serve.get("assignments", {})
    _table(tables, "[serve.assignments]", None)
    unknown = [a for a in tables if a not in assignment_ids]
    if unknown:
        raise PolicyError(f"course.toml [serve.assignments.{unknown[0]}]: no assignment {unknown[0]!r} in this "
                          f"course (its assignments: {', '.join(assignment_ids) or 'none'})")
    assignments = {}
    for a in assignment_ids:
        if a in tables:
            where = f"[serve.assignments.{a}]"
            values = {**DEFAULTS, **defaults, **_values(tables[a], where, zone)}
            assignments[a] = _checked(AssignmentPolicy(id=a, **values), where, zone)
    return ServePolicy(zone, kb * 1024, assignments)


def _table(value, where: str, keys) -> None:
    if not isinstance(value, dict):
        raise PolicyError(f"course.toml {where} must be a table, not {value!r}")
    unknown = sorted(k for k in value if k not in keys) if keys is not None else []
    if unknown:
        raise PolicyError(f"course.toml {where}: unknown key {unknown[0]!r} (known: {', '.join(keys)})")


def _values(table, where: str, zone: tzinfo) -> dict:
    """One table's keys, checked and converted (dates to UTC)."""
    _table(table, where, ASSIGNMENT_KEYS)
    out = {}
    for key, value in table.items():
        bad = f"course.toml {where} {key}: {value!r}"
        if key in DATE_KEYS:
            out[key] = _date(value, bad, zone)
        elif key == "open":
            if not isinstance(value, bool):
                raise PolicyError(f"{bad} must be true or false")
            out[key] = value
        elif key == "late_penalty_per_day":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise PolicyError(f"{bad} must be a fraction of the max score between 0 and 1 (e.g. 0.1)")
            out[key] = float(value)
        elif key in ("max_attempts", "attempts_per_hour"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PolicyError(f"{bad} must be a whole number, 0 or more (0: unlimited)")
            out[key] = value
        else:  # hidden_before_due, hidden_after_due
            if value not in MODES:
                raise PolicyError(f"{bad} must be one of {', '.join(repr(m) for m in MODES)}")
            out[key] = value
    return out


def _date(value, bad: str, zone: tzinfo) -> datetime | None:
    if value == "":
        return None
    if isinstance(value, str) and _DATE_SHAPE.match(value.strip()):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
        except ValueError:
            pass
    if not isinstance(value, datetime):  # also a TOML date or time alone, which has no moment
        raise PolicyError(f"{bad} is not a date and time: write \"YYYY-MM-DD HH:MM\" (e.g. \"2026-12-08 23:59\", "
                          f"in the course's timezone) or ISO 8601 with an offset (\"2026-12-08T23:59+09:00\")")
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(timezone.utc)


def _checked(p: AssignmentPolicy, where: str, zone: tzinfo) -> AssignmentPolicy:
    def show(dt):
        return f"{dt.astimezone(zone):%Y-%m-%d %H:%M:%S} ({zone})"
    if p.due and p.last_accepted and p.last_accepted < p.due:
        raise PolicyError(f"course.toml {where}: last_accepted {show(p.last_accepted)} is before due {show(p.due)}")
    if p.opens and p.due and p.opens > p.due:
        raise PolicyError(f"course.toml {where}: opens {show(p.opens)} is after due {show(p.due)}")
    if p.opens and p.last_accepted and p.opens > p.last_accepted:
        raise PolicyError(f"course.toml {where}: opens {show(p.opens)} is after last_accepted "
                          f"{show(p.last_accepted)}")
    return p


def _aware(dt: datetime) -> datetime:
    """A datetime with an offset (a naive one is taken as UTC, as the database stores it)."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt


@dataclass(frozen=True)
class Lateness:
    late: bool = False
    days_late: int = 0  # started 24 h periods after the due date
    penalty: float = 0.0  # the fraction of the score taken, at most 1


def lateness(p: AssignmentPolicy, at: datetime) -> Lateness:
    """How late an attempt made ``at`` is: exactly at the due date is on time."""
    if p.due is None or _aware(at) <= p.due:
        return Lateness()
    days = -((p.due - _aware(at)) // DAY)  # ceil: 1 s late is one started day
    return Lateness(True, days, round(min(1.0, days * p.late_penalty_per_day), 10))


def final_score(raw: float, lateness: Lateness) -> float:
    """The score after the late penalty: never below 0, rounded to 4 decimals."""
    return max(0.0, round(raw * (1 - lateness.penalty), 4))


MESSAGES: dict[str, dict[str, str]] = {
    "ok": {"en": "You can submit.", "ko": "제출할 수 있습니다."},
    "ok_left": {"en": "You can submit; {left} of {limit} attempts left.",
                "ko": "제출할 수 있습니다. 제출 기회가 {limit}번 중 {left}번 남았습니다."},
    "late": {"en": " The due date has passed: an attempt now is {days} day{s} late ({percent} % off the score).",
             "ko": " 마감이 지났습니다. 지금 제출하면 {days}일 늦은 제출로 점수에서 {percent}%가 감점됩니다."},
    "late_free": {"en": " The due date has passed: late attempts are still accepted without penalty.",
                  "ko": " 마감이 지났지만 감점 없이 계속 제출할 수 있습니다."},
    "closed": {"en": "This assignment is closed: uploads are not accepted.",
               "ko": "이 과제는 닫혀 있어 제출할 수 없습니다."},
    "not_open_yet": {"en": "This assignment opens for uploads at {at}.",
                     "ko": "이 과제는 {at}부터 제출할 수 있습니다."},
    "past_last_accepted": {"en": "Uploads for this assignment closed at {at}; no more attempts are accepted.",
                           "ko": "이 과제의 제출은 {at}에 마감되어 더 이상 받지 않습니다."},
    "no_attempts_left": {"en": "You have used all {limit} attempts for this assignment.",
                         "ko": "이 과제의 제출 기회 {limit}번을 모두 사용했습니다."},
    "rate_limited": {"en": "You have used {n} attempt{s} in the last hour; your next attempt is possible at {at}.",
                     "ko": "최근 1시간 동안 {n}번 제출했습니다. 다음 제출은 {at}부터 가능합니다."},
}


@dataclass(frozen=True)
class Decision:
    """Whether a student may hand in an attempt now, and why not."""

    allowed: bool
    code: str  # ok | closed | not_open_yet | past_last_accepted | no_attempts_left | rate_limited
    retry_at: datetime | None = None  # rate_limited: the oldest attempt leaves the hour; not_open_yet: opens
    attempts_left: int | None = None  # before this attempt; None: unlimited
    limit: int = 0  # the limit that applies (max_attempts, or attempts_per_hour when rate_limited)
    recent: int = 0  # attempts in the last hour
    at: datetime | None = None  # past_last_accepted: when uploads closed
    late: Lateness = field(default_factory=Lateness)  # an attempt now (ok only)
    now: datetime | None = None  # when it was decided (to tell "today" from another day)

    def message(self, lang: str = "en", tz: tzinfo | str | None = None) -> str:
        """One sentence for the student, in ``lang`` ("en" or "ko"), times shown in ``tz``."""
        zone = ZoneInfo(tz) if isinstance(tz, str) else (tz or timezone.utc)
        lang = lang if lang in ("en", "ko") else "en"
        say = lambda key, **v: MESSAGES[key][lang].format(**v)  # noqa: E731
        if self.code == "ok":
            text = say("ok_left", left=self.attempts_left, limit=self.limit) if self.attempts_left is not None \
                else say("ok")
            if self.late.late and self.late.penalty:
                text += say("late", days=self.late.days_late, s="" if self.late.days_late == 1 else "s",
                            percent=f"{self.late.penalty * 100:g}")
            elif self.late.late:
                text += say("late_free")
            return text
        when = self.retry_at if self.code in ("rate_limited", "not_open_yet") else self.at
        soon = self.code == "rate_limited"  # a date (opens, last_accepted) is always shown with its day
        at = _clock(when, zone, self.now if soon else None, ceil=soon) if when else ""
        return say(self.code, at=at, limit=self.limit, n=self.recent, s="" if self.recent == 1 else "s")

    def retry_after_seconds(self, now: datetime) -> int:
        """Seconds until ``retry_at`` (rounded up, at least 1), for an HTTP ``Retry-After`` header."""
        if self.retry_at is None:
            return 1
        return max(1, math.ceil((self.retry_at - _aware(now)).total_seconds()))


def _clock(dt: datetime, zone: tzinfo, now: datetime | None, ceil: bool) -> str:
    """``14:32 (Asia/Seoul)``, with the date unless it is ``now``'s day there; ``ceil``: up to the minute."""
    local = dt.astimezone(zone)
    if ceil and (local.second or local.microsecond):
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    shown = f"{local:%H:%M:%S}" if local.second or local.microsecond else f"{local:%H:%M}"
    if now is None or _aware(now).astimezone(zone).date() != local.date():
        shown = f"{local:%Y-%m-%d} {shown}"
    return f"{shown} ({getattr(zone, 'key', None) or zone})"


def may_submit(p: AssignmentPolicy, now: datetime, attempts: list[datetime]) -> Decision:
    """May a student hand in a graded attempt ``now``, given the times of their earlier counted ones?"""
    now, attempts = _aware(now), sorted(_aware(t) for t in attempts)
    left = max(0, p.max_attempts - len(attempts)) if p.max_attempts else None
    base = {"attempts_left": left, "limit": p.max_attempts, "now": now,
            "recent": sum(t > now - HOUR for t in attempts)}
    if not p.open:
        return Decision(False, "closed", **base)
    if p.opens and now < p.opens:
        return Decision(False, "not_open_yet", retry_at=p.opens, **base)
    if p.last_accepted and now > p.last_accepted:
        return Decision(False, "past_last_accepted", at=p.last_accepted, **base)
    if left == 0:
        return Decision(False, "no_attempts_left", **base)
    window = [t for t in attempts if t > now - HOUR]  # an attempt exactly 60 min ago has left it
    if p.attempts_per_hour and len(window) >= p.attempts_per_hour:
        leaves = window[len(window) - p.attempts_per_hour] + HOUR  # then one fewer than the limit remain
        return Decision(False, "rate_limited", retry_at=leaves, **{**base, "limit": p.attempts_per_hour})
    return Decision(True, "ok", late=lateness(p, now), **base)


def hidden_mode(p: AssignmentPolicy, now: datetime) -> str:
    """What students see of hidden tests now: "nothing", "points" or "full" (no due date: before it)."""
    return p.hidden_after_due if p.due is not None and _aware(now) > p.due else p.hidden_before_due


def visible_result(result: dict, mode: str) -> dict:
    """What a student may see of a ``Result.to_dict()`` under ``mode`` (the input is not changed).

    ``grader_error`` never; ``output`` of visible tests only; hidden tests whole ("full"), their points
    only ("points"), or not at all ("nothing": score and max_score then count the visible tests only)."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {MODES}")
    seen = copy.deepcopy(result)
    tests, withheld = [], 0
    for t in seen.get("tests", []):
        t.pop("grader_error", None)
        if t.get("visibility", "visible") == "visible":
            tests.append(t)
            continue
        t.pop("output", None)
        if mode == "nothing":
            withheld += 1
        elif mode == "points":
            tests.append({**{k: t[k] for k in _POINTS_ONLY if k in t}, "visibility": t.get("visibility"),
                          "feedback": "", "misconception": None})
        else:
            tests.append(t)
    seen["tests"] = tests
    if mode == "nothing" and withheld:
        if seen.get("score") is not None:
            seen["score"] = round(sum(t.get("score") or 0.0 for t in tests), 4)
        seen["max_score"] = round(sum(t.get("max_score") or 0.0 for t in tests), 4)
        seen["hidden_withheld"], seen["hidden_count"] = True, withheld
    return seen
