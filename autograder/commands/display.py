"""Terminal output for people: a progress bar while grading, the one-line-per-student summary after,
and every test of a record (``autograder show``, ``run --details``), in English or Korean (rich).

Every string printed here may come from a student (ids, feedback, what their code printed) or
from a hand-edited results.json: it is rendered as plain text (never rich markup), and control
characters are shown escaped, so nothing in it can move the cursor or recolour the terminal.
"""
from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from typing import Iterable

from rich.cells import cell_len
from rich.console import Console, Group
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..feedback import messages
from .. import mutants
from ..feedback import misconceptions
from ..results import Result, Summary

console = Console(stderr=True)

LANGS = ("en", "ko")

# The instructor's words (column headers, statuses, labels); every key in both languages.
LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "{assignment}: {n} submission(s)", "ko": "{assignment}: 제출물 {n}개"},
    "no_submissions": {"en": "no submissions", "ko": "제출물 없음"},
    "student": {"en": "student", "ko": "학생"},
    "score": {"en": "score", "ko": "점수"},
    "status": {"en": "status", "ko": "상태"},
    "failed": {"en": "failed", "ko": "실패"},
    "problem": {"en": "top mistake", "ko": "주요 실수"},
    "mean": {"en": "mean score {mean} of {max} over {n} graded submission(s)",
             "ko": "채점된 제출물 {n}개의 평균 점수 {mean} / {max}"},
    "status_graded": {"en": "graded", "ko": "채점됨"},
    "status_error": {"en": "error", "ko": "제출 오류"},
    "status_grader_failed": {"en": "grader_failed", "ko": "채점기 실패"},
    "test_passed": {"en": "passed", "ko": "통과"},
    "test_failed": {"en": "failed", "ko": "실패"},
    "test_error": {"en": "error", "ko": "오류"},
    "test_timeout": {"en": "timeout", "ko": "시간 초과"},
    "test_grader_failed": {"en": "grader_failed", "ko": "채점기 실패"},
    "tests_not_passed": {"en": "{failed} of {total} tests not passed", "ko": "테스트 {total}개 중 {failed}개 통과 못함"},
    "no_tests": {"en": "no tests ran", "ko": "실행된 테스트 없음"},
    "reason": {"en": "reason: {reason}", "ko": "사유: {reason}"},
    "hidden": {"en": "hidden", "ko": "비공개"},
    "after_due_date": {"en": "after due date", "ko": "마감 후 공개"},
    "mistake": {"en": "likely mistake: {id}{hint}", "ko": "예상되는 실수: {id}{hint}"},
    "output": {"en": "printed during the test:", "ko": "테스트 중 출력:"},
    "output_staff": {"en": "printed during the test (staff only):", "ko": "테스트 중 출력 (교수자만 봄):"},
    "record_output": {"en": "printed by the submission:", "ko": "제출물이 출력한 내용:"},
    "grader_error": {"en": "grader traceback (staff only):", "ko": "채점기 traceback (교수자만 봄):"},
    "not_found": {"en": "no student {student} in {path} ({n} records){suggestion}",
                  "ko": "{path} 에 학생 {student} 이(가) 없습니다 (기록 {n}개){suggestion}"},
    "suggestion": {"en": "; did you mean {names}?", "ko": ". 혹시 {names} 인가요?"},
    "no_such_file": {"en": "no such file", "ko": "그런 파일이 없습니다"},
    "is_a_folder": {"en": "is a folder, not a results.json", "ko": "results.json 이 아니라 폴더입니다"},
    "unreadable": {"en": "not a readable results.json ({detail})", "ko": "읽을 수 있는 results.json 이 아닙니다 ({detail})"},
    "not_records": {"en": "not a list of result records ({detail})", "ko": "결과 기록의 목록이 아닙니다 ({detail})"},
    "bad_record": {"en": "record {i}: {problem}", "ko": "{i}번째 기록: {problem}"},
    "bad_fields": {"en": "student_id, assignment and status must be strings, reason a string or null",
                   "ko": "student_id, assignment, status 는 문자열이고 reason 은 문자열 또는 null 이어야 합니다"},
    "bad_score": {"en": "score must be a number or null, max_score a number",
                  "ko": "score 는 숫자 또는 null, max_score 는 숫자여야 합니다"},
    "bad_test_score": {"en": "test {test}: score and max_score must be numbers",
                       "ko": "테스트 {test}: score 와 max_score 는 숫자여야 합니다"},
}

MARKS = {"passed": "✓", "failed": "✗"}  # anything else: "!"
_MIN_PROBLEM = 12  # cells the problem column keeps before the student column starts to fold


def label(key: str, lang: str = "en", **values) -> str:
    """``LABELS[key]`` in ``lang`` (English for a language it does not know), blanks filled in."""
    return messages.pick(LABELS[key], lang).format(**values)


