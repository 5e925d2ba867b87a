"""a2_functions, losses: MSE, SSE, RMSE, CEE, BCE."""
import numpy as np
import pytest

from autograder.checker import words

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

T2 = np.eye(10)[2]
Y_GOOD = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])


@points(2)
def test_mse_lecture_values(student, check):
    """MSE gives the lecture's 0.03 and 0.81
    ko: MSE 가 강의 값 0.03 과 0.81 을 줌"""
    y1 = np.array([0, 0, 0.8, 0.1, 0, 0, 0, 0.1, 0, 0])
    y2 = np.array([0.9, 0, 0.1, 0, 0, 0, 0, 0, 0, 0])
    for y, value in ((y1, 0.03), (y2, 0.81)):
        with check.attempt():
            check.scalar(student.functions.MSE(y, T2), value, words("MSE(y, t) for the lecture's y = {y}", "강의의 y = {y} 에 대한 MSE(y, t)", y=y.tolist()),
                         soft=True)


@points(2)
@hidden
def test_mse_on_a_batch_is_divided_by_batch_size(student, ref, check, rng):
    """MSE on a 2-D batch is divided by the batch size
    ko: 2차원 배치의 MSE 는 배치 크기로 나눔"""
    y, t = rng.random((5, 3)), rng.random((5, 3))
    check.scalar(student.functions.MSE(y, t), ref.functions.MSE(y, t), {"en": "MSE(y, t) on a batch", "ko": "배치에 대한 MSE(y, t)"})


@points(1)
def test_sse_lecture_value(student, check):
    """SSE([0.5], [0.7]) is 0.04
    ko: SSE([0.5], [0.7]) 는 0.04"""
    # kept: an SSE that returns RMSE's value; the declared sse_rmse_confusion edits RMSE only
    check.scalar(student.functions.SSE(np.array([0.5]), np.array([0.7])), 0.04, "SSE([0.5], [0.7])",
                 variants={"sse_rmse_confusion": 0.2})


@points(1)
def test_rmse_lecture_value(student, check):
    """RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38/3) = 0.355903
    ko: RMSE([2.7, 4.2, 5.5], [3, 4, 5]) 는 0.355903"""
    y, t = np.array([2.7, 4.2, 5.5]), np.array([3.0, 4.0, 5.0])
    check.scalar(student.functions.RMSE(y, t), np.sqrt(0.38 / 3), "RMSE([2.7, 4.2, 5.5], [3, 4, 5])",
                 atol=5e-7)


@points(2)
@hidden
def test_sse_and_rmse_on_random_data(student, ref, check, rng):
    """SSE and RMSE on random vectors
    ko: 무작위 벡터에 대한 SSE 와 RMSE"""
    y, t = rng.normal(size=6), rng.normal(size=6)
    with check.attempt():
        check.scalar(student.functions.SSE(y, t), ref.functions.SSE(y, t), "SSE(y, t)",
                     variants=loss_variants("SSE", y, t), soft=True)
    with check.attempt():
        check.scalar(student.functions.RMSE(y, t), ref.functions.RMSE(y, t), "RMSE(y, t)", soft=True)


@points(2)
def test_cee_lecture_value(student, check):
    """CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725
    ko: CEE([0.7, 0.3], [0, 1]) 는 1.2039725"""
    y, t = np.array([0.7, 0.3]), np.array([0.0, 1.0])
    check.scalar(student.functions.CEE(y, t), 1.2039725, "CEE([0.7, 0.3], [0, 1])", atol=5e-8)


@points(2)
@hidden
def test_cee_survives_a_zero_probability(student, ref, check):
    """CEE stays finite when the true class has probability 0
    ko: 정답 클래스의 확률이 0 이어도 CEE 가 유한함"""
    y, t = np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 1.0, 0.0]])
    check.scalar(student.functions.CEE(y, t), ref.functions.CEE(y, t), {"en": "CEE(y, t) with y = 0 at the label", "ko": "정답 위치에서 y = 0 일 때의 CEE(y, t)"})


@points(2)
@hidden
def test_cee_on_a_batch_is_averaged(student, ref, check, rng):
    """CEE on a batch is the average over the batch
    ko: 배치의 CEE 는 배치 평균"""
    y = ref.functions.softmax(rng.normal(size=(4, 5)))
    t = np.eye(5)[rng.integers(0, 5, size=4)]
    check.scalar(student.functions.CEE(y, t), ref.functions.CEE(y, t), {"en": "CEE(y, t) on a batch", "ko": "배치에 대한 CEE(y, t)"})


@points(2)
@hidden
def test_cee_accepts_label_indices(student, ref, check, rng):
    """CEE with label indices equals CEE with one-hot targets
    ko: 정답 레이블 인덱스로도 원-핫과 같은 CEE"""
    y = ref.functions.softmax(rng.normal(size=(4, 5)))
    labels = rng.integers(0, 5, size=4)
    check.scalar(student.functions.CEE(y, labels), ref.functions.CEE(y, np.eye(5)[labels]),
                 {"en": "CEE(y, t) with label-index t", "ko": "t 가 레이블 인덱스일 때의 CEE(y, t)"})


@points(1)
@hidden
def test_bce_on_random_data(student, ref, check, rng):
    """binary cross entropy on random probabilities
    ko: 무작위 확률에 대한 이진 교차 엔트로피"""
    y, t = rng.random(6), (rng.random(6) > 0.5).astype(float)
    check.scalar(student.functions.BCE(y, t), ref.functions.BCE(y, t), "BCE(y, t)")


@points(1)
@hidden
def test_losses_leave_their_inputs_unchanged(student, ref, check, rng):
    """loss functions do not modify y or t
    ko: 손실 함수가 y 와 t 를 바꾸지 않음"""
    for name in ("MSE", "SSE", "RMSE", "CEE", "BCE"):
        y, t = rng.random((3, 3)), np.eye(3)[[0, 2, 1]]  # 3 rows: MSE without 0.5 differs from MSE not divided by N
        y_before, t_before = y.copy(), t.copy()  # the grader's own copies, made before the call
        expected = getattr(ref.functions, name)(y.copy(), t.copy())
        with check.attempt(checks=2):
            got, (y_after, t_after) = student.watch(getattr(student.functions, name), y, t)
            with check.result() as result:  # no credit for leaving y and t alone without computing anything
                check.scalar(got, expected, f"{name}(y, t)", variants=loss_variants(name, y, t), soft=True)
            check.unchanged(y_before, y_after, f"{name}(y, t)", soft=True, result_ok=result.ok)
            check.unchanged(t_before, t_after, f"{name}(y, t)", soft=True, result_ok=result.ok)


def loss_variants(name, y, t):
    """An SSE that returns RMSE's value names ``sse_rmse_confusion``. Kept beside the behaviour
    diagnosis: the declared mistake edits RMSE only (an RMSE returning the sum), so no declared
    mistake answers as such an SSE does. The other bundled mistakes are named by diagnosis."""
    if name == "SSE":
        return {"sse_rmse_confusion": np.sqrt(np.mean((y - t) ** 2))}
    return None
