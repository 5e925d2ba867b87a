"""The instructor's terminal: the 80-column summary (one line per student, no word cut, en + ko),
`autograder show` on graded, error and grader_failed records, and `display.details`."""
from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from autograder.cli import main
from autograder.commands import display
from autograder.feedback.messages import MESSAGES
from autograder.results import Result, TestResult
from autograder.writers import results_json

A = "a2_functions"
LONG = ("softmax: you returned a different value than expected for a batch of inputs; each row must be "
        "normalised on its own, so check the axis and keepdims of both max and sum")
LONG_KO = ("배치 입력에 대해 기대한 값과 다른 값을 반환했습니다; 각 행을 따로 정규화해야 하므로 max 와 sum 의 "
           "axis 와 keepdims 를 확인하세요")
MISSING = "functions.py is missing from your submission (found function.py: rename it to functions.py?)"
IDS = ["alice", "kim.minjun.2024.csai", "student_with_a_long_id", "bob_missing_files", "carol", "dave"]


def graded(student_id: str, feedback: str = LONG) -> Result:
    """3 failed tests, 2 of them naming softmax_wrong_axis (not the first one), 1 passed."""
    tests = [
        TestResult("cross-entropy of a batch", 0.5, 2.0, "failed", "cross_entropy_error: divide by the batch size",
                   misconception="cee_no_batch_average", id="test_cee_batch"),
        TestResult("softmax on a batch", 0.0, 2.0, "failed", feedback, misconception="softmax_wrong_axis",
                   id="test_softmax_batch", output="row sums: [1.0, 3.2]\nsecond line\n"),
        TestResult("softmax of large inputs", 0.0, 1.0, "failed", "softmax: wrong values",
                   visibility="hidden", misconception="softmax_wrong_axis", id="test_softmax_large",
                   output="hidden input echoed\n"),
        TestResult("sigmoid", 1.0, 1.0, "passed", id="test_sigmoid"),
    ]
    return Result(student_id, A, 1.5, 6.0, tests=tests)


def grader_failed(student_id: str) -> Result:
    tests = [TestResult("sigmoid", 1.0, 1.0, "passed", id="test_sigmoid"),
             TestResult("relu", 0.0, 1.0, "grader_failed", MESSAGES["grader_failed"]["en"], id="test_relu",
                        grader_error="Traceback (most recent call last):\n  KeyError: 'relu_reference'")]
    return Result(student_id, A, 1.0, 2.0, tests=tests).settled()


def no_mistake_named(student_id: str) -> Result:
    tests = [TestResult("step of an array", 0.0, 6.0, "error",
                        "your code raised ValueError: The truth value of an array with more than one element is "
                        "ambiguous, use a.any() or a.all()", id="test_step_array")]
    return Result(student_id, A, 0.0, 6.0, tests=tests)


def klass(feedback: str = LONG) -> list[Result]:
    return [graded(IDS[0], feedback), graded(IDS[1], feedback), graded(IDS[2], feedback),
            Result.failed(IDS[3], A, 6.0, MISSING), grader_failed(IDS[4]), no_mistake_named(IDS[5])]


@pytest.fixture
def width80(monkeypatch):
    """stdout is captured (not a terminal): rich then takes its width from COLUMNS."""
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


def vocabulary(results: list[Result], lang: str) -> set[str]:
    """Every whole word the summary may print: of the ids, texts, labels, plus their forms without
    trailing punctuation (a cut "inputs;" shows as "inputs…")."""
    texts = [w for ws in display.LABELS.values() for w in ws.values()]
    for r in results:
        texts += [r.student_id, r.assignment, r.status, r.summary().first_problem]
        texts += [v for t in r.tests for v in (t.name, t.feedback, t.misconception or "", t.id)]
    words = {w for text in texts for w in text.split()}
    return words | {w.rstrip(",;:.") for w in words} | {w.strip("()") for w in words}


def summary_lines(capsys, results, lang="en") -> list[str]:
    display.summary([r.summary() for r in results], *([lang] if lang != "en" else []))
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("lang, feedback", [("en", LONG), ("ko", LONG_KO)], ids=["en", "ko"])
def test_the_80_column_summary_has_one_line_per_student_and_cuts_no_word(capsys, width80, lang, feedback):
    results = klass(feedback)
    lines = summary_lines(capsys, results, lang)
    rows = [i for i, line in enumerate(lines) if any(sid in line for sid in IDS)]
    assert [next(s for s in IDS if s in lines[i]) for i in rows] == IDS  # one line each, in order
    assert rows == list(range(rows[0], rows[0] + len(IDS)))  # no continuation line between them
    assert all(cell_len(line) <= 80 for line in lines)
    words = vocabulary(results, lang)
    for i in rows:
        for token in lines[i].split():
            bare = token.rstrip("…")
            assert bare in words or re.fullmatch(r"[\d.]+/[\d.]+|\d+|—", bare) or \
                any(w.startswith(bare) and w[len(bare):len(bare) + 1] in "_-./:" for w in words if bare), \
                f"cut word {token!r} in {lines[i]!r}"
    alice = lines[rows[0]]
    assert "softmax_wrong_axis" in alice  # the most frequent named mistake, though cee's came first
    assert "cee_no_batch_average" not in alice


