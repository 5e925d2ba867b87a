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
    return diagnosis.diagnose(assignment_id, recording)


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
    codes, built, imports, sources = diagnosis._codes(A2)
    (sign, code, changed), = [d for d in built if d[0].id == "cee_sign"]
    twin = diagnosis.mistakes.Mistake("cee_sign_twin", sign.module, sign.edits, hint=sign.hint)
    monkeypatch.setattr(diagnosis, "_codes", lambda a: (codes, (*built, (twin, code, changed)), imports, sources))
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


def test_a_replayed_patch_never_reaches_the_graders_reference(student):
    """The a1 suite patches a student's gate with setattr and restores it; a replay that stops
    between the two (the student's answer made the restore unmirrorable) must leave the
    reference the ``ref`` fixture serves untouched (red team: it changed later students' grades)."""
    ref = reference.load("a1_perceptron").perceptron
    nand = ref.NAND
    worker, recording = student("a1_perceptron", "xor_wrong_layers")
    module = worker.module("perceptron")
    recording.start()
    module.NAND = module.OR  # the suite's patch (the restore below cannot be mirrored)
    module.XOR(1, 1)
    recording.add({"op": "setattr", "ref": {"$": "ref", "id": 10_000}, "name": "NAND", "value": None})
    assert [e.message["op"] for e in recording.exchanges] == ["getattr", "setattr", "getattr", "call", "setattr"]
    assert named("a1_perceptron", recording) is None
    assert ref.NAND is nand and ref.XOR(1, 1) == 0 and ref.XOR(0, 1) == 1


def test_a_setattr_on_a_module_the_replay_does_not_own_is_refused():
    import numpy
    codes = {"m": compile("import numpy\n", "<m>", "exec")}
    modules = replay.fresh(codes)
    run = replay._Replay(modules)
    run.by_remote[1] = modules["m"].numpy
    with pytest.raises(replay.Unmirrored):
        run.perform({"op": "setattr", "ref": {"$": "ref", "id": 1}, "name": "sum", "value": 0})
    assert numpy.sum is not None and callable(numpy.sum)


def test_a_replays_modules_are_its_own_and_import_each_other():
    codes = {"a": compile("X = 1\n", "<a>", "exec"), "b": compile("from a import X\nimport a\n", "<b>", "exec")}
    first, second = replay.fresh(codes), replay.fresh(codes)
    first["a"].X = 2
    assert first["b"].a is first["a"] and second["a"].X == 1 and second["b"].X == 1


def test_a_diagnosis_past_its_deadline_names_nothing_in_any_thread(student, monkeypatch):
    import threading
    worker, recording = student(A2, "cee_sign")
    functions = worker.module("functions")
    recording.start()
    functions.CEE(np.array([0.1, 0.7, 0.2]), np.array([0.0, 1.0, 0.0]))
    monkeypatch.setattr(diagnosis, "BUDGET_SECONDS", 0.0)
    assert named(A2, recording) is None
    monkeypatch.setattr(diagnosis, "BUDGET_SECONDS", 20.0)
    found = []
    thread = threading.Thread(target=lambda: found.append(named(A2, recording)))
    thread.start()
    thread.join()
    assert found == ["cee_sign"]
    # outside the main thread (no timer there) the deadline is checked before each replayed request
    raised = []

    def late():
        try:
            replay.replay(recording.exchanges, diagnosis._codes(A2)[0], recording.setup(), deadline=0.0)
        except replay.TooLong as exc:
            raised.append(exc)

    thread = threading.Thread(target=late)
    thread.start()
    thread.join()
    assert len(raised) == 1


def test_weights_drawn_at_random_in_the_worker_are_taken_from_the_students_answer(student):
    """TwoLayerNet draws its weights from numpy's global random state, which in the worker is not
    the replay's: once the test reads net.params, the replay uses the student's values."""
    worker, recording = student("a5_two_layer_net", "predict_softmax")
    net_class = worker.module("two_layer_net").TwoLayerNet
    recording.start()
    net = net_class(4, 3, 2)
    _ = net.params
    net.predict(np.arange(8.0).reshape(2, 4) / 8)
    assert named("a5_two_layer_net", recording) == "predict_softmax"
    recording.start()
    net.predict(np.arange(8.0).reshape(2, 4) / 8)  # params read in an earlier test: the setup has the handle
    assert named("a5_two_layer_net", recording) is None  # no state read here: the random weights cannot be matched


def test_a_named_mistake_drops_the_shape_notes_whose_guess_could_contradict_its_hint(graded_examples):
    """As a matching variant does: the hint says what is wrong, a note's guess ("cut to a whole
    number" for a threshold slip) does not stand beside it."""
    result = graded_examples("a1_perceptron")["train_threshold"]
    named_tests = [t for t in result.tests if t.misconception == "train_threshold"]
    assert named_tests and all("cut to a whole number" not in t.feedback for t in named_tests)
    assert all("Likely mistake: " in t.feedback for t in named_tests)


def test_a_closed_sandbox_keeps_nothing_the_submission_answered(tmp_path):
    """The recording holds the student's answers; once the submission is graded they go at once
    (red team: a batch of submissions answering with 32 MB arrays grew the grader by ~130 MiB each)."""
    from autograder import course
    from autograder.sandbox import SubmissionSandbox
    from autograder.submission import Source, stage
    assignment = course.get(A2)
    staged = stage(Source("s", EXAMPLES / A2 / "cee_sign"), assignment, tmp_path / "staged")
    zygote = Zygote()
    try:
        sandbox = SubmissionSandbox("s", assignment, staged, zygote)
        sandbox.start_test("t")
        sandbox.student.functions.CEE(np.array([0.1, 0.9]), np.array([0.0, 1.0]))
        recording = sandbox.recording
        assert recording.exchanges
        sandbox.close()
        assert recording.exchanges == [] and recording.creators == {} and sandbox.worker.recording is None
    finally:
        zygote.close()


def test_changed_code_names_only_what_an_edit_changed():
    """A replay is skipped for a mistake whose changed code the test never ran: what counts as
    changed must be exact (line numbers shifted by an edit above do not count; a default does, as
    the body that evaluates it: the module's, or the class's)."""
    before = "def f(x, a=1):\n    return x + a\n\n\nclass C:\n    k = 2\n\n    def g(self, y=3):\n        return [y * i for i in range(2)]\n"
    cases = {
        "def f(x):\n    return x - 1\n": {"f"},
        "a=2": {"<module>"},
        "\n\n# a comment that shifts every line\n": set(),
        "k = 2\n": set(),
        "    k = 5\n": {"C"},
        "y=4": {"C"},
        "y * i for": {"C.g.<locals>.<listcomp>"},
    }
    edits = {
        "def f(x):\n    return x - 1\n": before.replace("x + a", "x - a"),
        "a=2": before.replace("a=1", "a=2"),
        "\n\n# a comment that shifts every line\n": "\n\n# a comment that shifts every line\n" + before,
        "k = 2\n": before,
        "    k = 5\n": before.replace("k = 2", "k = 5"),
        "y=4": before.replace("y=3", "y=4"),
        "y * i for": before.replace("y * i", "y + i"),
    }
    original = compile(before, "<reference m.py>", "exec")
    for key, text in edits.items():
        assert diagnosis.changed_code(original, compile(text, "<mistake x: m.py>", "exec")) == cases[key], key


def test_every_declared_mistake_changes_some_code():
    for assignment in ("a1_perceptron", "a2_functions", "a3_gradient", "a4_layers", "a5_two_layer_net"):
        for mistake, code, changed in diagnosis._codes(assignment)[1]:
            assert changed, (assignment, mistake.id)
