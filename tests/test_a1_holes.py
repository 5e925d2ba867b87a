"""Two holes a hostile-student review found in the a1 suite stay closed.

* C1: code that computes nothing earns nothing. Gates and a ``perceptron`` that return a fixed 0
  or 1 (and a ``train_perceptron`` that hands back its inputs) used to earn 7.4 of 19 points: a
  constant is right on every truth-table row whose answer it happens to be, "returns an int" was
  judged without the table, and the strict-threshold test's only answer was 0. Now a function
  whose outputs do not depend on its inputs, where the expected ones do, earns nothing in that
  test; the int check counts only with a right table. An honest gate with one wrong row keeps
  its row-level credit.
* C2: the hidden random perceptron test named the failing case ("case 1 is wrong"), and every
  answer is 0 or 1, so one constant submission read off the hidden answers and a second replayed
  them. Now the hidden test never names a case, is scored in two coarse parts (all the inputs off
  the threshold; those on it, judged only with the first part right), and draws enough cases
  that neither a constant nor another student's answers can pass.

Submissions are written here as code, graded in one session where the ids allow it.
"""
from __future__ import annotations

import ast
import re
import shutil

import numpy as np
import pytest

from autograder.grading import Grader
from tests.conftest import EXAMPLES, ROOT, lost_points
from tests.suite_modules import load

A = "a1_perceptron"
FULL = 19.0
RANDOM = "perceptron on random inputs, some exactly on the threshold"
OR_TABLE = "OR reproduces its truth table 0, 1, 1, 1"
GATES_INT = "AND, NAND, OR and XOR return the int 0 or 1, not a bool"
XOR_BUILT = "XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))"

# C1, as the review handed it in: nothing is computed
CONSTANT = '''import numpy as np
def AND(x1, x2): return 0
def NAND(x1, x2): return 1
def OR(x1, x2): return 1
def XOR(x1, x2): return 0
def perceptron(x, w, b): return 0
def train_perceptron(X, d, w, b, lr=0.05, epochs=10):
    return np.array(w, dtype=float), float(b), np.zeros(epochs, dtype=int)
'''
# the other constant, as floats and numpy ints (still numbers, still nothing computed)
ONES = '''import numpy as np
def AND(x1, x2): return 1.0
def NAND(x1, x2): return np.int64(0)
def OR(x1, x2): return 1
def XOR(x1, x2): return True
def perceptron(x, w, b): return 1
def train_perceptron(X, d, w, b, lr=0.05, epochs=10):
    return w, b, np.zeros(epochs, dtype=int)
'''

# C2's oracle: honest gates and an honest perceptron on the visible (2-element) inputs; on the
# hidden test's 3-element inputs it answers ANSWER (step 1) or, by call count, the answers the
# earlier steps' feedback revealed (step 2)
ORACLE = '''import numpy as np
def AND(x1, x2): return int(x1 == 1 and x2 == 1)
def NAND(x1, x2): return 1 - AND(x1, x2)
def OR(x1, x2): return int(x1 == 1 or x2 == 1)
def XOR(x1, x2): return AND(NAND(x1, x2), OR(x1, x2))
ANSWER, LEARNED = {answer!r}, {learned!r}
_calls = [0]
def perceptron(x, w, b):
    if len(x) == 2:
        return 1 if np.dot(w, x) + b > 0 else 0
    i = _calls[0]; _calls[0] += 1
    if LEARNED is None:
        return ANSWER
    return LEARNED[i] if i < len(LEARNED) else 0
def train_perceptron(X, d, w, b, lr=0.05, epochs=10):
    return np.array(w, dtype=float), float(b), np.zeros(epochs, dtype=int)
'''

# the reference, wrong on exactly one hidden input off the threshold: the FLIP-th such call
FLIP = '''
_seen = [0]
def perceptron(x, w, b):
    a = np.dot(w, x) + b
    y = 1 if a > 0 else 0
    if len(x) == 3 and a != 0:
        _seen[0] += 1
        if _seen[0] == {flip}:
            return 1 - y
    return y
'''

# an honest slip: OR written as "one or the other" (exclusive), wrong on the row (1, 1) only;
# XOR = AND(NAND, OR) is unchanged by it
OR_EXCLUSIVE = '''def OR(x1, x2):
    return 1 if x1 != x2 else 0
'''

# answers 0 exactly on the threshold and 1 everywhere else: right on the old test's only case
ZERO_ONLY_ON_THRESHOLD = '''def perceptron(x, w, b):
    return 0 if np.dot(w, x) + b == 0 else 1
'''
THRESHOLD = "perceptron gives 0 when w·x + b is exactly 0: perceptron([1, 0], [0.5, 0.5], -0.5)"