def test_the_summary_shows_scores_failed_counts_and_the_count_per_status(capsys, width80):
    lines = summary_lines(capsys, klass())
    row = {sid: next(line for line in lines if sid in line).split() for sid in IDS}
    assert row["alice"][1:4] == ["1.5/6", "graded", "3"]
    assert row["bob_missing_files"][1:3] == ["—", "error"]
    assert row["bob_missing_files"][3] == "—"  # no test ran: not "0 failed"
    assert row["bob_missing_files"][4:6] == ["functions.py", "is"]  # the reason, from its start
    assert row["carol"][1:4] == ["—", "grader_failed", "1"]
    assert row["carol"][4:7] == ["the", "grader", "could"]
    assert row["dave"][1:4] == ["0/6", "graded", "1"]
    assert row["dave"][4:9] == ["step", "of", "an", "array:", "your…"]  # no mistake named: the first problem
    assert lines[-2] == "mean score 1.12 of 6 over 4 graded submission(s)"
    assert lines[-1] == "graded 4 · error 1 · grader_failed 1"


def test_korean_headers_statuses_and_counts(capsys, width80):
    lines = summary_lines(capsys, klass(LONG_KO), "ko")
    header = next(line for line in lines if "학생" in line).split()
    assert header == ["학생", "점수", "상태", "실패", "주요", "실수"]
    assert lines[0] == "a2_functions: 제출물 6개"
    assert next(line for line in lines if "bob_missing_files" in line).split()[2:4] == ["제출", "오류"]
    assert lines[-2] == "채점된 제출물 4개의 평균 점수 1.12 / 6"
    assert lines[-1] == "채점됨 4 · 제출 오류 1 · 채점기 실패 1"


def test_result_summary_counts_tests_not_passed_and_the_most_frequent_misconception():
    s = graded("alice").summary()
    assert (s.failed, s.top_mistake) == (3, "softmax_wrong_axis")
    assert (no_mistake_named("dave").summary().failed, no_mistake_named("dave").summary().top_mistake) == (1, "")
    assert Result.failed("bob", A, 6.0, MISSING).summary().failed == 0


def test_ids_too_long_for_80_columns_fold_whole_and_the_feedback_still_cuts_at_a_boundary():
    out = Console(width=80, record=True, file=open("/dev/null", "w"))
    sid = "a.student.id.far.longer.than.anything.a.university.hands.out.2024"
    display.summary([graded(sid).summary(), Result.failed("bob", A, 6.0, MISSING).summary()], out=out)
    lines = out.export_text().splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    bob = next(i for i, line in enumerate(lines) if line.startswith("bob "))
    assert "".join(line.split()[0] for line in lines[2:bob]) == sid  # folded over lines, nothing of it lost
    assert lines[2].split()[1:5] == ["1.5/6", "graded", "3", "softmax…"]
    assert lines[bob].split()[1:] == ["—", "error", "—", "functions…"]  # 12 cells: "functions.py" cut after a piece


@pytest.mark.parametrize("text, width, expected", [
    ("you returned a different value", 30, "you returned a different value"),
    ("you returned a different value", 20, "you returned a…"),
    ("a batch of inputs; each row", 20, "a batch of inputs…"),
    ("softmaxloss_no_batch_divide", 20, "softmaxloss_no…"),
    ("배치 입력에 대해 기대한 값과", 12, "배치 입력에…"),
    ("abcdefghijklmnop", 6, "abcde…"),
])
def test_clip_cuts_after_a_whole_word(text, width, expected):
    assert display.clip(text, width) == expected
    assert cell_len(display.clip(text, width)) <= width


def show(path, *args) -> int:
    return main(["show", str(path), *args])


@pytest.fixture
def results_file(tmp_path):
    path = tmp_path / "results.json"
    results_json.write(klass(), path)
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def test_show_a_graded_record_lists_every_test_with_full_feedback_misconception_and_output(
        capsys, width80, results_file):
    assert show(results_file, "alice") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("alice · a2_functions · 1.5/6 · graded · 3 of 4 tests not passed")
    for test_id, title in [("test_cee_batch", "cross-entropy of a batch"), ("test_softmax_batch", "softmax on a batch"),
                           ("test_softmax_large", "softmax of large inputs"), ("test_sigmoid", "sigmoid")]:
        assert out.count(f"{test_id} · ") == 1 and f" · {title}\n" in out
    assert "✗ test_softmax_batch · 0/2 · failed · softmax on a batch" in out
    assert "✗ test_softmax_large · 0/1 · failed (hidden) · softmax of large inputs" in out
    assert "✓ test_sigmoid · 1/1 · passed · sigmoid" in out
    assert flat(LONG) in flat(out)  # the whole feedback, wrapped but never cut
    assert "likely mistake: softmax_wrong_axis — on a batch, softmax must normalise each row" in flat(out)
    assert "printed during the test: row sums: [1.0, 3.2] second line" in flat(out)
    assert "(hidden)" in out and "printed during the test (staff only): hidden input echoed" in flat(out)
    assert all(cell_len(line) <= 80 for line in out.splitlines())


