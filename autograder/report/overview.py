"""The instructor's class overview: score histogram, pass rate per test, most common mistakes.

``summarize(results)`` → one ``Overview`` per assignment (plain numbers); ``render`` makes the
HTML page (linking each student's page), ``csv_text`` the same numbers as one long-format CSV:

``section,assignment,item,count,total,fraction`` with ``section`` one of

- ``test``: item = test name, count = submissions that passed it, total = submissions that
  ran it (graded ones), fraction = pass rate;
- ``grader_error``: item = test name, count = submissions where the grader failed on it (only
  when > 0);
- ``histogram``: item = a band of the score in percent of the maximum (``0-10`` … ``90-100``,
  100 % in the last band), count = graded submissions in it, total = graded submissions (an
  ungraded one has no score, as in grades.csv);
- ``misconception``: item = mistake id, count = submissions where it was diagnosed (once per
  submission), total = all submissions. Most common first.
"""
from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from html import escape

from ..feedback import misconceptions
from ..results import Result
from . import figures, text
from .student import number, page, percent

BANDS = [f"{10 * i}-{10 * i + 10}" for i in range(10)]
COLUMNS = ("section", "assignment", "item", "count", "total", "fraction")


@dataclass
class TestStat:
    """One test across the class: submissions that ``ran`` it, ``passed`` it, hit a grader failure on it."""

    name: str
    passed: int = 0
    ran: int = 0
    grader_errors: int = 0


@dataclass
class Overview:
    """The numbers of one assignment's class. ``percents``: each submission's score in % of the maximum."""

    assignment: str
    total: int = 0
    graded: int = 0
    percents: list[float] = field(default_factory=list)
    histogram: list[int] = field(default_factory=lambda: [0] * 10)
    tests: dict[str, TestStat] = field(default_factory=dict)
    mistakes: list[tuple[str, int]] = field(default_factory=list)


def summarize(results: list[Result]) -> list[Overview]:
    """One ``Overview`` per assignment, in order of first appearance."""
    by_assignment: dict[str, list[Result]] = {}
    for r in results:
        by_assignment.setdefault(r.assignment, []).append(r)
    return [_summarize_one(a, rs) for a, rs in by_assignment.items()]


