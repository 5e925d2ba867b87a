"""A test's outcome does not depend on what ran before it in the submission's worker.

Student code draws weights from numpy's global random state (``np.random.randn`` in the book's
``TwoLayerNet``). If that state ran on from test to test, a test's weights would depend on how many
numbers earlier tests drew, on whether the worker was restarted after a timeout, and on which tests
ran at all (``check`` runs the public ones only): a gradient check near its tolerance then passed
in one grading and failed in another. Each test starts from a state of its own, seeded from its
name (not from the student: identical code gets identical weights).
"""
import shutil

import numpy as np
import pytest

from autograder import course
from autograder.problems import WorkerTimeout
from autograder.sandbox import SubmissionSandbox
from autograder.submission import Source, stage
from autograder.supervisor import Zygote
from tests.conftest import EXAMPLES

A2 = "a2_functions"

SPY = '''
import random
import time

import numpy as np


def draw(n=1):
    return [float(v) for v in np.random.rand(n)] + [random.random() for _ in range(n)]


def nap(seconds):
    time.sleep(seconds)
'''

SEEDS_AT_IMPORT = '''
import numpy as np

np.random.seed(7)  # a notebook's first cell, copied into the module
np.random.rand(1)
'''


@pytest.fixture
def graded(tmp_path):
    """``open(student_id, spy)``: a sandbox on a2's reference example with a ``spy`` module beside it."""
    assignment = course.get(A2)
    zygote = Zygote()
    opened = []

    def open_sandbox(student_id="s", spy=SPY):
        source = tmp_path / f"source-{len(opened)}"
        shutil.copytree(EXAMPLES / A2 / "reference", source)
        (source / "spy.py").write_text(spy)
        staged = stage(Source(student_id, source), assignment, tmp_path / f"staged-{len(opened)}")
        sandbox = SubmissionSandbox(student_id, assignment, staged, zygote, call_timeout=1.0)
        opened.append(sandbox)
        return sandbox

    yield open_sandbox
    for sandbox in opened:
        sandbox.close()
    zygote.close()


def draws_in(sandbox, nodeid="suite/test_a2.py::test_weights", before=None):
    """What the student's code draws in the test ``nodeid``, after ``before(sandbox, spy)`` ran in
    an earlier test."""
    spy = sandbox.import_module("spy")
    if before is not None:
        sandbox.start_test("suite/test_a2.py::test_earlier")
        before(sandbox, spy)
        sandbox.end_test()
    sandbox.start_test(nodeid)
    got = sandbox.import_module("spy").draw(3)
    sandbox.end_test()
    return got


def test_what_a_test_draws_does_not_depend_on_what_earlier_tests_drew(graded):
    alone = draws_in(graded())
    after_draws = draws_in(graded(), before=lambda sandbox, spy: spy.draw(7))
    assert len(alone) == 6 and alone == after_draws


def test_what_a_test_draws_does_not_depend_on_a_restart_before_it(graded):
    def time_out(sandbox, spy):
        spy.draw(2)
        with pytest.raises(WorkerTimeout):
            spy.nap(5)

    sandbox = graded()
    after_restart = draws_in(sandbox, before=time_out)
    assert sandbox.worker.restarts == 1
    assert after_restart == draws_in(graded())


def test_a_restart_inside_a_test_starts_its_draws_over(graded):
    sandbox = graded()
    spy = sandbox.import_module("spy")
    sandbox.start_test("suite/test_a2.py::test_weights")
    first = spy.draw(3)
    with pytest.raises(WorkerTimeout):
        spy.nap(5)
    assert sandbox.import_module("spy").draw(3) == first


def test_the_state_is_the_tests_own_not_the_students_nor_the_suites_folder(graded):
    one = draws_in(graded("alice"))
    assert draws_in(graded("bob"), nodeid="elsewhere/test_a2.py::test_weights") == one  # same code, same weights
    other = draws_in(graded("alice"), nodeid="suite/test_a2.py::test_other")
    assert other != one
    sandbox = graded()
    spy = sandbox.import_module("spy")
    sandbox.start_test("suite/test_a2.py::test_weights")
    assert spy.draw(3) == one and spy.draw(3) != one  # within a test the stream runs on



def test_a_module_that_seeds_or_draws_when_imported_does_not_change_what_a_test_draws(graded):
    """The seed goes with the test's first request that is not an import: a module's top level
    (``np.random.seed(7)`` and a draw, as a notebook's first cell copied into it) runs before it,
    wherever the import happens (in the test that first uses the module, or after a restart)."""
    honest = draws_in(graded())
    assert draws_in(graded(spy=SEEDS_AT_IMPORT + SPY)) == honest
    sandbox = graded(spy=SEEDS_AT_IMPORT + SPY)
    sandbox.start_test("suite/test_a2.py::test_weights")
    spy = sandbox.import_module("spy")  # imported inside the test
    first = spy.draw(3)
    with pytest.raises(WorkerTimeout):
        spy.nap(5)
    assert first == honest
    assert sandbox.import_module("spy").draw(3) == honest  # imported again by the new child
