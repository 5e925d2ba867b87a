"""A hidden test shows nothing the student's code could have built from its hidden input."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.feedback.errors import student_error_text
from autograder.grading import Grader
from autograder.problems import StudentError
from tests.conftest import EXAMPLES

REFERENCE = (Path(__file__).resolve().parents[1] / "examples/submissions/a2_functions/reference/functions.py").read_text()
LEAKY = '''

class _Leak(Exception):
    pass


def softmax(x):
    import numpy as np
    x = np.asarray(x, dtype=float)
    digits = "".join(c for c in repr(x.ravel()[:3]) if c.isdigit())[:12]
    kind = type("V" + digits, (Exception,), {})  # a type name built from the input
    if x.ndim == 2:
        raise NotImplementedError(repr(x))  # the whole input as a "not implemented" message
    exec(compile("raise kind('x')", "/nowhere/" + digits + ".py", "exec"), {"kind": kind})
'''


@pytest.fixture(scope="module")
def leaky(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leaky") / "eve"
    folder.mkdir()
    (folder / "functions.py").write_text(REFERENCE + LEAKY)
    return Grader("a2_functions", jobs=1).grade_one(folder)


def test_no_hidden_softmax_feedback_holds_a_number_from_the_input(leaky):
    hidden = [t for t in leaky.tests if t.visibility != "visible" and "softmax" in t.id]
    assert hidden and all(t.status in ("error", "failed") for t in hidden)
    for t in hidden:
        assert not re.search(r"\d{3,}", re.sub(r"functions\.py, line \d+", "", t.feedback)), t.feedback
        assert "V" not in re.sub(r"ValueError|NotImplementedError", "", t.feedback.split("(")[0]), t.feedback


def test_a_visible_test_still_shows_the_message_and_the_type():
    exc = StudentError("ShapeError", "x has shape (3,)", ["functions.py, line 7, in softmax"])
    assert student_error_text(exc, "en") == "your code raised ShapeError: x has shape (3,) (functions.py, line 7, in softmax)"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_hidden_test_names_builtin_types_only_and_course_files_only(lang):
    own = StudentError("V4278", "4278", ["functions.py, line 3, in f_4278", "4278.py, line 1, in <module>"])
    text = student_error_text(own, lang, hidden=True)
    assert "4278" not in text and {"en": "functions.py, line 3", "ko": "functions.py 3번째 줄"}[lang] in text
    builtin = StudentError("ValueError", "secret 4278", ["functions.py, line 9, in softmax"])
    assert "ValueError" in student_error_text(builtin, lang, hidden=True)
    stub = StudentError("NotImplementedError", "[[4.278, 499.3]]", [])
    assert "4.278" not in student_error_text(stub, lang, hidden=True)
    honest = StudentError("NotImplementedError", "not implemented yet: softmax", [])
    assert student_error_text(honest, lang, hidden=True).endswith("softmax")


RETURNS_THE_INPUT_IN_DISGUISE = '''

def softmax(x):
    import numpy as np
    x = np.asarray(x, dtype=float)
    digits = [int(abs(v) * 1e5) % 1000000 for v in x.ravel()[:2]]
    if x.ndim == 2 and x.shape[0] % 2:
        return type("x=" + ",".join(map(str, digits)), (), {})()  # a class named after the input
    return np.empty((digits[0] + 2, digits[1] + 2, 1, 2, 0))      # a shape built from the input
'''


def test_a_hidden_test_shows_no_class_name_or_shape_built_from_the_input(tmp_path):
    folder = tmp_path / "eve"
    folder.mkdir()
    (folder / "functions.py").write_text(REFERENCE + RETURNS_THE_INPUT_IN_DISGUISE)
    result = Grader("a2_functions", jobs=1).grade_one(folder)
    hidden = [t for t in result.tests if t.visibility != "visible" and "softmax" in t.id and t.status != "passed"]
    assert hidden
    for t in hidden:
        assert "x=" not in t.feedback and not re.search(r"\(\d{3,}", t.feedback), t.feedback
    visible = [t for t in result.tests if t.visibility == "visible" and "softmax" in t.id and t.status != "passed"]
    assert any(re.search(r"got \(\d+, \d+, 1, 2, 0\)", t.feedback) for t in visible)  # visible: shown as is


def test_in_a_hidden_test_only_names_python_numpy_or_the_course_define_are_shown():
    from autograder.checker import HIDDEN_TEST, type_words
    from autograder.proxy import RemoteObject

    def obj(name):
        return RemoteObject(None, 1, name, False, 0)

    token = HIDDEN_TEST.set(True)
    try:
        assert type_words(obj("x=-0.7991,1.4342"))["en"] == "an object of a class your code defines"
        assert type_words(obj("TwoLayerNet"))["en"] == "an object of type TwoLayerNet"  # a course class
        assert type_words(obj("generator"))["en"] == "an object of type generator"
    finally:
        HIDDEN_TEST.reset(token)
    assert type_words(obj("x=-0.7991,1.4342"))["en"] == "an object of type x=-0.7991,1.4342"  # visible


def test_a_hidden_test_gives_only_the_rank_of_a_wrong_shape():
    """A shape such as (6, 6, 2, 1) can spell digits of the hidden input: only its rank is said."""
    import numpy as np

    from autograder.checker import Checker, Mismatch

    check = Checker(visible=False)
    with pytest.raises(Mismatch) as caught:
        check.array(np.zeros((6, 6, 2, 1)), np.zeros((4, 5)), "step(x) on a batch")
    assert caught.value.feedback["en"].startswith("step(x) on a batch: expected shape (4, 5), got another shape (4-D)")
    assert "6" not in caught.value.feedback["en"] and "6" not in caught.value.feedback["ko"]


def test_a_constant_output_in_a_hidden_test_is_not_shown(tmp_path):
    """A perceptron that answers with one number it took from the hidden input must not read it
    back in the hidden test's sentence (red team F3: a float at full precision, ~52 bits)."""
    from autograder.grading import Grader
    from autograder.submission import Source
    sub = tmp_path / "constleak"
    sub.mkdir()
    reference = (EXAMPLES / "a1_perceptron" / "reference" / "perceptron.py").read_text()
    sub.joinpath("perceptron.py").write_text(reference.replace(
        "def perceptron(x, w, b):", "SEEN = []\n\n\ndef perceptron(x, w, b):\n    SEEN.append(float(x[0]) + 0.123456789)\n"
        "    return SEEN[0]\n\n\ndef _unused(x, w, b):", 1))
    result = Grader("a1_perceptron").grade([Source("constleak", sub)])[0]
    hidden = [t for t in result.tests if t.visibility == "hidden" and "every input" in t.feedback]
    assert hidden, [t.feedback for t in result.tests]
    assert all(".123456" not in t.feedback and "one and the same value" in t.feedback for t in hidden)