def _summarize_one(assignment: str, results: list[Result]) -> Overview:
    o = Overview(assignment, total=len(results), graded=sum(r.status == "graded" for r in results))
    mistakes: Counter = Counter()
    for r in results:
        if r.graded:
            pct = percent(r.score, r.max_score)
            o.percents.append(pct)
            o.histogram[min(max(int(pct // 10), 0), 9)] += 1
        for t in r.tests:
            stat = o.tests.setdefault(t.name, TestStat(t.name))
            stat.ran += 1
            stat.passed += t.status == "passed"
            stat.grader_errors += t.grader_error is not None
        mistakes.update({t.misconception for t in r.tests if t.misconception})
    o.mistakes = sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))
    return o


def csv_text(results: list[Result]) -> str:
    """The overview as CSV text (see the module docstring for the columns)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(COLUMNS)
    for o in summarize(results):
        for s in o.tests.values():
            out.writerow(["test", o.assignment, s.name, s.passed, s.ran, _fraction(s.passed, s.ran)])
        for s in o.tests.values():
            if s.grader_errors:
                out.writerow(["grader_error", o.assignment, s.name, s.grader_errors, s.ran, _fraction(s.grader_errors, s.ran)])
        for band, count in zip(BANDS, o.histogram):
            out.writerow(["histogram", o.assignment, band, count, o.graded, _fraction(count, o.graded)])
        for m, count in o.mistakes:
            out.writerow(["misconception", o.assignment, m, count, o.total, _fraction(count, o.total)])
    return buf.getvalue()


def _fraction(count: int, total: int) -> str:
    return f"{count / total:.4f}" if total else ""


def render(results: list[Result], links: list[str], lang: str = "en", csv_name: str = "overview.csv") -> str:
    """The class page. ``links[i]`` is the (already URL-safe) href of ``results[i]``'s page."""
    overviews = summarize(results)
    sections = []
    for o in overviews:
        own = [(r, link) for r, link in zip(results, links) if r.assignment == o.assignment]
        sections.append("\n".join([_header(o, lang), _histogram(o, lang), _pass_rates(o, lang),
                                   _mistakes(o, lang), _students(own, lang)]))
    names = ", ".join(text.title(o.assignment, lang) for o in overviews) or "-"
    note = f'<footer>{escape(text.render("csv", lang, name=""))}<a href="{escape(csv_name)}">{escape(csv_name)}</a></footer>'
    return page(text.render("class_title", lang, assignment=names), "\n".join(sections) + note, lang)


def _header(o: Overview, lang: str) -> str:
    mean = statistics.fmean(o.percents) if o.percents else 0.0
    median = statistics.median(o.percents) if o.percents else 0.0
    return (f"<header><h1>{escape(text.render('class_title', lang, assignment=text.title(o.assignment, lang)))}</h1></header>"
            f'<div class="card"><div>{escape(text.render("submissions", lang, total=o.total, graded=o.graded))}</div>'
            f'<div>{escape(text.render("mean_median", lang, mean=f"{mean:.0f}", median=f"{median:.0f}"))}</div></div>')


def _histogram(o: Overview, lang: str) -> str:
    alt = escape(text.render("histogram_alt", lang), quote=True)
    rows = "".join(f"<tr><td>{band}%</td><td>{count}</td></tr>" for band, count in zip(BANDS, o.histogram))
    return (f"<section><h2>{escape(text.render('histogram', lang))}</h2>"
            f'<figure><img src="{figures.score_histogram(o.histogram)}" alt="{alt}">'
            f'<details><summary>{escape(text.render("numbers", lang))}</summary>'
            f'<table><thead><tr><th>{escape(text.render("band", lang))}</th>'
            f'<th>{escape(text.render("count", lang))}</th></tr></thead><tbody>{rows}</tbody></table>'
            f"</details></figure></section>")


def _pass_rates(o: Overview, lang: str) -> str:
    label = {k: escape(text.render(k, lang)) for k in ("test", "pass_rate", "grader_errors")}
    rows = []
    for s in o.tests.values():
        rate = 100.0 * s.passed / s.ran if s.ran else 0.0
        errors = f'<td class="num" data-label="{label["grader_errors"]}">{s.grader_errors}</td>' if s.grader_errors \
            else "<td></td>"
        rows.append(f'<tr><td class="name">{escape(s.name)}</td>'
                    f'<td data-label="{label["pass_rate"]}">{s.passed} / {s.ran} ({rate:.0f}%)'
                    f'<div class="bar"><span style="width:{rate:.1f}%"></span></div></td>{errors}</tr>')
    return (f"<section><h2>{escape(text.render('pass_rates', lang))}</h2>"
            f'<div class="scroll"><table class="cards"><thead><tr><th>{label["test"]}</th><th>{label["pass_rate"]}</th>'
            f'<th>{label["grader_errors"]}</th></tr></thead><tbody>' + "\n".join(rows) + "</tbody></table></div></section>")


def _mistakes(o: Overview, lang: str) -> str:
    heading = f"<section><h2>{escape(text.render('misconceptions', lang))}</h2>"
    if not o.mistakes:
        return heading + f"<p>{escape(text.render('no_mistakes', lang))}</p></section>"
    label = {k: escape(text.render(k, lang)) for k in ("mistake", "count", "hint")}
    rows = [f'<tr><td class="name"><code>{escape(m)}</code></td>'
            f'<td class="num" data-label="{label["count"]}">{count} / {o.total}</td>'
            f'<td data-label="{label["hint"]}">{escape(_hint(m, lang))}</td></tr>' for m, count in o.mistakes]
    return (heading + f'<div class="scroll"><table class="cards"><thead><tr><th>{label["mistake"]}</th>'
            f'<th>{label["count"]}</th><th>{label["hint"]}</th></tr></thead><tbody>'
            + "\n".join(rows) + "</tbody></table></div></section>")


def _hint(misconception: str, lang: str) -> str:
    return misconceptions.hint(misconception, lang) if misconceptions.known(misconception) else ""


def _students(linked: list[tuple[Result, str]], lang: str) -> str:
    label = {k: escape(text.render(k, lang)) for k in ("student", "score", "status")}
    rows = []
    for r, link in sorted(linked, key=lambda pair: pair[0].student_id):
        status = text.render("graded" if r.status == "graded" else "not_gradable", lang)
        rows.append(f'<tr><td class="name"><a href="{escape(link, quote=True)}">'
                    f'{escape(r.student_id)}</a></td>'
                    f'<td class="num inline" data-label="{label["score"]}">{number(r.score)} / {number(r.max_score)}</td>'
                    f'<td class="inline" data-label="{label["status"]}">{escape(status)}</td></tr>')
    return (f"<section><h2>{escape(text.render('students', lang))}</h2>"
            f'<div class="scroll"><table class="cards"><thead><tr><th>{label["student"]}</th><th>{label["score"]}</th>'
            f'<th>{label["status"]}</th></tr></thead><tbody>' + "\n".join(rows) + "</tbody></table></div></section>")
