"""a5's history test fails a train that records the accuracies after the update, for every student.

The suite's helpers are called on the trusted side over 200 seeds of its ``rng`` (a seed stands
for a student id): the reference train passes the first-accuracy check and the bundled
``accuracy_after_update`` example's train fails it, named, every time. Then real gradings under
three student ids, and two correct-by-behaviour nets whose params cannot be installed (the
suite's fallback) keep the check's points.
"""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from autograder import reference
from autograder.checker import Checker
from autograder.grading import Grader
from autograder.submission import Source
from tests.conftest import EXAMPLES, ROOT
from tests.suite_modules import course_mistakes

HISTORY = course_mistakes("a5_two_layer_net").HISTORY
from tests.suite_modules import load

A = "a5_two_layer_net"
SEEDS = 200


SUITE = load("a5_train_suite", ROOT / "source_lib" / A / "suite" / "test_a5_train.py")
AFTER = load("a5_train_accuracy_after_update", EXAMPLES / A / "accuracy_after_update" / "train.py")
REF = reference.load(A)


def first_entry_failures(train, setup, **options):
    """The failures of the suite's first-accuracy check for ``train`` run on a reference net
    holding ``setup.params``: [(what, misconception)]. One iteration is enough: the first entries
    of the suite's 25-iteration call are those of its first iteration (the real gradings below
    make that call)."""
    net = SUITE.reference_net(REF, setup.params)
    history = train(net, *setup.data, iters_num=1, batch_size=10, learning_rate=setup.learning_rate, **options)
    check = Checker(visible=True)
    SUITE.check_first_accuracies(check, {k: np.array(v, dtype=float) for k, v in history.items()}, setup)
    return [(m.feedback["en"].split(" is wrong")[0], m.misconception) for m in check.failures]


def test_the_example_moves_the_recording_after_the_update():
    x, t = np.tile([1.0, -1.0], (4, 1)), np.zeros(4, dtype=int)
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": -np.eye(2), "b2": np.zeros(2)}  # predicts class 1
    histories = [train(SUITE.reference_net(REF, params), x, t, x, t, iters_num=3, batch_size=2, learning_rate=5.0)
                 for train in (REF.train.train, AFTER.train)]
    assert [h["train_acc"] for h in histories] == [[0.0, 1.0], [1.0, 1.0]]  # one big step fixes the net
    assert histories[0]["train_loss"] == histories[1]["train_loss"]


@pytest.mark.slow
def test_for_200_seeds_the_reference_passes_and_after_update_fails_named():
    wanted = [("history['train_acc'][0], the accuracy of the untrained network", "accuracy_after_update"),
              ("history['test_acc'][0], the accuracy of the untrained network", "accuracy_after_update")]
    for seed in range(SEEDS):
        setup = SUITE.history_setup(REF, np.random.default_rng(seed))
        assert setup is not None and setup.distinct, seed  # no seed needs the fallback
        for key, n in (("train_acc", 60), ("test_acc", 30)):
            assert 0 < setup.before[key] != setup.after[key] != setup.before[key] * n, (seed, key)
        assert first_entry_failures(REF.train.train, setup) == [], seed
        assert first_entry_failures(AFTER.train, setup) == wanted, seed
        # a train that records after the update but draws other batches fails at least one of the two
        for other in range(1, SUITE.BATCH_SEEDS):
            assert first_entry_failures(AFTER.train, setup, seed=other), (seed, other)


@pytest.mark.parametrize("params", [
    "reference_init", "zeros", "huge"])
def test_the_fallback_setup_never_fails_a_correct_train(params):
    """Whatever the net's own params (no distinct draw needed), the reference passes."""
    rng = np.random.default_rng(7)
    own = {"reference_init": {"W1": 0.5 * rng.normal(size=(2, 8)), "b1": np.zeros(8),
                              "W2": 0.5 * rng.normal(size=(8, 3)), "b2": np.zeros(3)},
           "zeros": {"W1": np.zeros((2, 8)), "b1": np.zeros(8), "W2": np.zeros((8, 3)), "b2": np.zeros(3)},
           "huge": {"W1": np.full((2, 8), 1e200), "b1": np.zeros(8), "W2": np.full((8, 3), -1e200), "b2": np.zeros(3)},
           }[params]
    for _ in range(10):
        setup = SUITE.draw_history_setup(REF, rng, own, 0.1)
        with np.errstate(all="ignore"):
            assert first_entry_failures(REF.train.train, setup) == []


def copy_with(where, edits):
    """The bundled reference with ``module: [(old, new)]`` replacements (each ``old`` must occur)."""
    shutil.copytree(EXAMPLES / A / "reference", where)
    for module, pairs in edits.items():
        path = where / f"{module}.py"
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return where


@pytest.mark.slow
def test_real_gradings_under_three_student_ids(tmp_path):
    after, ref = EXAMPLES / A / "accuracy_after_update", EXAMPLES / A / "reference"
    # params cannot be installed: no layer named Affine1 (install fails) / the layers keep their
    # weights under another name (install reads back, but predict ignores it): the fallback runs
    renamed = copy_with(tmp_path / "renamed", {"two_layer_net": [("'Affine1'", "'Dense1'")]})
    own_weights = copy_with(tmp_path / "own_weights", {"layers": [("self.W", "self.weight")]})
    ids = ["20231234", "kim_2024", "lee-s"]
    sources = [Source(f"after-{i}", after) for i in ids] + [Source(f"ref-{i}", ref) for i in ids]
    sources += [Source("renamed", renamed), Source("own_weights", own_weights)]
    results = {r.student_id: r for r in Grader(A, jobs=1).grade(sources)}
    history = {sid: next(t for t in r.tests if t.name == HISTORY) for sid, r in results.items()}
    for i in ids:
        assert (history[f"after-{i}"].score, history[f"after-{i}"].misconception) == (1.2, "accuracy_after_update")
        assert "is wrong: you returned [" in history[f"after-{i}"].feedback
        assert (history[f"ref-{i}"].status, history[f"ref-{i}"].score) == ("passed", 2.0)
        assert results[f"ref-{i}"].score == results[f"ref-{i}"].max_score
    # the setups differ by student: the expected first accuracies shown are not all the same
    assert len({history[f"after-{i}"].feedback for i in ids}) > 1
    for sid in ("renamed", "own_weights"):
        assert (history[sid].status, history[sid].score, history[sid].grader_error) == ("passed", 2.0, None), sid
