"""Every sentence of the served pages, in English and Korean (the form of ``i18n.MESSAGES``).

``page(lang)`` gives the templates their ``t(key, **values)``; a key missing here falls back to
``i18n.MESSAGES`` (the sentences the API shares with the pages), then to the key itself.
"""
from __future__ import annotations

from ..feedback.messages import pick
from . import i18n

TEXT: dict[str, dict[str, str]] = {
    "site": {"en": "Assignments", "ko": "과제"},
    "language": {"en": "Language", "ko": "언어"},
    "sign_in": {"en": "Sign in", "ko": "로그인"},
    "sign_out": {"en": "Sign out", "ko": "로그아웃"},
    "token": {"en": "Sign-in token", "ko": "로그인 토큰"},
    "token_help": {"en": "Paste the token from the sign-in link your instructor gave you.",
                   "ko": "담당 교수자가 준 로그인 링크의 토큰을 붙여 넣으세요."},
    "signed_in_as": {"en": "Signed in as {who}", "ko": "{who} 님으로 로그인됨"},
    "lti_sync": {"en": "Sync the roster from the LMS", "ko": "LMS 에서 명단 동기화"},
    "lti_sync_help": {"en": "Reads each LMS course that launched this tool (Names and Role Provisioning): new "
                            "learners are added, those no longer enrolled are deactivated (their work is kept).",
                      "ko": "이 도구를 실행한 각 LMS 강좌의 명단을 읽습니다 (Names and Role Provisioning). 새 학생은 추가하고, "
                            "더 이상 등록되지 않은 학생은 비활성화합니다 (제출물은 남습니다)."},
    "confirm_sign_in": {"en": "Sign in as {who}?", "ko": "{who} 님으로 로그인할까요?"},
    "confirm_help": {"en": "This link is the sign-in of the student named here. If that is not you, do not "
                           "continue: whatever you hand in would count for them.",
                     "ko": "이 링크는 위에 적힌 학생의 로그인 링크입니다. 본인이 아니라면 계속하지 마세요. 제출하는 내용이 "
                           "그 학생의 것으로 기록됩니다."},
    "assignments": {"en": "Your assignments", "ko": "내 과제"},
    "no_assignments": {"en": "No assignment is open for submission yet.", "ko": "아직 제출할 수 있는 과제가 없습니다."},
    "assignment": {"en": "Assignment", "ko": "과제"},
    "due": {"en": "Due", "ko": "마감"},
    "no_due": {"en": "no due date", "ko": "마감 없음"},
    "last_accepted": {"en": "Accepted until", "ko": "제출 가능 기한"},
    "late_penalty": {"en": "Late penalty", "ko": "지각 감점"},
    "per_day": {"en": "{pct} % of the points per day late", "ko": "하루 늦을 때마다 점수의 {pct} %"},
    "no_penalty": {"en": "none", "ko": "없음"},
    "attempts": {"en": "Attempts", "ko": "제출 횟수"},
    "attempts_of": {"en": "{used} of {limit} used, {left} left", "ko": "{limit}번 중 {used}번 사용, {left}번 남음"},
    "attempts_unlimited": {"en": "{used} used (no limit)", "ko": "{used}번 사용 (제한 없음)"},
    "best_score": {"en": "Best score", "ko": "최고 점수"},
    "none_yet": {"en": "none yet", "ko": "아직 없음"},
    "open_assignment": {"en": "Open", "ko": "열기"},
    "upload": {"en": "Hand in", "ko": "제출하기"},
    "upload_help": {"en": "Choose your .py module(s) or your .ipynb notebook (several files at once are fine).",
                    "ko": ".py 모듈(여러 개도 됩니다)이나 .ipynb 노트북을 선택하세요."},
    "submit": {"en": "Submit for grading", "ko": "채점 받기"},
    "history": {"en": "Your attempts", "ko": "내 제출 기록"},
    "no_history": {"en": "No attempt yet.", "ko": "아직 제출한 적이 없습니다."},
    "when": {"en": "Time", "ko": "시각"},
    "status": {"en": "Status", "ko": "상태"},
    "score": {"en": "Score", "ko": "점수"},
    "late": {"en": "Late", "ko": "지각"},
    "late_days": {"en": "{days} day(s) late: −{pct} %", "ko": "{days}일 지각: −{pct} %"},
    "on_time": {"en": "on time", "ko": "기한 내"},
    "details": {"en": "details", "ko": "자세히"},
    "result": {"en": "Result", "ko": "채점 결과"},
    "back_to": {"en": "Back to {title}", "ko": "{title}(으)로 돌아가기"},
    "back_home": {"en": "Back to your assignments", "ko": "내 과제로 돌아가기"},
    "waiting": {"en": "Grading… this page fills in by itself.", "ko": "채점 중입니다… 이 페이지는 저절로 채워집니다."},
    "rejected_because": {"en": "This upload was not graded: {reason}", "ko": "이 업로드는 채점되지 않았습니다: {reason}"},
    "not_graded_because": {"en": "This attempt could not be graded: {reason}",
                           "ko": "이 제출은 채점할 수 없었습니다: {reason}"},
    "tests": {"en": "Tests", "ko": "테스트"},
    "test": {"en": "Test", "ko": "테스트"},
    "points": {"en": "Points", "ko": "배점"},
    "feedback": {"en": "Feedback", "ko": "피드백"},
    "hidden_test": {"en": "hidden test", "ko": "숨긴 테스트"},
    "hidden_withheld": {"en": "{n} hidden test(s) are not shown yet; the score above counts only the tests shown.",
                        "ko": "숨긴 테스트 {n}개는 아직 보이지 않습니다. 위 점수는 보이는 테스트만 센 것입니다."},
    "figures": {"en": "Your functions next to the reference", "ko": "내 함수와 정답 비교"},
    "yours": {"en": "yours", "ko": "내 것"},
    "reference": {"en": "reference", "ko": "정답"},
    "files": {"en": "Files", "ko": "파일"},
    "status_queued": {"en": "queued", "ko": "대기 중"},
    "status_grading": {"en": "grading", "ko": "채점 중"},
    "status_graded": {"en": "graded", "ko": "채점 완료"},
    "status_not_graded": {"en": "not graded", "ko": "채점 안 됨"},
    "status_rejected": {"en": "rejected", "ko": "거부됨"},
    "status_error": {"en": "not gradable", "ko": "채점 불가"},
    "status_grader_failed": {"en": "grader failed", "ko": "채점기 오류"},
    "status_done": {"en": "done", "ko": "완료"},
    "test_passed": {"en": "passed", "ko": "통과"},
    "test_failed": {"en": "failed", "ko": "실패"},
    "test_error": {"en": "error", "ko": "오류"},
    "test_timeout": {"en": "timed out", "ko": "시간 초과"},
    "test_grader_failed": {"en": "grader failed", "ko": "채점기 오류"},
    "forbidden": {"en": "You may not see this page.", "ko": "이 페이지를 볼 수 없습니다."},
    "error_title": {"en": "Sorry", "ko": "죄송합니다"},
    # instructors
    "instructor": {"en": "Instructor", "ko": "교수자"},
    "username": {"en": "User name", "ko": "사용자 이름"},
    "password": {"en": "Password", "ko": "비밀번호"},
    "class_overview": {"en": "Assignments served", "ko": "제출받는 과제"},
    "students_submitted": {"en": "Students submitted", "ko": "제출한 학생"},
    "mean_score": {"en": "Mean score", "ko": "평균 점수"},
    "class_view": {"en": "Class view", "ko": "수업 현황"},
    "section": {"en": "Section", "ko": "분반"},
    "all_sections": {"en": "all sections", "ko": "모든 분반"},
    "all_statuses": {"en": "every status", "ko": "모든 상태"},
    "filter": {"en": "Filter", "ko": "걸러 보기"},
    "sort_by": {"en": "Sort by", "ko": "정렬"},
    "sort_score": {"en": "score", "ko": "점수"},
    "sort_student": {"en": "student", "ko": "학생"},
    "sort_time": {"en": "time", "ko": "시각"},
    "histogram": {"en": "Scores of the latest attempts ({n} graded)", "ko": "최근 제출 점수 (채점 {n}건)"},
    "pass_rates": {"en": "Pass rate of each test", "ko": "테스트별 통과율"},
    "mistakes": {"en": "Named mistakes", "ko": "드러난 실수"},
    "no_mistakes": {"en": "No named mistake in the latest attempts.", "ko": "최근 제출에서 드러난 실수가 없습니다."},
    "mistake_share_section": {"en": "{pct} % of this section's {assignment} attempts ({n} of {total}): {hint}",
                              "ko": "이 분반의 {assignment} 제출 중 {pct} % ({total}건 중 {n}건): {hint}"},
    "mistake_share_class": {"en": "{pct} % of the class's {assignment} attempts ({n} of {total}): {hint}",
                            "ko": "전체 {assignment} 제출 중 {pct} % ({total}건 중 {n}건): {hint}"},
    "submissions": {"en": "Latest submission of each student", "ko": "학생별 최근 제출"},
    "student": {"en": "Student", "ko": "학생"},
    "name": {"en": "Name", "ko": "이름"},
    "regrade_all": {"en": "Regrade every latest submission", "ko": "최근 제출 모두 다시 채점"},
    "regrade_one": {"en": "Regrade this attempt", "ko": "이 제출 다시 채점"},
    "exports": {"en": "Exports", "ko": "내보내기"},
    "refreshes": {"en": "This page refreshes every 10 seconds.", "ko": "이 페이지는 10초마다 새로 고쳐집니다."},
    "student_attempts": {"en": "Every attempt of {who}", "ko": "{who} 학생의 모든 제출"},
    "grading_history": {"en": "Grading history", "ko": "채점 기록"},
    "why": {"en": "Why", "ko": "사유"},
    "raw_score": {"en": "Raw score", "ko": "원점수"},
    "staff_only": {"en": "staff only", "ko": "교수자 전용"},
    "output": {"en": "Output", "ko": "출력"},
    "attempt": {"en": "Attempt #{id}", "ko": "제출 #{id}"},
    "visibility_visible": {"en": "visible", "ko": "공개"},
    "visibility_hidden": {"en": "hidden", "ko": "숨김"},
    "visibility_after_due_date": {"en": "after the due date", "ko": "마감 후 공개"},
    "export_failed": {"en": "{kind} could not be made from these results: {why}",
                      "ko": "이 결과로는 {kind} 파일을 만들 수 없습니다: {why}"},
    "bad_regrade": {"en": "name an assignment or a submission to regrade", "ko": "다시 채점할 과제나 제출을 지정하세요"},
}


def get(key: str, lang: str, **values) -> str:
    entry = TEXT.get(key) or i18n.MESSAGES.get(key)
    if entry is None:
        return key
    return pick(entry, lang).format(**values)


def page(lang: str):
    """The ``t(key, **values)`` the templates use."""
    return lambda key, **values: get(key, lang, **values)