@contextlib.contextmanager
def progress(total: int, *, quiet: bool = False):
    """Yield ``advance(result)``; shows a bar on a terminal, nothing when quiet or piped."""
    if quiet or not console.is_terminal:
        yield lambda result: None
        return
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda result: bar.update(task, advance=1, description=result.student_id)


def summary(results: list[Summary], lang: str = "en", *, out: Console | None = None) -> None:
    """One line per submission (student, score or —, status, tests not passed, the most frequent
    named mistake or else the first problem, cut at a word boundary to fit the terminal), then the
    mean over graded submissions and a count per status. Prints to stdout unless ``out`` is given."""
    out = out or _stdout()
    title = label("title", lang, assignment=plain(results[0].assignment, line=True), n=len(results)) if results \
        else label("no_submissions", lang)
    out.print(Text(title, style="bold"))
    out.print(summary_table(results, lang, width=out.width))
    for line in summary_footer(results, lang):
        out.print(Text(line))


def summary_table(results: list[Summary], lang: str = "en", *, width: int = 80) -> Table:
    """The summary's table, sized so that each row is one line of ``width`` cells."""
    headers = [label(k, lang) for k in ("student", "score", "status", "failed", "problem")]
    rows = [[plain(s.student_id, line=True), _score(s.score, s.max_score) if s.graded else "—",
             _status(s.status, lang),
             str(s.failed) if s.failed or s.graded else "—",
             plain(mutants.short(s.top_mistake) if s.top_mistake else s.first_problem, line=True)] for s in results]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    gaps = 2 * (len(headers) - 1)  # box=None: one cell of padding each side between columns
    room = width - gaps - sum(widths[:4])
    student_width = None
    if room < _MIN_PROBLEM:  # very long ids: fold the id rather than cut it
        student_width = max(cell_len(headers[0]), widths[0] - (_MIN_PROBLEM - room))
        room = _MIN_PROBLEM
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column(headers[0], no_wrap=student_width is None, overflow="fold", max_width=student_width)
    table.add_column(headers[1], justify="right", no_wrap=True)
    table.add_column(headers[2], no_wrap=True)
    table.add_column(headers[3], justify="right", no_wrap=True)
    table.add_column(headers[4], no_wrap=True, overflow="ellipsis")
    for s, row in zip(results, rows):
        style = "green" if s.graded and s.score == s.max_score else ("" if s.graded else "red")
        row[4] = clip(row[4], max(room, 1))
        table.add_row(*map(Text, row), style=style)
    return table


def summary_footer(results: list[Summary], lang: str = "en") -> list[str]:
    """The mean over graded submissions (when any) and the number of submissions per status."""
    lines = []
    graded = [s.score for s in results if s.graded]
    if graded:
        lines.append(label("mean", lang, mean=f"{sum(graded) / len(graded):.2f}", max=_num(results[0].max_score),
                           n=len(graded)))
    statuses = ["graded", "error", "grader_failed"]
    statuses += sorted({s.status for s in results} - set(statuses))
    counts = [(status, sum(s.status == status for s in results)) for status in statuses]
    lines.append(" · ".join(f"{_status(status, lang)} {n}" for status, n in counts))
    return lines


def record(result: Result, lang: str = "en", *, output: bool = True) -> Group:
    """Every test of one record: id, title, points, status, full feedback, the misconception (with
    its hint), and, when ``output``, what the code printed (staff view); a record that was not
    graded shows its reason."""
    score = _score(result.score, result.max_score) if result.graded else f"—/{_num(result.max_score)}"
    failed = sum(t.status != "passed" for t in result.tests)
    counted = label("tests_not_passed", lang, failed=failed, total=len(result.tests)) if result.tests \
        else label("no_tests", lang)
    head = Text()
    head.append(plain(result.student_id, line=True), style="bold")
    head.append(f" · {plain(result.assignment, line=True)} · {score} · ")
    head.append(_status(result.status, lang), style="" if result.graded else "bold red")
    head.append(f" · {counted}")
    parts = [_Indented(head, 0, hang=2)]
    if result.reason:
        parts.append(_indented(label("reason", lang, reason=plain(result.reason)), 2, style="red"))
    for t in result.tests:
        parts.extend(_test(t, lang, output))
    if output and result.output and not any(t.output for t in result.tests):
        parts.append(_indented(label("record_output", lang), 2, style="dim"))
        parts.append(_indented(plain(result.output).rstrip("\n"), 4))
    return Group(*parts)


def details(results: Path | str | Iterable[Result], lang: str = "en", *, output: bool = False,
            out: Console | None = None) -> None:
    """Every student's record, test by test, with full feedback (``run --details``). ``results`` is a
    results.json path or the records themselves; ``output=True`` adds what the code printed."""
    if isinstance(results, (str, Path)):
        from ..writers import results_json

        results = results_json.read(Path(results))
    out = out or _stdout()
    for i, result in enumerate(results):
        if i:
            out.print()
        out.print(record(result, lang, output=output))