CASE_NUMBER = re.compile(r"\bcases?\s*#?\d|#\s*\d|\bindex\s*\d|\d+\s*(st|nd|rd|th)\b", re.IGNORECASE)


def reference_text() -> str:
    return (EXAMPLES / A / "reference" / "perceptron.py").read_text(encoding="utf-8")


def with_function(name: str, text: str) -> str:
    """The reference with top-level function ``name`` replaced by ``text``."""
    lines = reference_text().splitlines(keepends=True)
    (node,) = [n for n in ast.parse("".join(lines)).body if isinstance(n, ast.FunctionDef) and n.name == name]
    return "".join(lines[:node.lineno - 1]) + text.lstrip("\n") + "".join(lines[node.end_lineno:])


def write(folder, text):
    folder.mkdir(parents=True)
    (folder / "perceptron.py").write_text(text, encoding="utf-8")
    return folder


def scored(result):
    assert result.status == "graded", (result.student_id, result.reason)
    assert not [t.name for t in result.tests if t.grader_error], result.student_id
    return {t.name: t for t in result.tests}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a1_holes")
    write(folder / "constant", CONSTANT)
    write(folder / "ones", ONES)
    write(folder / "flip_first", with_function("perceptron", FLIP.format(flip=1)))
    write(folder / "flip_fourth", with_function("perceptron", FLIP.format(flip=4)))
    write(folder / "or_exclusive", with_function("OR", OR_EXCLUSIVE))
    write(folder / "zero_on_threshold", with_function("perceptron", ZERO_ONLY_ON_THRESHOLD))
    write(folder / "reference", reference_text())
    shutil.copytree(EXAMPLES / A / "stub", folder / "stub")
    return {r.student_id: r for r in Grader(A, jobs=1).grade_path(folder)}


# ---------------------------------------------------------------- C1: code that does nothing
@pytest.mark.parametrize("name", ["constant", "ones"])
def test_constant_functions_earn_nothing_as_the_stub(graded, name):
    tests, stub = scored(graded[name]), scored(graded["stub"])
    assert {n: t.score for n, t in tests.items()} == {n: t.score for n, t in stub.items()}
    assert graded[name].score == graded["stub"].score == 0.0


def test_a_constant_gate_is_told_it_computes_nothing(graded):
    tests = scored(graded["constant"])
    assert "AND gives 0 for every input (0, 0), (0, 1), (1, 0), (1, 1): its output does not depend on its inputs" \
        in tests["AND reproduces its truth table 0, 0, 0, 1"].feedback
    assert "NAND gives 1 for every input" in tests["NAND reproduces its truth table 1, 1, 1, 0"].feedback
    lecture = "perceptron(x, [0.5, 0.5], -0.7) gives the int 1 for x = [1, 1] and 0 for x = [1, 0]"
    assert "perceptron gives 0 for every input this test tries" in tests[lecture].feedback
    # hidden: the value the code chose is not read back (it could carry the hidden input out)
    assert "perceptron gives one and the same value for every input this test tries" in tests[RANDOM].feedback


def test_a_gate_wrong_on_one_row_keeps_the_credit_of_the_others(graded):
    """OR loses one row of four, and its int check (judged with a right OR) goes too, nothing else:
    "XOR calls your gates" judges XOR against the student's own gates, so a wrong OR is not XOR's."""
    result = graded["or_exclusive"]
    tests = scored(result)
    assert tests[OR_TABLE].score == 0.75
    assert "OR(1, 1) is wrong: you returned 0, expected 1" in tests[OR_TABLE].feedback
    assert lost_points(result) == {OR_TABLE: 0.25, GATES_INT: 0.25}


def test_the_threshold_case_counts_only_with_both_sides_right(graded):
    """The strict-threshold test also asks just below (answer 0) and just above (answer 1): a
    perceptron that is 0 only on the threshold is wrong below it and earns nothing there."""
    test = scored(graded["zero_on_threshold"])[THRESHOLD]
    assert (test.score, test.status) == (0.0, "failed")
    assert "perceptron([0, 0], [0.5, 0.5], -0.5) (w·x + b = -0.5) is wrong: you returned 1, expected 0" in test.feedback
    assert "is judged only when perceptron is also right just below and just above the threshold" in test.feedback


def test_the_reference_earns_everything_and_the_stub_nothing(graded):
    assert (graded["reference"].score, graded["reference"].max_score) == (FULL, FULL)
    assert all(t.status == "passed" for t in graded["reference"].tests)
    assert (graded["stub"].status, graded["stub"].score) == ("graded", 0.0)


