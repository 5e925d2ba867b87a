"""The [serve] policy: loading and its checks, late penalty, attempt and rate limits, hidden-test visibility."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from autograder.results import Result, TestResult
from autograder.serve import policy
from autograder.serve.policy import AssignmentPolicy, Lateness, PolicyError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

IDS = ["a1_perceptron", "a2_functions", "a3_gradient"]
UTC = timezone.utc
SEOUL = ZoneInfo("Asia/Seoul")
COURSE = """
[serve]
timezone = "Asia/Seoul"
max_upload_kb = 512

[serve.defaults]
due = "2026-12-08 23:59"
late_penalty_per_day = 0.1
max_attempts = 10
attempts_per_hour = 5
hidden_before_due = "points"

[serve.assignments.a3_gradient]
due = 2026-12-15T23:59:00+09:00
hidden_before_due = "nothing"
last_accepted = ""

[serve.assignments.a1_perceptron]
opens = "2026-12-01 09:00"
last_accepted = "2026-12-10 23:59"
open = false
"""


def load(text: str):
    return policy.load(tomllib.loads(text), IDS)


def at(text: str) -> datetime:  # a Seoul wall-clock time
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


def test_load_reads_defaults_overrides_and_course_order():
    p = load(COURSE)
    assert p.timezone == SEOUL and p.max_upload_bytes == 512 * 1024
    assert list(p.assignments) == ["a1_perceptron", "a3_gradient"]  # course order; a2 has no table: not served
    a1, a3 = p.assignments["a1_perceptron"], p.assignments["a3_gradient"]
    assert a1.due == datetime(2026, 12, 8, 14, 59, tzinfo=UTC)  # 23:59 in Seoul (UTC+9)
    assert a1.due.tzinfo is not None and a1.due.utcoffset() == timedelta(0)
    assert a1.opens == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert a1.last_accepted == datetime(2026, 12, 10, 14, 59, tzinfo=UTC)
    assert a1.open is False and a1.max_attempts == 10 and a1.attempts_per_hour == 5
    assert a1.late_penalty_per_day == 0.1 and a1.hidden_before_due == "points" and a1.hidden_after_due == "full"
    assert a3.due == datetime(2026, 12, 15, 14, 59, tzinfo=UTC) and a3.last_accepted is None
    assert a3.open is True and a3.hidden_before_due == "nothing"


def test_no_serve_table_serves_nothing_and_bare_table_has_the_documented_defaults():
    empty = policy.load({"assignments": IDS}, IDS)
    assert empty.assignments == {} and empty.timezone == ZoneInfo("UTC") and empty.max_upload_bytes == 1024 * 1024
    bare = load("[serve.assignments.a2_functions]\n").assignments["a2_functions"]
    assert bare == AssignmentPolicy("a2_functions", True, None, None, None, 0.0, 0, 0, "points", "full")


def test_dates_in_every_written_form():
    p = load('[serve]\ntimezone = "America/New_York"\n'
             '[serve.assignments.a1_perceptron]\ndue = "2026-07-01 12:00:30"\n'
             '[serve.assignments.a2_functions]\ndue = "2026-07-01T12:00:00Z"\nopens = 2026-06-01T08:00:00\n'
             '[serve.assignments.a3_gradient]\ndue = "2026-07-01T12:00:00+09:00"\n').assignments
    assert p["a1_perceptron"].due == datetime(2026, 7, 1, 16, 0, 30, tzinfo=UTC)  # EDT, UTC-4
    assert p["a2_functions"].due == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert p["a2_functions"].opens == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # a TOML local datetime: in the zone
    assert p["a3_gradient"].due == datetime(2026, 7, 1, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("text, words", [
    ('[serve.assignments.a9_nope]\n', ["a9_nope", "a2_functions"]),
    ('[serve.assignments.a2_functions]\ndeu = "2026-12-08 23:59"\n', ["'deu'", "[serve.assignments.a2_functions]"]),
    ('[serve]\nmax_upload = 3\n', ["'max_upload'", "[serve]"]),
    ('[serve.defaults]\nlate_penalty = 0.1\n', ["'late_penalty'", "[serve.defaults]"]),
    ('[serve.defaults]\ndue = "2026-12-32 23:59"\n', ["due", "2026-12-32", "YYYY-MM-DD HH:MM"]),
    ('[serve.defaults]\ndue = "next friday"\n', ["due", "next friday"]),
    ('[serve.defaults]\ndue = "2026-12-08"\n', ["due", "not a date and time"]),  # a day alone: which minute?
    ('[serve.defaults]\ndue = 2026-12-08\n', ["due", "not a date and time"]),
    ('[serve]\ntimezone = "Asia/Seol"\n', ["timezone", "Asia/Seol", "IANA"]),
    ('[serve]\ntimezone = "../../etc/passwd"\n', ["timezone"]),
    ('[serve]\nmax_upload_kb = 0\n', ["max_upload_kb", "positive"]),
    ('[serve.defaults]\nlate_penalty_per_day = 1.5\n', ["late_penalty_per_day", "1.5", "between 0 and 1"]),
    ('[serve.defaults]\nlate_penalty_per_day = -0.1\n', ["late_penalty_per_day", "between 0 and 1"]),
    ('[serve.defaults]\nmax_attempts = -1\n', ["max_attempts", "-1", "0 or more"]),
    ('[serve.assignments.a1_perceptron]\nattempts_per_hour = -2\n', ["attempts_per_hour", "-2"]),
    ('[serve.defaults]\nmax_attempts = 2.5\n', ["max_attempts", "whole number"]),
    ('[serve.defaults]\nhidden_after_due = "everything"\n', ["hidden_after_due", "everything", "'points'"]),
    ('[serve.defaults]\nopen = "yes"\n', ["open", "true or false"]),
    ('[serve.assignments]\na1_perceptron = true\n', ["[serve.assignments.a1_perceptron]", "table"]),
    ('[serve.defaults]\ndue = "2026-12-08 23:59"\n[serve.assignments.a2_functions]\n'
     'last_accepted = "2026-12-08 23:00"\n',
     ["[serve.assignments.a2_functions]", "last_accepted 2026-12-08 23:00:00", "before due 2026-12-08 23:59:00"]),
    ('[serve.assignments.a2_functions]\ndue = "2026-12-08 23:59"\nopens = "2026-12-09 09:00"\n',
     ["[serve.assignments.a2_functions]", "opens 2026-12-09 09:00:00", "after due"]),
])
def test_a_wrong_policy_names_the_key_and_the_problem(text, words):
    with pytest.raises(PolicyError) as err:
        load(text)
    for word in words:
        assert word in str(err.value), (word, str(err.value))
    assert isinstance(err.value, ValueError)


DUE = datetime(2026, 12, 8, 14, 59, tzinfo=UTC)  # 23:59 in Seoul


def rules(**kw) -> AssignmentPolicy:
    return AssignmentPolicy("a2_functions", **{"due": DUE, **kw})


@pytest.mark.parametrize("after, late, days, penalty", [
    (timedelta(0), False, 0, 0.0),  # exactly at the due date: on time
    (-timedelta(hours=3), False, 0, 0.0),
    (timedelta(seconds=1), True, 1, 0.1),  # one second late starts a day
    (timedelta(hours=24), True, 1, 0.1),
    (timedelta(hours=24, seconds=1), True, 2, 0.2),
    (timedelta(days=2, hours=1), True, 3, 0.3),
])
def test_lateness_counts_started_days(after, late, days, penalty):
    assert policy.lateness(rules(late_penalty_per_day=0.1), DUE + after) == Lateness(late, days, penalty)


def test_lateness_caps_at_one_and_without_due_date_is_never_late():
    capped = policy.lateness(rules(late_penalty_per_day=0.3), DUE + timedelta(days=3, seconds=1))
    assert capped == Lateness(True, 4, 1.0)
    assert policy.lateness(rules(late_penalty_per_day=0.0), DUE + timedelta(days=5)) == Lateness(True, 5, 0.0)
    assert policy.lateness(rules(due=None, late_penalty_per_day=0.5), DUE + timedelta(days=99)) == Lateness()
    # a naive time (as SQLite hands it back) is UTC
    assert policy.lateness(rules(late_penalty_per_day=0.1), datetime(2026, 12, 8, 15, 0)).days_late == 1


def test_final_score():
    assert policy.final_score(7.5, Lateness()) == 7.5
    assert policy.final_score(7.5, Lateness(True, 2, 0.2)) == 6.0
    assert policy.final_score(10 / 3, Lateness(True, 1, 0.1)) == 3.0
    assert policy.final_score(2 / 3, Lateness(True, 1, 0.15)) == 0.5667
    assert policy.final_score(8.0, Lateness(True, 12, 1.0)) == 0.0


def test_may_submit_ok_counts_attempts_left_before_this_one():
    p = rules(max_attempts=3)
    now = DUE - timedelta(days=1)
    d = policy.may_submit(p, now, [now - timedelta(days=2)])
    assert (d.allowed, d.code, d.attempts_left, d.retry_at) == (True, "ok", 2, None)
    assert d.message("en", SEOUL) == "You can submit; 2 of 3 attempts left."
    assert d.message("ko", SEOUL) == "제출할 수 있습니다. 제출 기회가 3번 중 2번 남았습니다."
    free = policy.may_submit(rules(), now, [now] * 40)
    assert (free.allowed, free.attempts_left, free.message("en", SEOUL)) == (True, None, "You can submit.")


def test_may_submit_max_attempts():
    p = rules(max_attempts=2)
    now = DUE - timedelta(hours=5)
    earlier = [now - timedelta(days=1), now - timedelta(days=2)]
    d = policy.may_submit(p, now, earlier)
    assert (d.allowed, d.code, d.attempts_left, d.retry_at) == (False, "no_attempts_left", 0, None)
    assert d.message("en", SEOUL) == "You have used all 2 attempts for this assignment."
    assert d.message("ko", SEOUL) == "이 과제의 제출 기회 2번을 모두 사용했습니다."
    assert policy.may_submit(p, now, earlier[:1]).allowed


def test_rate_limit_window_at_the_edge():
    p = rules(attempts_per_hour=2)
    now = datetime(2026, 12, 8, 5, 0, tzinfo=UTC)  # 14:00 in Seoul
    first, second = now - timedelta(minutes=59, seconds=30), now - timedelta(minutes=10)
    d = policy.may_submit(p, now, [second, first])
    assert (d.allowed, d.code, d.attempts_left) == (False, "rate_limited", None)
    assert d.retry_at == first + timedelta(hours=1) == now + timedelta(seconds=30)
    assert d.retry_after_seconds(now) == 30
    assert d.retry_after_seconds(now + timedelta(seconds=29, milliseconds=1)) == 1  # ceil, at least 1
    assert d.retry_after_seconds(now + timedelta(minutes=5)) == 1
    # the message rounds up to the minute from which it is really possible (14:00:30 -> 14:01)
    assert d.message("en", SEOUL) == ("You have used 2 attempts in the last hour; "
                                      "your next attempt is possible at 14:01 (Asia/Seoul).")
    assert d.message("ko", "Asia/Seoul") == "최근 1시간 동안 2번 제출했습니다. 다음 제출은 14:01 (Asia/Seoul)부터 가능합니다."
    # exactly 60 minutes after the oldest one it has left the window
    assert policy.may_submit(p, d.retry_at, [first, second]).allowed
    assert not policy.may_submit(p, d.retry_at - timedelta(microseconds=1), [first, second]).allowed


def test_rate_limit_with_more_attempts_than_the_limit_waits_for_enough_to_leave():
    p = rules(attempts_per_hour=2)
    now = datetime(2026, 12, 8, 5, 0, tzinfo=UTC)
    times = [now - timedelta(minutes=m) for m in (50, 40, 30)]  # e.g. the limit was lowered
    d = policy.may_submit(p, now, times)
    assert d.code == "rate_limited" and d.retry_at == now + timedelta(minutes=20)  # the 40-min one leaves
    assert d.message("en", SEOUL).startswith("You have used 3 attempts in the last hour")


def test_rate_limit_message_shows_the_date_when_not_today_there():
    p = rules(attempts_per_hour=1)
    now = datetime(2026, 12, 8, 14, 40, tzinfo=UTC)  # 23:40 in Seoul
    d = policy.may_submit(p, now, [now - timedelta(minutes=20)])
    assert d.retry_at == datetime(2026, 12, 8, 15, 20, tzinfo=UTC)  # 00:20 the next day in Seoul
    assert d.message("en", SEOUL) == ("You have used 1 attempt in the last hour; "
                                      "your next attempt is possible at 2026-12-09 00:20 (Asia/Seoul).")
    assert d.message("en", UTC).endswith("possible at 15:20 (UTC).")  # still the same day in UTC


def test_closed_opens_and_last_accepted():
    opens = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    last = DUE + timedelta(days=2)
    p = rules(opens=opens, last_accepted=last, max_attempts=4)
    closed = policy.may_submit(AssignmentPolicy("a1", open=False), DUE, [])
    assert (closed.allowed, closed.code) == (False, "closed")
    assert closed.message("ko", SEOUL) == "이 과제는 닫혀 있어 제출할 수 없습니다."
    early = policy.may_submit(p, opens - timedelta(days=1), [])
    assert (early.allowed, early.code, early.retry_at, early.attempts_left) == (False, "not_open_yet", opens, 4)
    assert early.message("en", SEOUL) == "This assignment opens for uploads at 2026-12-01 09:00 (Asia/Seoul)."
    assert early.message("ko", SEOUL) == "이 과제는 2026-12-01 09:00 (Asia/Seoul)부터 제출할 수 있습니다."
    assert early.retry_after_seconds(opens - timedelta(days=1)) == 86400
    assert policy.may_submit(p, opens, []).allowed
    assert policy.may_submit(p, last, []).allowed  # at last_accepted itself: still accepted
    gone = policy.may_submit(p, last + timedelta(seconds=1), [])
    assert (gone.allowed, gone.code) == (False, "past_last_accepted")
    assert gone.message("en", SEOUL) == ("Uploads for this assignment closed at 2026-12-10 23:59 (Asia/Seoul); "
                                         "no more attempts are accepted.")
    assert gone.message("ko", SEOUL) == "이 과제의 제출은 2026-12-10 23:59 (Asia/Seoul)에 마감되어 더 이상 받지 않습니다."


def test_ok_message_after_the_due_date_says_what_it_costs():
    d = policy.may_submit(rules(late_penalty_per_day=0.1), DUE + timedelta(hours=25), [])
    assert d.allowed and d.late == Lateness(True, 2, 0.2)
    assert d.message("en", SEOUL) == ("You can submit. The due date has passed: an attempt now is 2 days late "
                                      "(20 % off the score).")
    assert d.message("ko", SEOUL) == ("제출할 수 있습니다. 마감이 지났습니다. 지금 제출하면 2일 늦은 제출로 "
                                      "점수에서 20%가 감점됩니다.")
    free = policy.may_submit(rules(), DUE + timedelta(hours=1), [])
    assert free.message("ko", SEOUL) == "제출할 수 있습니다. 마감이 지났지만 감점 없이 계속 제출할 수 있습니다."


def graded_result() -> dict:
    tests = [
        TestResult("softmax sums to one", 2.0, 2.0, "passed", feedback="ok", id="test_softmax_sum",
                   output="printed by the student\n"),
        TestResult("softmax axis", 0.0, 3.0, "failed", feedback="rows do not sum to 1", id="test_softmax_axis",
                   misconception="softmax_wrong_axis", output="visible print\n"),
        TestResult("hidden: batch of 7", 1.0, 4.0, "failed", feedback="expected [0.1 0.7 0.2] for x=[1 3 2]",
                   visibility="hidden", misconception="softmax_wrong_axis", id="test_hidden_batch",
                   output="x = [1 3 2]\n", grader_error="Traceback (staff only)"),
        TestResult("after due: large inputs", 1.5, 1.5, "passed", feedback="handles x=1000",
                   visibility="after_due_date", id="test_after_large", output="1000\n"),
    ]
    result = Result("s001", "a2_functions", 4.5, 10.5, tests=tests, output="student-visible output",
                    figures={"softmax": {"x": [1, 2], "student": [0.3, 0.7]}})
    return result.to_dict()


def test_hidden_mode_before_and_after_the_due_date():
    p = rules(hidden_before_due="nothing", hidden_after_due="points")
    assert policy.hidden_mode(p, DUE) == "nothing"  # exactly at the due date: still before it
    assert policy.hidden_mode(p, DUE + timedelta(seconds=1)) == "points"
    assert policy.hidden_mode(rules(), DUE + timedelta(days=1)) == "full"  # the defaults
    assert policy.hidden_mode(rules(due=None), DUE + timedelta(days=900)) == "points"  # no due date: never after


def test_visible_result_full_keeps_hidden_feedback_but_never_output_or_grader_error():
    original = graded_result()
    before = repr(original)
    seen = policy.visible_result(original, "full")
    assert repr(original) == before  # the input is not changed
    assert [t["id"] for t in seen["tests"]] == ["test_softmax_sum", "test_softmax_axis", "test_hidden_batch",
                                                "test_after_large"]
    assert all("grader_error" not in t for t in seen["tests"])
    visible, axis, hidden, after = seen["tests"]
    assert visible["output"] == "printed by the student\n" and axis["misconception"] == "softmax_wrong_axis"
    assert "output" not in hidden and "output" not in after
    assert hidden["feedback"] == "expected [0.1 0.7 0.2] for x=[1 3 2]"
    assert hidden["misconception"] == "softmax_wrong_axis"
    assert (seen["score"], seen["max_score"]) == (4.5, 10.5) and "hidden_withheld" not in seen
    assert seen["figures"] == original["figures"] and seen["output"] == "student-visible output"


def test_visible_result_points_shows_only_the_points_of_hidden_tests():
    seen = policy.visible_result(graded_result(), "points")
    visible, axis, hidden, after = seen["tests"]
    assert visible["output"] == "printed by the student\n" and axis["feedback"] == "rows do not sum to 1"
    assert "grader_error" not in visible
    assert hidden == {"id": "test_hidden_batch", "name": "hidden: batch of 7", "score": 1.0, "max_score": 4.0,
                      "status": "failed", "visibility": "hidden", "feedback": "", "misconception": None}
    assert after == {"id": "test_after_large", "name": "after due: large inputs", "score": 1.5, "max_score": 1.5,
                     "status": "passed", "visibility": "after_due_date", "feedback": "", "misconception": None}
    assert (seen["score"], seen["max_score"]) == (4.5, 10.5)
    assert "0.7" not in repr(seen["tests"]) and "1000" not in repr(seen["tests"])


def test_visible_result_nothing_drops_hidden_tests_and_their_points():
    seen = policy.visible_result(graded_result(), "nothing")
    assert [t["id"] for t in seen["tests"]] == ["test_softmax_sum", "test_softmax_axis"]
    assert (seen["score"], seen["max_score"]) == (2.0, 5.0)  # the visible tests' points only
    assert seen["hidden_withheld"] is True and seen["hidden_count"] == 2
    assert "hidden" not in repr(seen["tests"]) and "x=[1 3 2]" not in repr(seen)
    assert seen["figures"] == {"softmax": {"x": [1, 2], "student": [0.3, 0.7]}}
    assert Result.from_dict(seen).score == 2.0  # still a Result's shape


def test_visible_result_nothing_keeps_an_ungraded_score_none_and_all_visible_is_unchanged():
    broken = graded_result()
    broken.update(status="grader_failed", score=None)
    seen = policy.visible_result(broken, "nothing")
    assert seen["score"] is None and seen["max_score"] == 5.0 and seen["hidden_count"] == 2
    only_visible = Result("s002", "a1_perceptron", 1.0, 2.0,
                          tests=[TestResult("step", 1.0, 2.0, "failed", feedback="f", id="test_step")]).to_dict()
    seen = policy.visible_result(only_visible, "nothing")
    assert seen == {**only_visible, "tests": [{k: v for k, v in only_visible["tests"][0].items()
                                                if k != "grader_error"}]}
    assert "hidden_withheld" not in seen
    with pytest.raises(ValueError):
        policy.visible_result(only_visible, "some")