def test_a_hidden_test_names_no_type_from_a_long_list():
    from autograder.checker import known_type_names
    assert len(known_type_names()) < 60 and "RMSprop" in known_type_names()  # a course class
    assert "ValueError" not in known_type_names() and "float16" not in known_type_names()


CARRIER = '''

_HIDDEN_CALLS = [0]
_leaky_relu = leaky_relu


def leaky_relu(x, alpha=0.1):
    if alpha == 0.3:  # only the hidden test_relu_and_leaky_relu passes this alpha
        _HIDDEN_CALLS[0] += 1
    return _leaky_relu(x, alpha)


def SSE(y, t):  # the visible "SSE([0.5], [0.7]) is 0.04" test carries what the hidden ones gave
    raise ValueError(f"CARRIED {_HIDDEN_CALLS[0]}")


_step = step


def step(x):  # the figure probe's grid: 7 everywhere once a hidden input has been seen
    out = _step(x)
    return out * 0 + 7 if _HIDDEN_CALLS[0] and np.size(x) > 100 else out
'''


def test_nothing_from_a_hidden_test_can_be_carried_into_what_the_student_sees(tmp_path):
    """The student's module lives through the whole submission, so code a hidden test called could
    keep its input and show it later: in a visible test's message or in the figures. The visible
    tests and the figure probe run before any hidden test, so there is nothing to carry."""
    folder = tmp_path / "mallory"
    folder.mkdir()
    (folder / "functions.py").write_text(REFERENCE + CARRIER)
    result = Grader("a2_functions", jobs=1).grade_one(folder)
    by_id = {t.id: t for t in result.tests}
    assert "CARRIED 0" in by_id["test_sse_lecture_value"].feedback  # the hidden test had not run yet
    assert by_id["test_relu_and_leaky_relu"].status == "passed"  # and it did run, later
    assert 7 not in result.figures["activations"]["student"]["step"]
    assert [t.id for t in result.tests] == [t.id for t in Grader("a2_functions").grade_one(
        EXAMPLES / "a2_functions" / "reference").tests]  # the record keeps the suite's order