# ---------------------------------------------------------------- C2: the hidden test is no oracle
def test_the_hidden_feedback_names_no_case(graded):
    for name in ("constant", "ones", "flip_first", "flip_fourth"):
        feedback = scored(graded[name])[RANDOM].feedback
        assert feedback and not CASE_NUMBER.search(feedback), (name, feedback)


def test_which_hidden_case_is_wrong_changes_neither_points_nor_feedback(graded):
    """Wrong on the first or on the fourth input off the threshold: the same score and the same
    sentence, so a resubmission learns nothing about one answer."""
    first, fourth = (scored(graded[name])[RANDOM] for name in ("flip_first", "flip_fourth"))
    assert (first.score, first.feedback) == (fourth.score, fourth.feedback)
    assert first.score == 0.0


def revealed(feedback: str, answer: int, known: dict[int, int]):
    """What the review read off: a case named wrong under a constant ``answer`` has the other one."""
    for number in re.findall(r"in case (\d+) is wrong", feedback):
        known[int(number) - 1] = 1 - answer


def test_the_oracle_attack_earns_nothing_on_the_hidden_test(tmp_path):
    """Step 1: submit a constant 0, then a constant 1, on the hidden inputs and read the feedback;
    step 2 (same id) replays what was read. Before the fix step 2 earned the hidden test."""
    grader, known = Grader(A, jobs=1), {}
    for step, answer in enumerate((0, 1)):
        folder = write(tmp_path / f"step{step}" / "mallory", ORACLE.format(answer=answer, learned=None))
        result = grader.grade_one(folder)
        revealed(scored(result)[RANDOM].feedback, answer, known)
    learned = [known.get(i, 0) for i in range(max(known, default=-1) + 1)]
    result = grader.grade_one(write(tmp_path / "replay" / "mallory", ORACLE.format(answer=0, learned=learned)))
    assert scored(result)[RANDOM].score == 0.0


# ---------------------------------------------------------------- the hidden cases, on the trusted side


SUITE = load("a1_perceptron_suite", ROOT / "source_lib" / A / "suite" / "test_a1_perceptron.py")


def answers(cases):
    return tuple(1 if np.dot(w, x) + b > 0 else 0 for x, w, b, on in cases if not on)


def test_the_hidden_cases_cannot_be_guessed_or_borrowed():
    """For 300 seeds (a seed stands for a student id): at least 20 inputs off the threshold with
    at least 5 answers of each kind (a constant fails), sums exact on the threshold, and the
    answers of one student are never another's: a replay of the neighbour's answers fails."""
    vectors = []
    for seed in range(300):
        cases = SUITE.random_cases(np.random.default_rng(seed))
        on = [(x, w, b) for x, w, b, t in cases if t]
        off = answers(cases)
        assert len(off) >= 20 and min(off.count(0), off.count(1)) >= 5, (seed, off)
        assert len(on) >= 2 and all(np.dot(w, x) + b == 0 for x, w, b in on)
        assert all(abs(np.dot(w, x) + b) >= 0.25 for x, w, b, t in cases if not t)
        vectors.append(off)
    assert all(a != b for a, b in zip(vectors, vectors[1:]))
    assert len(set(vectors)) == len(vectors)


def test_a_wrong_gate_is_not_blamed_on_xor(tmp_path):
    """OR with the bias of AND (OR(0, 1) = 0): XOR built correctly from it is wrong too, but that is
    OR's fault. XOR is not named xor_wrong_layers, and "XOR calls your gates" judges XOR against
    the student's own gates, so it keeps its point (blind measurement: both were wrong)."""
    from autograder.grading import Grader
    from autograder.submission import Source
    text = (EXAMPLES / "a1_perceptron" / "reference" / "perceptron.py").read_text()
    head, tail = text.split("def OR(", 1)
    tail = tail.replace("b = -0.3", "b = -0.7", 1)
    folder = tmp_path / "or_bias"
    folder.mkdir()
    (folder / "perceptron.py").write_text(head + "def OR(" + tail)
    result = Grader("a1_perceptron").grade([Source("or_bias", folder)])[0]
    tests = {t.name: t for t in result.tests}
    assert tests["OR reproduces its truth table 0, 1, 1, 1"].score < tests["OR reproduces its truth table 0, 1, 1, 1"].max_score
    assert all(t.misconception != "xor_wrong_layers" for t in result.tests)
    built = tests["XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))"]
    assert built.score == built.max_score, built.feedback
