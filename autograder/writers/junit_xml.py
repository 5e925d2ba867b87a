"""JUnit XML for a CI step: what CI systems (GitLab, Jenkins, GitHub Actions test-report steps) read.

One ``<testsuite>`` per submission (``name`` = ``<assignment>/<student>``), one ``<testcase>``
per test (``name`` = its title; the stable test id is the ``id`` property). A test with less than full marks has a ``<failure>`` (wrong
answer) or an ``<error>`` (the code raised, crashed or timed out; or the grader failed), whose
``message`` is the feedback's first line and whose text is the whole feedback. Points travel as
``<property>`` elements (``score``, ``max_score``, ``visibility``) on each test case and suite,
as pytest's ``record_property`` writes them. A submission that was not graded is one test
case ``submission`` with an ``<error>`` giving the reason, and its ``score`` property is empty.

Nothing here is read by GitHub Classroom: its reporter (``autograding-grading-reporter``) reads
the base64 JSON result each of its own runner actions leaves in the workflow, not a file or a
line of output. For a CI step that should fail, ``autograder run --fail-under SCORE`` sets the
exit code.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..results import Result, TestResult
from . import write_atomic


def _num(x: float) -> str:
    return f"{x:g}"


def _properties(parent: ET.Element, **values) -> None:
    props = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=str(value))


def _problem(case: ET.Element, tag: str, kind: str, text: str) -> None:
    first = text.strip().splitlines()[0] if text.strip() else kind
    ET.SubElement(case, tag, message=first, type=kind).text = text


def _case(suite: ET.Element, classname: str, t: TestResult) -> None:
    case = ET.SubElement(suite, "testcase", classname=classname, name=t.name)
    _properties(case, id=t.id, score=_num(t.score), max_score=_num(t.max_score), visibility=t.visibility)
    if t.status == "failed":
        _problem(case, "failure", "wrong answer", t.feedback)
    elif t.status in ("error", "timeout", "grader_failed"):
        _problem(case, "error", t.status, t.feedback)


def _suite(root: ET.Element, r: Result) -> ET.Element:
    tests = r.tests or []
    failures = sum(t.status == "failed" for t in tests)
    errors = sum(t.status in ("error", "timeout", "grader_failed") for t in tests) + (not r.graded)
    suite = ET.SubElement(root, "testsuite", name=f"{r.assignment}/{r.student_id}",
                          tests=str(max(len(tests), 1)), failures=str(failures), errors=str(errors),
                          skipped="0", time=f"{r.duration:.3f}")
    _properties(suite, score=_num(r.score) if r.graded else "", max_score=_num(r.max_score), status=r.status)
    classname = f"{r.assignment}.{r.student_id}"
    for t in tests:
        _case(suite, classname, t)
    if not r.graded:
        case = ET.SubElement(suite, "testcase", classname=classname, name="submission")
        _problem(case, "error", "not graded", r.reason or "not graded")
    return suite


def to_xml(results: list[Result]) -> str:
    """The JUnit XML document (UTF-8 text) for ``results``."""
    root = ET.Element("testsuites", name="autograder")
    for r in results:
        _suite(root, r)
    for attr in ("tests", "failures", "errors"):
        root.set(attr, str(sum(int(s.get(attr)) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(results: list[Result], path: Path) -> None:
    write_atomic(path, to_xml(results))
