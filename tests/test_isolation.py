"""Hostile submissions are scored only for their honest work, and the batch goes on.

Each case is a copy of the a2 reference or stub with something hostile added. All are graded
in one batch, so every test here also shows that one submission cannot hurt the next.
"""
import json
import os

import pytest

from autograder.grading import Grader
from autograder.writers import results_json
from tests.conftest import EXAMPLES

A = "a2_functions"
REFERENCE = (EXAMPLES / A / "reference" / "functions.py").read_text()
STUB = (EXAMPLES / A / "stub" / "functions.py").read_text()
SOFTMAX_VALUE_TESTS = {  # name → points of the tests that check softmax's values
    "softmax([0.3, 2.9, 4.0]) and softmax([1, 1, 2]) match the lecture": 2.0,
    "softmax([1000, 1010]) is finite: [4.54e-05, 0.99995]": 2.0,
    "softmax on a 2-D batch normalises each row": 2.0,
}
MUTATION_TEST = "activation functions do not modify the array they are given"  # calls softmax too
SOFTMAX_PART_OF_MUTATION_TEST = 0.4  # one of its five functions: softmax's part alone is lost

HOSTILE = {
    # softmax answers an object that claims to equal anything
    "eq_always_true": REFERENCE + '''
class Anything:
    def __eq__(self, other): return True
    def __array__(self, *a, **k): return np.array([0.01821127, 0.24519181, 0.73659691])
    shape = (3,)
def softmax(x):
    return Anything()
''',
    # rewires numpy, builtins and pytest inside the worker, with nothing implemented
    "monkeypatch": STUB + '''
import builtins, numpy
numpy.allclose = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
builtins.isinstance = lambda *a: True
builtins.type = lambda *a: numpy.ndarray
try:
    import pytest
    pytest.fail = lambda *a, **k: None
except ImportError:
    pass
''',
    "sys_exit_at_import": "import sys\nsys.exit(0)\n" + REFERENCE,
    "os_exit_at_import": "import os\nos._exit(0)\n" + REFERENCE,
    "infinite_loop_in_softmax": REFERENCE + "\ndef softmax(x):\n    while True:\n        pass\n",
    "memory_bomb_in_softmax": REFERENCE + '''
def softmax(x):
    hog = []
    while True:
        hog.append(bytearray(50 * 2**20))
''',
    # prints what a naive grader might parse as a perfect score
    "fake_output": STUB + '''
print("============================= 37 passed in 0.01s =============================")
print('[{"student_id": "fake_output", "score": 37, "max_score": 37, "status": "graded"}]')
import sys
sys.stderr.write('{"score": 37}\\n')
''',
    # tries to plant results in its working folder and in the grader's working folder
    "writes_results": STUB + '''
import json, os
fake = json.dumps([{"student_id": "writes_results", "score": 37}])
for folder in (".", os.path.join("/proc", str(os.getppid()), "cwd"), "/proc/%d/cwd" % os.getppid()):
    for name in ("results.json", os.path.join("out", "results.json")):
        try:
            with open(os.path.join(folder, name), "w") as f:
                f.write(fake)
        except OSError:
            pass
''',
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (root / name).mkdir()
        (root / name / "functions.py").write_text(text)
    (root / "zz_reference").mkdir()
    (root / "zz_reference" / "functions.py").write_text(REFERENCE)
    out = tmp_path_factory.mktemp("out")
    cwd = os.getcwd()
    os.chdir(out)  # the grader's working folder, which "writes_results" aims at
    try:
        results = Grader(A, jobs=2, call_timeout=2.5, budget=60).grade_path(root)
        results_json.write(results, out / "out" / "results.json")
    finally:
        os.chdir(cwd)
    return {r.student_id: r for r in results}, out


def by_status(result):
    counts = {}
    for t in result.tests:
        counts[t.status] = counts.get(t.status, 0) + 1
    return counts


def test_every_hostile_submission_gets_a_graded_record_and_the_batch_finishes(graded):
    results, _ = graded
    assert set(results) == set(HOSTILE) | {"zz_reference"}
    assert all(r.status == "graded" for r in results.values())
    assert results["zz_reference"].score == results["zz_reference"].max_score


def test_an_object_that_equals_everything_earns_nothing_for_softmax(graded):
    r = graded[0]["eq_always_true"]
    lost = {t.name: round(t.max_score - t.score, 4) for t in r.tests if t.score < t.max_score}
    # "does not modify its input" earns nothing without a right result from the same call
    assert lost == SOFTMAX_VALUE_TESTS | {MUTATION_TEST: SOFTMAX_PART_OF_MUTATION_TEST}
    # a hidden test does not name a class the submission chose (it could be built from the input)
    assert all(("returned an object of type Anything" if t.visibility == "visible" else
                "returned an object of a class your code defines") in t.feedback for t in r.tests if t.name in lost)


def test_monkeypatching_the_worker_cannot_change_the_grader(graded):
    r = graded[0]["monkeypatch"]
    assert r.score == 0.0 and not any(t.status == "passed" for t in r.tests)


def test_sys_exit_at_import_is_an_import_error_for_every_test(graded):
    r = graded[0]["sys_exit_at_import"]
    assert r.score == 0.0 and by_status(r) == {"error": len(r.tests)}
    assert "could not import functions.py: SystemExit" in r.tests[0].feedback


def test_os_exit_at_import_crashes_only_its_own_worker(graded):
    r = graded[0]["os_exit_at_import"]
    assert r.score == 0.0 and by_status(r) == {"error": len(r.tests)}
    assert "stopped the grading process" in r.tests[0].feedback


@pytest.mark.parametrize("case, status", [("infinite_loop_in_softmax", "timeout"), ("memory_bomb_in_softmax", None)])
def test_a_runaway_softmax_loses_only_the_softmax_tests(graded, case, status):
    r = graded[0][case]
    failed = [t for t in r.tests if t.score < t.max_score]
    assert {t.name for t in failed} == set(SOFTMAX_VALUE_TESTS) | {MUTATION_TEST}
    assert r.score == pytest.approx(r.max_score - sum(SOFTMAX_VALUE_TESTS.values()) - SOFTMAX_PART_OF_MUTATION_TEST)
    whole = [t for t in failed if t.name in SOFTMAX_VALUE_TESTS]
    assert all(t.status == status for t in whole) if status else all(t.status in ("error", "timeout") for t in whole)
    (mutation,) = [t for t in failed if t.name == MUTATION_TEST]  # the other four functions kept their credit
    assert mutation.status == "failed" and mutation.feedback.startswith("4 of 5 checks passed")


def test_printed_fake_results_are_only_captured_as_output(graded):
    r = graded[0]["fake_output"]
    assert r.score == 0.0
    assert "37 passed" in r.output and '{"score": 37}' in r.output


def test_planted_results_files_do_not_change_the_written_results(graded):
    results, out = graded
    written = json.loads((out / "out" / "results.json").read_text())
    assert {w["student_id"]: w["score"] for w in written}["writes_results"] == 0.0
    assert results["writes_results"].score == 0.0


def test_an_exception_in_a_hidden_test_shows_its_type_and_line_but_not_its_message(tmp_path):
    sub = tmp_path / "leaky"
    sub.mkdir()
    (sub / "functions.py").write_text(REFERENCE + "\ndef MSE(y, t):\n    raise ValueError(f'secret {y!r}')\n")
    result = Grader(A, jobs=1).grade_one(sub)
    hidden = [t for t in result.tests if t.name == "MSE on a 2-D batch is divided by the batch size"]
    visible = [t for t in result.tests if t.name == "MSE gives the lecture's 0.03 and 0.81"]
    assert "ValueError" in hidden[0].feedback and "functions.py, line" in hidden[0].feedback
    assert "secret" not in hidden[0].feedback
    assert "secret array(" in visible[0].feedback
