"""a2_functions, activations: step, sigmoid, relu, leaky_relu, identity_function, softmax."""
import numpy as np
import pytest

from autograder.checker import describe_type

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")


@points(2)
def test_step_lecture_example(student, check):
    """step([-1, 0, 2]) gives the integers [0, 0, 1]
    ko: step([-1, 0, 2]) 는 정수 [0, 0, 1]"""
    got = student.functions.step(np.array([-1.0, 0.0, 2.0]))
    check.array(got, np.array([0, 0, 1]), "step([-1, 0, 2])", kind="i")


@points(1)
def test_step_scalar(student, check):
    """step of a single number is an integer 0 or 1
    ko: 스칼라 입력의 step 은 정수 0 또는 1"""
    got = student.functions.step(3.0)
    check.true(type(got) is int or (isinstance(got, (np.integer, np.ndarray)) and np.asarray(got).ndim == 0
                                    and np.asarray(got).dtype.kind in "iu"),
               {"en": f"step(3.0) should be an integer, got {describe_type(got)}",
                "ko": f"step(3.0) 은 정수여야 하는데 반환값이 {describe_type(got, 'ko')}입니다"},
               # kept: names Python's bool too (`return x > 0` on 3.0); the declared edit gives numpy's,
               # so the behaviour diagnosis names only that one
               misconception="step_bool" if isinstance(got, (bool, np.bool_)) else None)
    check.scalar(got, 1, "step(3.0)")
    check.scalar(student.functions.step(-3.0), 0, "step(-3.0)")  # a step that is always 1 computes nothing


@points(2)
@hidden
def test_step_on_a_batch(student, ref, check, rng):
    """step on a 2-D batch
    ko: 2차원 배치에 대한 step"""
    x = rng.normal(size=(4, 5))
    x[0, 0] = 0.0
    got = student.functions.step(x)
    check.array(got, ref.functions.step(x), {"en": "step(x) on a batch", "ko": "배치에 대한 step(x)"}, kind="i")


@points(2)
def test_sigmoid_values(student, ref, check):
    """sigmoid([-1, 1, 2]) matches 1 / (1 + exp(-x))
    ko: sigmoid([-1, 1, 2]) 가 1 / (1 + exp(-x)) 와 같음"""
    x = np.array([-1.0, 1.0, 2.0])
    check.array(student.functions.sigmoid(x), ref.functions.sigmoid(x), "sigmoid([-1, 1, 2])")


@points(2)
@hidden
def test_sigmoid_is_stable_for_large_inputs(student, ref, check, rng):
    """sigmoid is finite and right for inputs of ±1000 and random batches
    ko: ±1000 과 무작위 배치에서 sigmoid 가 유한하고 정확함"""
    x = np.concatenate([[-1000.0, 1000.0, 0.0], rng.normal(scale=5, size=7)]).reshape(2, 5)
    check.array(student.functions.sigmoid(x), ref.functions.sigmoid(x), {"en": "sigmoid(x) with large |x|", "ko": "|x| 가 큰 입력에 대한 sigmoid(x)"})


@points(2)
@hidden
def test_relu_and_leaky_relu(student, ref, check, rng):
    """relu and leaky_relu on a random batch
    ko: 무작위 배치에 대한 relu 와 leaky_relu"""
    x = rng.normal(size=(3, 4))
    with check.attempt():  # each call is one part: an unfinished relu keeps leaky_relu's credit
        check.array(student.functions.relu(x), ref.functions.relu(x), "relu(x)", soft=True)
    with check.attempt():
        check.array(student.functions.leaky_relu(x), ref.functions.leaky_relu(x), "leaky_relu(x)", soft=True)
    with check.attempt():
        check.array(student.functions.leaky_relu(x, 0.3), ref.functions.leaky_relu(x, 0.3),
                    "leaky_relu(x, alpha=0.3)", soft=True)
    with check.attempt():
        check.array(student.functions.identity_function(x), x, "identity_function(x)", soft=True)


@points(2)
def test_softmax_lecture_values(student, check):
    """softmax([0.3, 2.9, 4.0]) and softmax([1, 1, 2]) match the lecture
    ko: softmax([0.3, 2.9, 4.0]) 와 softmax([1, 1, 2]) 가 강의 값과 같음"""
    for x, expected, what in (([0.3, 2.9, 4.0], [0.01821127, 0.24519181, 0.73659691], "softmax([0.3, 2.9, 4.0])"),
                              ([1.0, 1.0, 2.0], [0.21194156, 0.21194156, 0.57611688], "softmax([1, 1, 2])")):
        with check.attempt():
            check.array(student.functions.softmax(np.array(x)), expected, what, atol=5e-9, soft=True)


@points(2)
def test_softmax_is_stable_for_large_inputs(student, check):
    """softmax([1000, 1010]) is finite: [4.54e-05, 0.99995]
    ko: softmax([1000, 1010]) 가 유한함: [4.54e-05, 0.99995]"""
    x = np.array([1000.0, 1010.0])
    check.array(student.functions.softmax(x), [4.539787e-05, 9.999546e-01], "softmax([1000, 1010])",
                atol=5e-7)


@points(2)
@hidden
def test_softmax_on_a_batch_is_row_wise(student, ref, check, rng):
    """softmax on a 2-D batch normalises each row
    ko: 2차원 배치의 softmax 는 각 행을 정규화함"""
    x = rng.normal(scale=3, size=(4, 3))
    x[1] += 500.0
    got = student.functions.softmax(x)
    variants = None
    if type(got) is np.ndarray and got.shape == x.shape and not np.allclose(np.sum(got, axis=-1), 1.0):
        # kept: rows that do not sum to 1 (any axis but the last: the book's 1-D softmax, axis=0 ...);
        # the declared edit (one sum over the whole batch) is one of many
        variants = {"softmax_wrong_axis": got}
    check.array(got, ref.functions.softmax(x), {"en": "softmax(x) on a batch", "ko": "배치에 대한 softmax(x)"}, variants=variants)


def wrong_axis_softmax(x):
    """The book's 1-D softmax on a batch: shifted by the overall maximum, normalised over the whole
    batch. Kept: the declared ``softmax_wrong_axis`` shifts by the row maxima, so the behaviour
    diagnosis names that one only."""
    overall = np.exp(x - np.max(x))
    return {"softmax_wrong_axis": overall / np.sum(overall)}


@points(2)
@hidden
def test_activations_leave_their_input_unchanged(student, ref, check, rng):
    """activation functions do not modify the array they are given
    ko: 활성화 함수가 입력 배열을 바꾸지 않음"""
    for name in ("step", "sigmoid", "relu", "leaky_relu", "softmax"):
        x = rng.normal(size=(3, 4))
        before = x.copy()  # the grader's own copy, made before the call
        expected = getattr(ref.functions, name)(x.copy())
        variants = wrong_axis_softmax(x) if name == "softmax" else None
        with check.attempt():
            got, (after,) = student.watch(getattr(student.functions, name), x)
            with check.result() as result:  # no credit for leaving x alone without computing anything
                check.array(got, expected, f"{name}(x)", kind=None, variants=variants, soft=True)
            check.unchanged(before, after, f"{name}(x)", soft=True, result_ok=result.ok)