def test_show_an_error_record_gives_its_reason(capsys, width80, results_file):
    assert show(results_file, "bob_missing_files") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "bob_missing_files · a2_functions · —/6 · error · no tests ran"
    assert f"reason: {MISSING}" in flat(out)


def test_show_a_grader_failed_record_gives_its_reason_and_the_traceback(capsys, width80, results_file):
    assert show(results_file, "carol") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "carol · a2_functions · —/2 · grader_failed · 1 of 2 tests not passed"
    assert "reason: the grader could not run 1 of 2 tests (first: test_relu)" in flat(out)
    assert "! test_relu · 0/1 · grader_failed · relu" in out
    assert "grader traceback (staff only): Traceback (most recent call last): KeyError: 'relu_reference'" in flat(out)


def test_show_in_korean(capsys, width80, results_file):
    assert show(results_file, "alice", "--lang", "ko") == 0
    out = flat(capsys.readouterr().out)
    assert "alice · a2_functions · 1.5/6 · 채점됨 · 테스트 4개 중 3개 통과 못함" in out
    assert "test_softmax_batch · 0/2 · 실패 · softmax on a batch" in out
    assert "예상되는 실수: softmax_wrong_axis — 배치에서는 각 행을 정규화해야 합니다" in out
    assert "(비공개)" in out and "테스트 중 출력 (교수자만 봄): hidden input echoed" in out


def test_show_a_student_not_in_the_file_says_so_and_exits_2(capsys, width80, results_file):
    assert show(results_file, "alicee") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no student 'alicee' in {results_file} (6 records); did you mean 'alice'?" in captured.err


@pytest.mark.parametrize("content, problem", [
    (None, "no such file"), ("{not json", "not a readable results.json"), ('{"a": 1}', "not a list of result records"),
    ('[{"student_id": "x", "assignment": "a", "score": "lots", "max_score": 3}]',
     "record 0: score must be a number or null"),
])
def test_show_an_unreadable_results_file_exits_2(capsys, tmp_path, content, problem):
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content)
    assert show(path, "alice") == 2
    assert problem in capsys.readouterr().err


def test_show_without_a_student_prints_the_summary(capsys, width80, results_file):
    assert show(results_file) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum(any(sid in line for sid in IDS) for line in lines) == len(IDS)
    assert lines[-1] == "graded 4 · error 1 · grader_failed 1"


def test_details_prints_every_students_tests_from_a_results_file(capsys, width80, results_file):
    display.details(results_file)
    out = capsys.readouterr().out
    heads = [line for line in out.splitlines() if re.match(r"\S+ · a2_functions · ", line)]
    assert [h.split(" · ")[0] for h in heads] == IDS
    assert flat(out).count(flat(LONG)) == 3
    assert "row sums" not in out  # output only when asked for
    display.details(results_json.read(results_file), "ko", output=True)
    assert "row sums: [1.0, 3.2]" in capsys.readouterr().out


def test_text_from_a_student_is_never_markup_or_a_terminal_control(capsys, width80):
    hostile = Result("[bold red]x[/bold red]\x1b[2J", A, 0.0, 1.0, tests=[
        TestResult("[link=http://x]t[/link]", 0.0, 1.0, "failed", "fb \x1b]0;owned\x07 \u202eevil", id="test_x",
                   output="\x1b[31mred\x1b[0m\r\n\x9b2J")])
    display.summary([hostile.summary()])  # records as built, not through results.json's text.safe
    display.details([hostile], output=True)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out and "\x9b" not in out
    assert "[bold red]x[/bold red]" in out and "[link=http://x]t[/link]" in out
    assert "\\u202eevil" in out and "\\x1b[31mred" in out  # shown escaped, not obeyed


def test_every_label_exists_in_both_languages_with_the_same_blanks():
    blanks = re.compile(r"{(\w+)}")
    for key, entry in display.LABELS.items():
        assert set(entry) == set(display.LANGS), key
        assert set(blanks.findall(entry["en"])) == set(blanks.findall(entry["ko"])), key


def test_a_long_test_title_wraps_under_its_test_not_at_the_left_margin():
    out = Console(width=80, record=True, file=open("/dev/null", "w"))
    title = "sigmoid is finite and right for inputs of plus and minus one thousand and for random batches"
    result = Result("alice", A, 1.0, 1.0, tests=[TestResult(title, 1.0, 1.0, "passed", id="test_sigmoid_is_stable")])
    display.details([result], out=out)
    lines = out.export_text().splitlines()
    assert lines[1].startswith("  ✓ test_sigmoid_is_stable · 1/1 · passed · sigmoid is")
    assert len(lines) == 3 and lines[2].startswith("    ") and not lines[2].startswith("     ")
    assert flat(" ".join(lines[1:])).endswith(title) and all(cell_len(line) <= 80 for line in lines)
