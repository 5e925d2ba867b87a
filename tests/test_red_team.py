"""Findings of a hostile-student review, each kept as a test: plain student code is graded, never
a grader failure, and looking answers up earns nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.grading import Grader
from tests.conftest import EXAMPLES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


@pytest.mark.parametrize("value", ["42", "None", "{'step': 1}"])
def test_a_module_that_replaces_itself_in_sys_modules_is_graded_as_an_import_error(tmp_path, value):
    folder = tmp_path / "mallory"
    folder.mkdir()
    code = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    (folder / "functions.py").write_text(f"{code}\nimport sys\nsys.modules[__name__] = {value}\n")
    result = Grader("a2_functions", jobs=1).grade_one(folder)
    assert (result.status, result.score) == ("graded", 0.0)
    assert {t.status for t in result.tests} == {"error"}
    assert all(t.feedback.startswith("could not import functions.py") for t in result.tests)


def test_a5_weights_so_large_the_scores_overflow_are_graded_not_a_grader_failure(tmp_path):
    folder = tmp_path / "huge"
    shutil.copytree(EXAMPLES / "a5_two_layer_net" / "reference", folder)
    net = folder / "two_layer_net.py"
    text = net.read_text()
    anchor = "def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):\n"
    assert anchor in text
    net.write_text(text.replace(anchor, anchor + "        weight_init_std = weight_init_std * 1e200 "
                                         "if weight_init_std >= 0.5 else weight_init_std\n"))
    result = Grader("a5_two_layer_net", jobs=1).grade_one(folder)
    assert result.status == "graded" and not any(t.status == "grader_failed" for t in result.tests)
    assert 0 < result.score < result.max_score


def _class(tmp_path, names):
    subs = tmp_path / "subs"
    for name in names:
        shutil.copytree(EXAMPLES / "a1_perceptron" / "reference", subs / name)
    return subs


def test_a_stray_module_beside_the_student_folders_is_refused_not_graded_as_one_student(tmp_path, capsys):
    from autograder import cli

    subs = _class(tmp_path, ["alice", "carol"])
    shutil.copy(EXAMPLES / "a1_perceptron" / "stub" / "perceptron.py", subs / "perceptron.py")
    assert cli.main(["run", "a1_perceptron", str(subs), "--out", str(tmp_path / "out"), "--quiet",
                     "--no-preflight"]) == 2
    err = capsys.readouterr().err
    assert "holds perceptron.py itself and also student folders (alice, carol)" in err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_a_student_folder_whose_name_starts_with_an_underscore_gets_its_record(tmp_path):
    from autograder import course
    from autograder.submission import discover

    subs = _class(tmp_path, ["_bob", "alice"])
    (subs / "__MACOSX").mkdir()
    (subs / ".git").mkdir()
    assert [s.student_id for s in discover(subs, course.get("a1_perceptron"))] == ["_bob", "alice"]


def test_the_data_a_test_measures_on_is_hidden_from_student_code(tmp_path):
    from autograder import datasets

    (folder,) = [f for f in datasets.data_folders() if f.endswith("datasets/data")]  # the bundled digits
    student = tmp_path / "peek"
    student.mkdir()
    code = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    (student / "functions.py").write_text(code + f'''
import os
try:
    open(os.path.join({folder!r}, "digits.csv.gz"), "rb").read(10)
    print("READ the digits")
except OSError as exc:
    print("hidden:", type(exc).__name__)
''')
    result = Grader("a2_functions", jobs=1).grade_one(student)
    assert "hidden:" in result.output and "READ" not in result.output, result.output
    assert result.score == result.max_score


ANSWERS_THE_SUITE_CANNOT_USE = {
    "placeholder": "\nsigmoid = 0\n",
    "longer_args": '''
import sys as _sys
_orig_step = step
def step(x):
    frame = _sys._getframe(1)
    if type(frame.f_locals.get("args")) is list and frame.f_code.co_name == "op_call":
        frame.f_locals["args"].append(1)  # the watched call answers one argument too many
    return _orig_step(x)
''',
    "patched_server": '''
import sys as _sys
_serve = _sys.modules["autograder.worker.serve"]
_orig = _serve.Server.op_call
def _op_call(self, msg):
    answer = _orig(self, msg)
    return 7 if msg.get("watch") else answer
_serve.Server.op_call = _op_call
''',
}


def test_answers_the_suite_cannot_use_are_the_students_error_not_a_grader_failure(tmp_path):
    code = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    for name, extra in ANSWERS_THE_SUITE_CANNOT_USE.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "functions.py").write_text(code + extra)
    results = Grader("a2_functions", jobs=1).grade_path(tmp_path)
    for r in results:
        assert r.status == "graded" and 0 < r.score < r.max_score, (r.student_id, r.status, r.reason)
        unusable = [t for t in r.tests if "could not check what your code gave back" in t.feedback]
        # only the parts whose answers could not be read are lost (the recheck keeps the rest)
        assert unusable and all(t.status in ("error", "failed") and t.score < t.max_score for t in unusable), r.student_id
        assert not any(t.status == "grader_failed" for t in r.tests)


def test_a_notebook_line_that_continues_a_statement_is_code_even_if_it_starts_with_percent(tmp_path):
    import json

    from autograder.notebook import strip_magics

    code = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    code += '\n\ndef describe(x):\n    return ("ndim %d"\n            % x.ndim)\n'
    assert strip_magics("%matplotlib inline\n!ls\n" + code) == "\n\n" + code
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": "%matplotlib inline\n" + code}]
    (tmp_path / "eve.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                     "nbformat_minor": 4}))
    result = Grader("a2_functions", jobs=1).grade_one(tmp_path / "eve.ipynb")
    assert (result.status, result.score) == ("graded", result.max_score)


def test_a_placeholder_that_breaks_the_suite_costs_only_its_own_parts(tmp_path):
    """``softmax = None`` loses exactly what an unfinished (raising) softmax loses: the recheck
    runs the test again so the error fails only softmax's parts, not the finished functions'."""
    code = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    for name, extra in (("placeholder", "\nsoftmax = None\n"),
                        ("unfinished", "\ndef softmax(x):\n    raise NotImplementedError('not implemented yet: softmax')\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "functions.py").write_text(code + extra)
    placeholder, unfinished = Grader("a2_functions", jobs=1).grade_path(tmp_path)
    assert placeholder.score == unfinished.score < placeholder.max_score
    by_test = {t.id: t.score for t in unfinished.tests}
    assert {t.id: t.score for t in placeholder.tests} == by_test


def test_a_module_whose_import_never_finishes_costs_one_timeout_not_one_per_test(tmp_path):
    """Each test would import it again and wait out the call timeout: 20 tests, the whole budget,
    and under ``serve`` a grading slot the class waits for. One timeout is enough to know."""
    folder = tmp_path / "looper"
    folder.mkdir()
    (folder / "functions.py").write_text("while True:\n    pass\n")
    result = Grader("a2_functions", jobs=1, call_timeout=2.0).grade_one(folder)
    assert result.graded and result.score == 0
    assert {t.status for t in result.tests} == {"timeout"}
    assert result.duration < 2.0 * 4  # two timed-out imports (IMPORT_TRIES), not one per test


def test_an_import_that_waits_then_raises_is_not_tried_once_per_test(tmp_path):
    folder = tmp_path / "sleeper"
    folder.mkdir()
    (folder / "functions.py").write_text("import time\ntime.sleep(1.5)\nraise ImportError('not today')\n")
    result = Grader("a2_functions", jobs=1, call_timeout=2.0).grade_one(folder)
    assert result.graded and result.score == 0 and {t.status for t in result.tests} == {"error"}
    assert all("not today" in t.feedback for t in result.tests if t.visibility == "visible")
    assert result.duration < 1.5 * 4  # two tries, then the same error at once (20 tries: 30 s)


def test_an_import_slow_only_the_first_time_costs_only_that_test(tmp_path):
    """A one-off (a busy machine, a first-time cache) is tried again before it counts for every test."""
    folder = tmp_path / "slowstart"
    folder.mkdir()
    reference = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    (folder / "functions.py").write_text(
        "import os, time\n"  # the submission's output file is what persists from one worker to the next
        "if os.fstat(1).st_size == 0:\n    print('warming up', flush=True)\n    time.sleep(3)\n" + reference)
    result = Grader("a2_functions", jobs=1, call_timeout=2.0).grade_one(folder)
    lost = [t.id for t in result.tests if t.score < t.max_score]
    assert len(lost) == 1 and result.score >= 37 - 2  # the first test's points, not all 37


def test_a_module_imported_again_during_a_hidden_test_shows_its_output_to_staff_only(tmp_path):
    """Its code can read back what it printed before (its own output), hidden tests' inputs among
    it, and print that again when a crash makes the grader import it again: that output is the
    hidden test's, staff-only, not the import-time output the student sees."""
    folder = tmp_path / "echo"
    folder.mkdir()
    reference = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    (folder / "functions.py").write_text(reference + """
import os as _os
with open("/proc/self/fd/1", "rb") as _f:  # what this submission printed so far
    _before = _f.read().decode("utf-8", "replace")
for _line in _before.splitlines():
    if _line.startswith("H1DDEN"):
        print("CARRIED", _line[7:])
_leaky = leaky_relu


def leaky_relu(x, alpha=0.1):
    if alpha == 0.3 and "H1DDEN" not in _before:  # only the hidden test passes this alpha
        print("H1DDEN", repr(np.asarray(x).ravel()[:3]), flush=True)
        _os._exit(3)  # crash: the next request imports the module again
    return _leaky(x, alpha)
""")
    result = Grader("a2_functions", jobs=1).grade_one(folder)
    assert "CARRIED" not in result.output
    assert any("CARRIED" in t.output for t in result.tests if t.visibility != "visible")  # kept, for staff
