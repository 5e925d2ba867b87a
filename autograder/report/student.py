"""One student's HTML page for one ``Result``, and the page frame the class overview shares.

``render(result, lang)`` returns a complete, self-contained HTML document: inline CSS, figures as
PNG data URIs, no script, nothing fetched (a Content-Security-Policy forbids it). Every piece of
text from a result is escaped: names, feedback and output may come from student code.

Visibility: every test shows its name, status, points and feedback (the checks already keep a
hidden test's inputs and expected values out of its feedback). Only a *visible* test may add
more: the hint of its diagnosed mistake in the reader's language when the feedback lacks it.
``grader_error`` (staff-only) and figure data the course does not draw for the result's assignment
(its ``source_lib/<a>/figures.py`` ``FIGURES``) are never rendered.
Printed output: only ``Result.output`` (what was printed at import time and during visible
tests, as the grader assembled it); a test's own ``output`` is never rendered, since a hidden
test's may echo the test's inputs.
"""
from __future__ import annotations

from html import escape

from ..feedback import messages, misconceptions
from ..results import Result, TestResult
from . import figures, text

MAX_OUTPUT = 4000

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1d2330;line-height:1.5;-webkit-text-size-adjust:100%;
font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo",
"Malgun Gothic","NanumGothic",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.45rem;margin:.2em 0 .1em;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.6em 0 .6em}
.sub{color:#5b6475;margin:0;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:14px 16px;margin:12px 0}
.score{font-size:2rem;font-weight:700}
.bar{height:10px;background:#e4e7ec;border-radius:5px;overflow:hidden;margin:6px 0}
.bar span{display:block;height:100%;background:#2a8a4a}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid #e4e7ec}
th{background:#eef1f5;font-weight:600}
td.num{white-space:nowrap}
.fb{white-space:pre-wrap;overflow-wrap:anywhere}
.hint{margin:.4em 0 0;padding:.3em .6em;background:#fff7e0;border-left:3px solid #e0a800}
.badge{display:inline-block;padding:0 .55em;border-radius:999px;font-size:.85em;font-weight:600;white-space:nowrap}
.passed{background:#dcf3e3;color:#1b6b34}.failed{background:#fde2e1;color:#a2231d}
.error{background:#ffe9d1;color:#8a4b00}.timeout{background:#ece3fb;color:#5b2aa0}
.vis{display:block;color:#6b7280;font-size:.85em;font-weight:400}
:lang(ko){word-break:keep-all}
figure{margin:12px 0;background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:8px}
figure img{display:block;width:100%;height:auto;max-width:720px;margin:0 auto}
figcaption{font-size:.92em;color:#3b4252;margin-top:6px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#1f2430;color:#e6e6e6;padding:12px;border-radius:8px;
font-family:ui-monospace,"D2Coding","Noto Sans Mono CJK KR","DejaVu Sans Mono",monospace;font-size:.88em;
max-height:28em;overflow:auto}
details{margin-top:6px}summary{cursor:pointer;color:#1f5fbf}
footer{color:#6b7280;font-size:.85em;margin:2em 0 1em}
a{color:#1f5fbf}
@media (max-width:640px){
main{padding:10px}
table.cards thead{display:none}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}
table.cards{background:none}
table.cards tr{background:#fff;border:1px solid #dde1e8;border-radius:10px;margin:0 0 10px;padding:6px 10px}
table.cards td{border:none;padding:3px 0}
table.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#5b6475}
table.cards td.name{font-weight:600}
table.cards td.inline{display:inline-block;margin-right:1.2em}
table.cards td:empty{display:none}
}
"""

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def page(title: str, body: str, lang: str) -> str:
    """A complete HTML document around ``body`` (already HTML); ``title`` is escaped here."""
    return (f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n'
            f'<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n')


def render(result: Result, lang: str = "en") -> str:
    """The student's page: summary, one row per test, figures, captured output."""
    title = text.render("student_title", lang, assignment=text.title(result.assignment, lang),
                        student=result.student_id)
    parts = [f"<header><h1>{escape(text.title(result.assignment, lang))}</h1>"
             f'<p class="sub">{escape(result.student_id)}</p></header>',
             _summary(result, lang), _tests(result.tests, lang), _figures(result, lang),
             _output(result.output, lang),
             f"<footer>{escape(text.render('graded_in', lang, seconds=f'{result.duration:.1f}'))}</footer>"
             if result.duration > 0 else ""]
    return page(title, "\n".join(p for p in parts if p), lang)


def number(x: float | None) -> str:
    """``35`` or ``1.5``: a score without trailing zeros; ``—`` for no score (not graded)."""
    if x is None:
        return "—"
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}".rstrip("0")


def percent(score: float | None, max_score: float) -> float:
    return 100.0 * score / max_score if score is not None and max_score > 0 else 0.0


def _summary(result: Result, lang: str) -> str:
    pct = percent(result.score, result.max_score)
    passed = sum(t.status == "passed" for t in result.tests)
    lines = [f'<div class="card"><div>{escape(text.render("score", lang))}</div>',
             f'<div class="score">{number(result.score)} / {number(result.max_score)}'
             f' <small>({pct:.0f}%)</small></div>',
             f'<div class="bar"><span style="width:{max(0.0, min(pct, 100.0)):.1f}%"></span></div>']
    if result.tests:
        lines.append(f"<div>{escape(text.render('tests_passed', lang, passed=passed, total=len(result.tests)))}</div>")
    if result.status != "graded":
        reason = result.reason or result.status
        lines.append(f'<p class="hint">{escape(text.render("not_graded", lang, reason=reason))}</p>')
    return "\n".join(lines) + "</div>"


def _tests(tests: list[TestResult], lang: str) -> str:
    if not tests:
        return ""
    labels = {k: escape(text.render(k, lang)) for k in ("test", "result", "points", "feedback")}
    rows = [_row(t, labels, lang) for t in tests]
    return (f"<section><h2>{escape(text.render('tests', lang))}</h2>"
            f'<div class="scroll"><table class="cards"><thead><tr><th>{labels["test"]}</th><th>{labels["result"]}</th>'
            f'<th>{labels["points"]}</th><th>{labels["feedback"]}</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table></div></section>")


def _row(t: TestResult, labels: dict, lang: str) -> str:
    status = t.status if t.status in ("passed", "failed", "error", "timeout") else "error"
    hidden = "after_due_date" if t.visibility == "after_due_date" else "hidden"  # unknown counts as hidden
    vis = f'<span class="vis">{escape(text.render(hidden, lang))}</span>' if t.visibility != "visible" else ""
    feedback = f'<div class="fb">{escape(t.feedback)}</div>' if t.feedback else ""
    hint = _hint(t, lang)
    return (f'<tr><td class="name">{escape(t.name)}{vis}</td>'
            f'<td class="inline" data-label="{labels["result"]}"><span class="badge {status}">{escape(text.render(status, lang))}</span></td>'
            f'<td class="num inline" data-label="{labels["points"]}">{number(t.score)} / {number(t.max_score)}</td>'
            f'<td>{feedback}{hint}</td></tr>')


def _hint(t: TestResult, lang: str) -> str:
    """The diagnosed mistake's hint in ``lang``, for a visible test whose feedback does not have it yet."""
    if t.visibility != "visible" or not misconceptions.known(t.misconception):
        return ""
    hint = misconceptions.hint(t.misconception, lang)
    if hint in t.feedback:
        return ""
    return f'<p class="hint">{escape(messages.render("likely_mistake", lang, hint=hint))}</p>'


def _figures(result: Result, lang: str) -> str:
    """The figures of ``result.figures`` that the course draws for its assignment, in the course's order."""
    shown = []
    for key, figure in figures.student_figures(result.assignment).items():
        if key not in result.figures:
            continue
        data = result.figures[key]
        try:
            uri = figures.draw(result.assignment, key, data)
            missing = figure.missing(data)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            continue  # malformed figure data: leave the figure out, never the page
        caption = escape(figure.caption_in(lang))
        if missing:
            caption += f"<br><strong>{escape(text.render('fig_missing', lang, names=', '.join(missing)))}</strong>"
        alt = escape(figure.caption_in(lang), quote=True)
        shown.append(f'<figure><img src="{uri}" alt="{alt}"><figcaption>{caption}</figcaption></figure>')
    if not shown:
        return ""
    return f"<section><h2>{escape(text.render('figures', lang))}</h2>\n" + "\n".join(shown) + "</section>"


def _output(output: str, lang: str) -> str:
    """``Result.output``: never a test's ``output`` (staff-only when the test is hidden)."""
    if not output.strip():
        return ""
    shown = output[:MAX_OUTPUT]
    note = "" if len(output) <= MAX_OUTPUT else " " + text.render("output_truncated", lang, shown=MAX_OUTPUT,
                                                                       total=len(output))
    return (f"<section><h2>{escape(text.render('output', lang))}{escape(note)}</h2>"
            f"<pre>{escape(shown)}</pre></section>")
