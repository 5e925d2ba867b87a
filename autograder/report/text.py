"""Every sentence of the HTML reports, in English and Korean. Every key has both; a test checks it.

``render(key, lang, **values)`` fills one in (unknown ``lang`` falls back to English). Values are
filled in as given: the caller escapes the result for HTML. Figure labels drawn by matplotlib
stay English (a Korean font may be missing); their Korean explanation is the HTML caption here.
"""
from __future__ import annotations

from .. import course
from ..feedback.messages import pick

LANGS = ("en", "ko")

TEXT: dict[str, dict[str, str]] = {
    # -- student page
    "student_title": {"en": "{assignment}: report for {student}", "ko": "{assignment}: {student} 채점 결과"},
    "score": {"en": "Score", "ko": "점수"},
    "tests_passed": {"en": "{passed} of {total} tests passed", "ko": "테스트 {total}개 중 {passed}개 통과"},
    "not_graded": {"en": "This submission could not be graded: {reason}",
                   "ko": "이 제출물은 채점할 수 없었습니다: {reason}"},
    "tests": {"en": "Tests", "ko": "테스트"},
    "test": {"en": "Test", "ko": "테스트"},
    "result": {"en": "Result", "ko": "결과"},
    "points": {"en": "Points", "ko": "점수"},
    "feedback": {"en": "Feedback", "ko": "피드백"},
    "passed": {"en": "passed", "ko": "통과"},
    "failed": {"en": "failed", "ko": "실패"},
    "error": {"en": "error", "ko": "오류"},
    "timeout": {"en": "timed out", "ko": "시간 초과"},
    "hidden": {"en": "hidden test", "ko": "비공개 테스트"},
    "after_due_date": {"en": "details after the due date", "ko": "마감 후 공개"},
    "output": {"en": "What your code printed", "ko": "코드가 출력한 내용"},
    "output_truncated": {"en": "(the first {shown} of {total} characters)",
                         "ko": "(전체 {total}자 중 처음 {shown}자)"},
    "graded_in": {"en": "Graded in {seconds} s.", "ko": "채점 시간 {seconds}초."},
    # -- figures on the student page (each figure's caption is beside it, in source_lib/<a>/figures.py)
    "figures": {"en": "Your code, drawn", "ko": "그림으로 보는 내 코드"},
    "fig_missing": {
        "en": "Not drawn for your code (it raised an error, took too long, or returned something of another "
              "type or shape): {names}.",
        "ko": "내 코드의 그래프를 그리지 못했습니다 (오류, 시간 초과, 또는 다른 타입이나 shape 의 반환값): {names}.",
    },
    # -- class overview
    "class_title": {"en": "{assignment}: class overview", "ko": "{assignment}: 수강생 전체 현황"},
    "submissions": {"en": "{total} submissions, {graded} graded", "ko": "제출물 {total}개, 채점 완료 {graded}개"},
    "mean_median": {"en": "Mean {mean}%, median {median}% of the maximum score",
                    "ko": "만점 대비 평균 {mean}%, 중앙값 {median}%"},
    "histogram": {"en": "Score distribution", "ko": "점수 분포"},
    "histogram_alt": {"en": "Histogram: number of students per 10% band of the maximum score",
                      "ko": "히스토그램: 만점 대비 10% 구간별 학생 수"},
    "band": {"en": "Score band", "ko": "점수 구간"},
    "count": {"en": "Submissions", "ko": "제출물 수"},
    "numbers": {"en": "The numbers", "ko": "숫자로 보기"},
    "students": {"en": "Students", "ko": "학생"},
    "pass_rates": {"en": "Pass rate per test", "ko": "테스트별 통과율"},
    "pass_rate": {"en": "Passed", "ko": "통과율"},
    "grader_errors": {"en": "Grader errors", "ko": "채점기 오류"},
    "misconceptions": {"en": "Most common mistakes", "ko": "자주 나온 실수"},
    "mistake": {"en": "Mistake", "ko": "실수"},
    "hint": {"en": "Hint given", "ko": "학생에게 준 힌트"},
    "no_mistakes": {"en": "No known mistake was diagnosed.", "ko": "진단된 알려진 실수가 없습니다."},
    "student": {"en": "Student", "ko": "학생"},
    "status": {"en": "Status", "ko": "상태"},
    "graded": {"en": "graded", "ko": "채점 완료"},
    "not_gradable": {"en": "not graded", "ko": "채점 불가"},
    "csv": {"en": "The same numbers as CSV: {name}", "ko": "같은 내용의 CSV 파일: {name}"},
}


def title(assignment_id: str, lang: str = "en") -> str:
    """``a2_functions · Activation and loss functions`` (the title its assignment.toml gives, in
    ``lang``), or the id alone for an assignment the course in use does not have."""
    try:
        return f"{assignment_id} · {course.get(assignment_id).title_in(lang)}"
    except course.CourseError:
        return str(assignment_id)


def render(key: str, lang: str = "en", **values) -> str:
    """The text ``key`` in ``lang`` ("en" or "ko"), with ``values`` filled in. Raises KeyError for an unknown key."""
    text = pick(TEXT[key], lang)
    return text.format(**values) if values else text
