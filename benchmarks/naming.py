"""Measure how often the grader names a misconception on the tests a set of submissions loses.

Usage::

    python benchmarks/naming.py ASSIGNMENT FOLDER [--expected FILE.json] [--jobs 2] [--json] [--lang en]

``FOLDER`` holds one folder (or ``.py`` / ``.ipynb``) per submission, as ``autograder run``
takes them; they are graded with ``autograder.grading.Grader`` (no preflight, no output folder).
For each submission it counts the tests that lost points for a reason other than "not
implemented yet" (``lost``), how many of those name a misconception (``named``: the record's
``misconception`` is set), and, given ``--expected`` (a JSON object ``{submission: expected
misconception id or null}``), how many name the expected one (``right``) and how many name
another (``wrong``). A submission whose expected id is not null is *named correctly* when at
least one lost test names that id and every lost test that names something names it.

Printed per submission, then the totals: ``named / lost`` (the per-test naming rate), and with
``--expected``: ``right / lost`` over the submissions expected to be named, the number of
submissions named correctly among them, and for those expected ``null`` what was named anyway.
``--json`` prints the same as one JSON object (``submissions``: one entry per submission with
its lost tests' titles, feedback and misconception; ``totals``). ``--details`` also prints
each lost test's title, misconception and the start of its feedback.

The numbers are the two of issue 12's "Done when": an independent one-mistake set named
correctly in ≥ 95 % of cases, and real third-party code named on ≥ 75 % of its lost tests.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autograder.feedback import messages
from autograder.grading import Grader


def _not_implemented(feedback: str) -> bool:
    """The test was lost because the function is still a stub ("not implemented yet: …")."""
    prefixes = [messages.MESSAGES["not_implemented"][lang].split("{")[0].strip() for lang in messages.LANGS]
    return any(p and p in feedback for p in prefixes)


def lost_tests(result) -> list[dict]:
    """The tests of one ``Result`` that lost points, except those lost to unfinished code."""
    return [{"title": t.name, "id": t.id, "status": t.status, "lost": round(t.max_score - t.score, 6),
             "misconception": t.misconception, "feedback": t.feedback}
            for t in result.tests if t.score < t.max_score - 1e-9 and not _not_implemented(t.feedback)]


def summarise(result, expected: str | None = None, has_expected: bool = False) -> dict:
    """One submission's counts (see the module docstring)."""
    lost = lost_tests(result)
    named = [t for t in lost if t["misconception"]]
    entry = {"submission": result.student_id, "status": result.status, "score": result.score,
             "max_score": result.max_score, "reason": result.reason, "lost": len(lost), "named": len(named),
             "tests": lost}
    if has_expected:
        right = sum(t["misconception"] == expected for t in named) if expected else 0
        entry.update(expected=expected, right=right, wrong=len(named) - right,
                     correct=bool(expected) and right > 0 and right == len(named))
    return entry


def totals(entries: list[dict], has_expected: bool) -> dict:
    out = {"submissions": len(entries), "lost": sum(e["lost"] for e in entries),
           "named": sum(e["named"] for e in entries),
           "not_graded": [e["submission"] for e in entries if e["status"] != "graded"]}
    out["named_rate"] = out["named"] / out["lost"] if out["lost"] else None
    if has_expected:
        declared = [e for e in entries if e["expected"]]
        losing = [e for e in declared if e["lost"]]
        undeclared = [e for e in entries if not e["expected"]]
        out.update(
            declared=len(declared), declared_losing=len(losing),
            declared_correct=sum(e["correct"] for e in losing),
            declared_lost=sum(e["lost"] for e in declared), declared_right=sum(e["right"] for e in declared),
            declared_wrong=sum(e["wrong"] for e in declared),
            undeclared=len(undeclared), undeclared_lost=sum(e["lost"] for e in undeclared),
            undeclared_named=sum(e["named"] for e in undeclared),
            not_losing=[e["submission"] for e in entries if not e["lost"]])
        out["correct_rate"] = out["declared_correct"] / len(losing) if losing else None
        out["right_rate"] = out["declared_right"] / out["declared_lost"] if out["declared_lost"] else None
    return out


def measure(assignment: str, folder: Path, expected: dict | None = None, jobs: int = 2, lang: str = "en") -> dict:
    results = Grader(assignment, jobs=jobs, lang=lang).grade_path(folder)
    has = expected is not None
    entries = [summarise(r, (expected or {}).get(r.student_id), has) for r in results]
    return {"assignment": assignment, "folder": str(folder), "submissions": entries, "totals": totals(entries, has)}


def _pct(part, whole) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else f"{part}/0"


def render(report: dict, details: bool = False) -> str:
    lines = [f"{report['assignment']}: {report['folder']}"]
    for e in report["submissions"]:
        line = f"  {e['submission']:40s} {e['status']:13s} named {e['named']}/{e['lost']}"
        if "expected" in e:
            mark = "ok" if e["correct"] else ("-" if not e["expected"] else "MISS")
            line += f"  expected {e['expected'] or 'null'}: right {e['right']} wrong {e['wrong']}  {mark}"
        lines.append(line)
        if details:
            for t in e["tests"]:
                feedback = " ".join(t["feedback"].split())[:160]
                lines.append(f"      - {t['title']} [{t['misconception'] or '-'}] {feedback}")
    t = report["totals"]
    lines.append(f"  total: {t['submissions']} submissions, named on {_pct(t['named'], t['lost'])} of lost tests")
    if "declared" in t:
        lines.append(f"  declared mistakes: {_pct(t['declared_correct'], t['declared_losing'])} submissions named "
                     f"correctly; per test {_pct(t['declared_right'], t['declared_lost'])} right, "
                     f"{t['declared_wrong']} named wrongly")
        lines.append(f"  undeclared mistakes: {t['undeclared']} submissions, {t['undeclared_named']} of "
                     f"{t['undeclared_lost']} lost tests named something")
        if t["not_losing"]:
            lines.append(f"  lost nothing: {', '.join(t['not_losing'])}")
    if t["not_graded"]:
        lines.append(f"  not graded: {', '.join(t['not_graded'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--expected", type=Path, help="JSON {submission: misconception id or null}")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--details", action="store_true", help="print each lost test")
    args = parser.parse_args(argv)
    expected = json.loads(args.expected.read_text(encoding="utf-8")) if args.expected else None
    report = measure(args.assignment, args.folder, expected, args.jobs, args.lang)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else render(report, args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
