"""What every assignment's bundled examples must show: the reference earns everything, the stub
nothing, and each declared mistake loses exactly its ``costs`` and is named on every test it fails
and on no other example.

Everything here is read from the course: each assignment's ``points`` (assignment.toml) and its
declared mistakes (``mistakes.py``, ``autograder.mistakes``). ``tests/test_examples_<a>.py`` keeps
only the checks particular to one assignment.
"""
import re
from types import SimpleNamespace

import pytest

from autograder import course, mistakes
from autograder.feedback.misconceptions import hints
from tests.conftest import lost_points, misconceptions
from tests.suite_modules import course_mistakes


def _declared(assignment) -> SimpleNamespace:
    examples = {m.id: (m.costs, m.names) for m in mistakes.of(assignment) if m.edits}
    return SimpleNamespace(FULL=assignment.points, EXPECTED=examples)


MODULES = {a.id: _declared(a) for a in course.assignments().values()}
# tests whose requests carry a data set (the digits): not replayed by the diagnosis
HEAVY = {"a5_two_layer_net": {course_mistakes("a5_two_layer_net").DIGITS}}
MISTAKES = [pytest.param(a, mistake, id=f"{a}-{mistake}") for a, m in MODULES.items() for mistake in sorted(m.EXPECTED)]
SHOWN_VALUE = re.compile(r"(expected|you returned|기댓값|반환값) -?[\d\[(]")


@pytest.fixture(scope="module")
def graded(graded_examples):
    return graded_examples


@pytest.mark.parametrize("a", MODULES)
def test_every_bundled_example_is_expected(graded, a):
    assert set(graded(a)) == set(MODULES[a].EXPECTED) | {"reference", "stub"}


@pytest.mark.parametrize("a", MODULES)
def test_the_reference_scores_full_marks(graded, a):
    ref = graded(a)["reference"]
    assert (ref.status, ref.score, ref.max_score) == ("graded", MODULES[a].FULL, MODULES[a].FULL)
    assert all(t.status == "passed" and not t.grader_error for t in ref.tests)
    assert misconceptions(ref) == set()


@pytest.mark.parametrize("a", MODULES)
def test_the_stub_scores_zero_with_not_implemented_feedback(graded, a):
    stub = graded(a)["stub"]
    assert (stub.status, stub.score, stub.max_score) == ("graded", 0.0, MODULES[a].FULL)
    assert all(t.status == "error" and "not implemented yet" in t.feedback and not t.grader_error for t in stub.tests)
    assert misconceptions(stub) == set()


@pytest.mark.parametrize("a, mistake", MISTAKES)
def test_a_mistake_loses_exactly_its_points(graded, a, mistake):
    lost, _ = MODULES[a].EXPECTED[mistake]
    result = graded(a)[mistake]
    assert lost_points(result) == lost
    assert result.score == pytest.approx(MODULES[a].FULL - sum(lost.values()), abs=1e-3)
    assert not any(t.grader_error for t in result.tests)


@pytest.mark.parametrize("a, mistake", MISTAKES)
def test_a_mistake_is_named_on_every_test_it_fails_and_on_no_other_example(graded, a, mistake):
    _, misconception = MODULES[a].EXPECTED[mistake]
    failing = [t for t in graded(a)[mistake].tests if t.score < t.max_score]
    assert failing and all(t.feedback for t in failing)
    if misconception is None:  # declared as naming nothing: nothing is named on it
        assert misconceptions(graded(a)[mistake]) == set()
        return
    assert misconceptions(graded(a)[mistake]) == {misconception}
    named = [t for t in failing if t.misconception]
    assert all(t.misconception == misconception and hints()[misconception]["en"] in t.feedback for t in named)
    # every failing test names it, but for a test that hands the code a data set to train on: too
    # big to replay on every mistake (diagnosis.MAX_SENT), it names only what a check names
    unnamed = {t.name for t in failing if not t.misconception}
    assert unnamed <= HEAVY.get(a, set()), unnamed
    # no other example is named with it, except the ones declared to show the same misconception
    # (numpy_removed_alias has an example per removed name)
    also = {m for m, (_, names) in MODULES[a].EXPECTED.items() if names == misconception}
    assert {sid for sid, r in graded(a).items() if misconception in misconceptions(r)} <= also


@pytest.mark.parametrize("a", MODULES)
def test_hidden_tests_show_neither_inputs_nor_expected_values(graded, a):
    hidden = [(r.student_id, t) for r in graded(a).values() for t in r.tests if t.visibility == "hidden"]
    assert any(t.status == "failed" for _, t in hidden)
    for student_id, t in hidden:
        assert not SHOWN_VALUE.search(t.feedback), (student_id, t.name, t.feedback)
