"""Every sentence a student reads exists in English and Korean, with the same blanks to fill."""
import re
import string

import pytest

from autograder.feedback import messages, misconceptions
from autograder.report import text as report_text
from tests.conftest import ROOT


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_every_message_has_both_languages_with_the_same_blanks(key):
    entry = messages.MESSAGES[key]
    assert set(entry) == {"en", "ko"} and entry["en"].strip() and entry["ko"].strip()
    assert fields(entry["en"]) == fields(entry["ko"])


@pytest.mark.parametrize("key", sorted(misconceptions.hints()))
def test_every_hint_has_both_languages(key):
    entry = misconceptions.hints()[key]
    assert set(entry) == {"en", "ko"} and entry["en"].strip() and re.search("[가-힣]", entry["ko"])


def test_every_misconception_a_suite_names_has_a_hint():
    suites = "\n".join(p.read_text() for p in (ROOT / "source_lib").glob("*/suite/*.py"))
    named = set(re.findall(r'misconception="(\w+)"', suites))            # misconception=, kind_misconception=
    named |= set(re.findall(r'variants=\{"(\w+)":', suites))              # variants={"id": value}
    named |= set(re.findall(r'\(\s*"(\w+)",\s*[\w.]+\(', suites)) & set(misconceptions.hints())  # ("id", f(...)) pairs
    assert len(named) >= 10
    assert named <= set(misconceptions.hints())


def test_report_strings_have_both_languages():
    for key, entry in report_text.TEXT.items():
        assert set(entry) >= {"en", "ko"}, key
        assert fields(entry["en"]) == fields(entry["ko"]), key


def test_both_fills_each_language_with_its_own_rendering():
    got = messages.both("wrong_value", what="f(x)", got=messages.both("different_value"), expected="")
    assert got["en"] == "f(x) is wrong: you returned a different value"
    assert got["ko"] == "f(x) 의 값이 틀렸습니다: 반환값 다른 값"
