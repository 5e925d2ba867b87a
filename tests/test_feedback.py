"""Every sentence a student reads exists in English and Korean, with the same blanks to fill."""
import re
import string

import pytest

from autograder.feedback import messages, misconceptions
from autograder.report import text as report_text
from tests.conftest import ROOT


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(messages.MESSAGES) + sorted(messages.course_messages()))
def test_every_message_has_both_languages_with_the_same_blanks(key):
    """The engine's messages and each assignment's own (``source_lib/<a>/messages.py``)."""
    entry = messages.entry(key)
    assert set(entry) == {"en", "ko"} and entry["en"].strip() and entry["ko"].strip()
    assert fields(entry["en"]) == fields(entry["ko"])
    if key in messages.course_messages():
        assert re.search("[가-힣]", entry["ko"]) or not re.search("[A-Za-z]{4}", entry["en"]), key


def test_a_message_only_one_assignment_says_lives_in_its_folder():
    engine = "\n".join(p.read_text() for p in (ROOT / "autograder").rglob("*.py") if p.name != "messages.py")
    users = {}
    for path in (ROOT / "source_lib").glob("*/suite/*.py"):
        text = path.read_text()
        for key in messages.MESSAGES:
            if f'"{key}"' in text:
                users.setdefault(key, set()).add(path.parts[-3])
    only_one = {key: a for key, a in users.items() if len(a) == 1 and f'"{key}"' not in engine}
    assert not only_one, f"move these to source_lib/<a>/messages.py: {only_one}"
    folders = {p.parent.name: p for p in (ROOT / "source_lib").glob("*/messages.py")}
    assert {"a1_perceptron", "a5_two_layer_net"} <= set(folders)
    for name, path in folders.items():
        assert set(messages.read(path)) <= set(messages.course_messages())
        assert not set(messages.read(path)) & set(messages.MESSAGES), name


def test_render_finds_an_assignments_own_message_in_both_languages():
    got = messages.both("a5_digits_accuracy", accuracy="12.5%", n=359)
    assert got["en"].startswith("after training, a network holding your net.params classifies 12.5% of the 359")
    assert "359개 중 12.5%" in got["ko"]
    with pytest.raises(KeyError):
        messages.render("no_such_message")


def test_an_assignment_may_not_redefine_an_engine_message(tmp_path, monkeypatch):
    from autograder import course

    root = tmp_path / "course"
    (root / "source_lib" / "b1").mkdir(parents=True)
    (root / "course.toml").write_text('[course]\ntitle = "t"\n')
    (root / "source_lib" / "b1" / "assignment.toml").write_text('title = "b"\nmodules = ["m"]\n')
    (root / "source_lib" / "b1" / "messages.py").write_text(
        'MESSAGES = {"wrong_type": {"en": "x", "ko": "x"}}\n')
    monkeypatch.setenv(course.ENV, str(root))
    with pytest.raises(course.CourseError, match="already defined by the engine"):
        messages.course_messages()
    (root / "source_lib" / "b1" / "messages.py").write_text('MESSAGES = {"b1_only": {"en": "x {n}"}}\n')
    messages._course_messages.cache_clear()
    with pytest.raises(course.CourseError, match="must be"):
        messages.course_messages()
    messages._course_messages.cache_clear()


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
