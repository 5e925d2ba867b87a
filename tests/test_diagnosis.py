"""Diagnosis by behaviour: a failed test's recorded calls, replayed on each declared mistake of the reference."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from autograder import diagnosis, reference, replay
from autograder.supervisor import Worker, Zygote
from autograder.worker.limits import Limits
from tests.conftest import EXAMPLES

A2, A4 = "a2_functions", "a4_layers"


@pytest.fixture(scope="module")
def zygote():
    z = Zygote()
    yield z
    z.close()


@pytest.fixture
def student(zygote, tmp_path):
    """``student(assignment, example)`` → (the worker's handle on its modules, the recording)."""
    workers = []

    def open_(assignment_id: str, example: str):
        folder = tmp_path / example
        shutil.copytree(EXAMPLES / assignment_id / example, folder)
        (tmp_path / f"tmp-{example}").mkdir()
        spec = {"submission": str(folder), "tmp": str(tmp_path / f"tmp-{example}"),
                "output": str(tmp_path / f"out-{example}.txt"), "limits": Limits().to_dict()}
        worker = Worker(zygote, spec, call_timeout=10.0, budget=60.0)
        workers.append(worker)
        recording = worker.recording = diagnosis.Recording()
        return worker, recording

    yield open_
    for worker in workers:
        worker.close()


def named(assignment_id: str, recording) -> str | None:
    return diagnosis.diagnose(assignment_id, recording, reference.load(assignment_id))


def test_a_sign_error_in_cross_entropy_is_named_from_its_answers(student):
    worker, recording = student(A2, "cee_sign")
    functions = worker.module("functions")
    recording.start()
    functions.CEE(np.array([0.1, 0.7, 0.2]), np.array([0.0, 1.0, 0.0]))
    assert named(A2, recording) == "cee_sign"


def test_the_reference_is_named_nothing(student):
    worker, recording = student(A2, "reference")
    functions = worker.module("functions")
    recording.start()
    functions.CEE(np.array([0.1, 0.7, 0.2]), np.array([0.0, 1.0, 0.0]))
    functions.softmax(np.array([[1.0, 2.0], [3.0, 5.0]]))
    assert named(A2, recording) is None


def test_a_mistake_that_answers_like_the_reference_here_is_not_named(student):
    """softmax without the max shift is right on small inputs: a correct answer would match it."""
    worker, recording = student(A2, "softmax_no_max_shift")
    functions = worker.module("functions")
    recording.start()
    functions.softmax(np.array([0.3, 2.9, 4.0]))
    assert named(A2, recording) is None
    recording.start()
    functions.softmax(np.array([1000.0, 1010.0]))
    assert named(A2, recording) == "softmax_no_max_shift"


def test_handles_from_an_earlier_test_are_replayed_from_where_they_came(student):
    """The module and its function were looked up in an earlier test: the replay starts from there."""
    worker, recording = student(A2, "softmax_wrong_axis")
    softmax = worker.module("functions").softmax
    softmax(np.array([1.0, 2.0]))
    recording.start()
    softmax(np.array([[1.0, 2.0], [3.0, 5.0]]))
    assert len(recording.exchanges) == 1 and len(recording.setup()) == 2  # import, getattr
    assert named(A2, recording) == "softmax_wrong_axis"


def test_objects_built_by_the_students_classes_are_replayed_too(student):
    """Affine's dW transposed: an object built, called forward and backward, its attribute read."""
    worker, recording = student(A4, "affine_dw_transposed")
    layers = worker.module("layers")
    rng = np.random.default_rng(0)
    recording.start()
    layer = layers.Affine(rng.normal(size=(3, 3)), rng.normal(size=3))
    layer.forward(rng.normal(size=(4, 3)))
    layer.backward(rng.normal(size=(4, 3)))
    _ = layer.dW
    assert named(A4, recording) == "affine_dw_transposed"


def test_an_exception_of_the_same_type_matches_a_raising_mistake(student):
    worker, recording = student(A2, "step_np_int")
    functions = worker.module("functions")
    recording.start()
    with pytest.raises(Exception):
        functions.step(np.array([-1.0, 2.0]))
    assert recording.exchanges[-1].raised.startswith("AttributeError: ")
    assert named(A2, recording) == "numpy_removed_alias"


def test_an_exception_of_the_same_type_but_another_message_is_not_that_mistake(student, tmp_path):
    """An AttributeError of a None is not numpy's removed alias, though both are AttributeErrors."""
    text = (EXAMPLES / A2 / "reference" / "functions.py").read_text()
    own = tmp_path / "own"
    own.mkdir()
    (own / "functions.py").write_text(text.replace("return (np.asarray(x) > 0).astype(int)", "return None.astype(int)"))
    worker, recording = student(A2, "reference")
    worker.spec["submission"] = str(own)
    worker.kill()  # the next request starts a child on the edited copy
    functions = worker.module("functions")
    recording.start()
    with pytest.raises(Exception):
        functions.step(np.array([-1.0, 2.0]))
    assert recording.exchanges[-1].raised.startswith("AttributeError: 'NoneType'")
    assert named(A2, recording) is None


def test_two_mistakes_that_answer_alike_name_nothing(student, monkeypatch):
    """When a test's requests cannot tell two declared mistakes apart, naming one would be a guess."""
    worker, recording = student(A2, "cee_sign")
    functions = worker.module("functions")
    recording.start()
    functions.CEE(np.array([0.1, 0.7, 0.2]), np.array([0.0, 1.0, 0.0]))
    built = diagnosis._mistake_modules(A2)
    (sign, module), = [(m, mod) for m, mod in built if m.id == "cee_sign"]
    twin = diagnosis.mistakes.Mistake("cee_sign_twin", sign.module, sign.edits, hint=sign.hint)
    monkeypatch.setattr(diagnosis, "_mistake_modules", lambda a: (*built, (twin, module)))
    assert named(A2, recording) is None


def test_nothing_is_named_when_a_request_was_lost(student):
    worker, recording = student(A2, "cee_sign")
    functions = worker.module("functions")
    recording.start()
    functions.CEE(np.array([0.1, 0.7, 0.2]), np.array([0.0, 1.0, 0.0]))
    recording.lost()
    assert named(A2, recording) is None


@pytest.mark.parametrize("student_answer, replayed, alike", [
    (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), True),
    (np.array([1.0, 2.0]), np.array([[1.0, 2.0]]), False),           # (2,) is not (1, 2)
    (np.array([True, False]), np.array([1, 0]), False),               # bool is not int
    (1.0, 1.0000001, True),
    (1.0, -1.0, False),
    (1, 1.0, False),                                                   # an int is not a float
    (np.array([1, 2]), np.array([1.0, 2.0]), False),
    ((1.0, 2.0), [1.0, 2.0], False),                                   # a tuple is not a list
    ({"W": np.zeros(2)}, {"W": np.zeros(2), "b": np.zeros(1)}, False),
    (float("nan"), float("nan"), True),
])
def test_answers_are_alike_within_tolerance_shape_and_kind(student_answer, replayed, alike):
    assert replay.same(student_answer, replayed) is alike