def _test(t, lang: str, output: bool) -> list:
    line = Text(MARKS.get(t.status, "!"), style="green" if t.status == "passed" else "red")
    line.append(" ")
    if t.id:
        line.append(plain(t.id, line=True), style="bold")
        line.append(" · ")
    line.append(f"{_score(t.score, t.max_score)} · {_test_status(t.status, lang)}")
    if t.visibility in ("hidden", "after_due_date"):
        line.append(f" ({label(t.visibility, lang)})", style="dim")
    line.append(f" · {plain(t.name, line=True)}")
    parts = [_Indented(line, 2, hang=4)]
    if t.feedback:
        parts.append(_indented(plain(t.feedback), 6))
    if t.misconception:
        hint = misconceptions.hint(t.misconception, lang) if misconceptions.known(t.misconception) else ""
        parts.append(_indented(label("mistake", lang, id=plain(mutants.short(t.misconception), line=True),
                                     hint=f" — {hint}" if hint else ""), 6, style="yellow"))
    if output and t.output:
        parts.append(_indented(label("output_staff" if t.visibility != "visible" else "output", lang), 6, style="dim"))
        parts.append(_indented(plain(t.output).rstrip("\n"), 8))
    if output and t.grader_error:
        parts.append(_indented(label("grader_error", lang), 6, style="dim"))
        parts.append(_indented(plain(t.grader_error).rstrip("\n"), 8))
    return parts


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole, or cut after a whole word with "…" (inside one
    long word, after a ``_ - . / :`` piece of it; only a first piece wider than ``width`` is cut)."""
    if cell_len(text) <= width:
        return text
    room = width - 1  # the "…"
    words = [m.end() for m in re.finditer(r"\S+", text)]
    cut = max((end for end in words if cell_len(text[:end].rstrip(",;:")) <= room), default=0)
    if not cut:  # a first word wider than the column: cut it after one of its pieces
        pieces = [m.end() for m in re.finditer(r"[^_\-./:\s]+[_\-./:]*", text)]
        cut = max((end for end in pieces if cell_len(text[:end]) <= room), default=0)
    if not cut:
        while cut < len(text) and cell_len(text[:cut + 1]) <= room:
            cut += 1
    return text[:cut].rstrip(",;:_-./ ") + "…"


# control characters (but tab and newline) and the bidirectional overrides that reorder what is shown
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(value, *, line: bool = False) -> str:
    """``value`` as terminal-safe text: control characters escaped (``\\x1b``); with ``line``, on one
    line (whitespace runs, newlines included, become one space)."""
    text = value if type(value) is str else str(value)
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return " ".join(text.split()) if line else text.replace("\t", "    ")


class _Indented:
    """``text`` wrapped at word boundaries (a word wider than the line folds) ``left`` cells in,
    its later lines ``hang`` cells in, without the trailing spaces a ``Padding`` would add."""

    def __init__(self, text: str | Text, left: int, style: str = "", hang: int | None = None):
        self.text = Text(text, style=style) if isinstance(text, str) else text
        self.left, self.hang = left, left if hang is None else hang

    def __rich_console__(self, console: Console, options):
        first = max(options.max_width - self.left, 8)
        lines = self.text.wrap(console, first, overflow="fold")
        if len(lines) > 1 and self.hang != self.left:  # re-wrap what follows the first line
            rest = self.text[len(lines[0].plain):]
            rest = rest[len(rest.plain) - len(rest.plain.lstrip()):]
            lines = [lines[0], *rest.wrap(console, max(options.max_width - self.hang, 8), overflow="fold")]
        for i, line in enumerate(lines):
            line.rstrip()
            yield Text(" " * (self.left if i == 0 else self.hang)) + line


def _indented(text: str, left: int, style: str = "") -> _Indented:
    return _Indented(text, left, style)


def _stdout() -> Console:
    return Console(file=sys.stdout, highlight=False)


def _status(status: str, lang: str) -> str:
    key = f"status_{status}"
    return label(key, lang) if key in LABELS else plain(status, line=True)


def _test_status(status: str, lang: str) -> str:
    key = f"test_{status}"
    return label(key, lang) if key in LABELS else plain(status, line=True)


def _score(score, max_score) -> str:
    return f"{_num(score)}/{_num(max_score)}"


def _num(x) -> str:
    """2 decimals at most, no trailing zeros: 12.5, 7.33, 3."""
    try:
        return f"{float(x):.2f}".rstrip("0").rstrip(".")
    except (TypeError, ValueError):
        return plain(x, line=True)
