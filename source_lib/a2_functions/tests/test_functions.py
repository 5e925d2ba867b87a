"""Public checks for functions.py: run `pytest tests/` from the assignment folder.

Each test calls your function on a lecture example and compares with the literal value the
lecture gives, using the grader's checks (the `check` fixture of conftest.py).
"""
import numpy as np

from functions import BCE, CEE, MSE, RMSE, SSE, identity_function, leaky_relu, relu, sigmoid, softmax, step


def test_step_gives_integers_one_only_above_zero(check):
    """step([-1, 0, 2]) gives the integers [0, 0, 1]
    ko: step([-1, 0, 2]) 는 정수 [0, 0, 1]"""
    y = step(np.array([-1.0, 0.0, 2.0]))
    check.array(y, np.array([0, 0, 1]), "step([-1, 0, 2])", rtol=0, atol=0, kind="i", kind_misconception="step_bool")


def test_sigmoid_of_zero_is_one_half_and_keeps_shape(check):
    """sigmoid of a (2, 3) array of zeros is 0.5 everywhere, in shape (2, 3)
    ko: (2, 3) 영행렬의 sigmoid 는 shape (2, 3) 에 모두 0.5"""
    check.array(sigmoid(np.zeros((2, 3))), np.full((2, 3), 0.5), "sigmoid(np.zeros((2, 3)))", rtol=1e-12, atol=0,
                kind=None)


def test_sigmoid_matches_formula_for_moderate_inputs(check):
    """sigmoid([-1, 1, 2]) matches 1 / (1 + exp(-x))
    ko: sigmoid([-1, 1, 2]) 가 1 / (1 + exp(-x)) 와 같음"""
    x = np.array([-1.0, 1.0, 2.0])
    check.array(sigmoid(x), 1 / (1 + np.exp(-x)), "sigmoid([-1, 1, 2])", rtol=1e-12, atol=1e-15, kind=None)


def test_sigmoid_is_finite_for_large_inputs(check):
    """sigmoid([-1000, 1000]) is finite: [0, 1]
    ko: sigmoid([-1000, 1000]) 가 유한함: [0, 1]"""
    check.array(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0], "sigmoid([-1000, 1000])", rtol=0, atol=1e-12,
                kind=None)


def test_relu_zeroes_negative_inputs(check):
    """relu([-2, 0, 3]) is [0, 0, 3]
    ko: relu([-2, 0, 3]) 는 [0, 0, 3]"""
    check.array(relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0], "relu([-2, 0, 3])", rtol=0, atol=0, kind=None)


def test_leaky_relu_keeps_a_tenth_of_negative_inputs(check):
    """leaky_relu([-2, 3]) keeps a tenth of the negative input: [-0.2, 3]
    ko: leaky_relu([-2, 3]) 는 음수 입력의 1/10 을 남김: [-0.2, 3]"""
    check.array(leaky_relu(np.array([-2.0, 3.0])), [-0.2, 3.0], "leaky_relu([-2, 3])", rtol=1e-12, atol=1e-15,
                kind=None)


def test_identity_function_returns_its_input(check):
    """identity_function([1, -2]) returns its input
    ko: identity_function([1, -2]) 는 입력을 그대로 돌려줌"""
    check.array(identity_function(np.array([1.0, -2.0])), [1.0, -2.0], "identity_function([1, -2])", rtol=0, atol=0,
                kind=None)


def test_softmax_reproduces_lecture_example(check):
    """softmax([0.3, 2.9, 4.0]) is the lecture's [0.01821127, 0.24519181, 0.73659691]
    ko: softmax([0.3, 2.9, 4.0]) 는 강의 값 [0.01821127, 0.24519181, 0.73659691]"""
    y = softmax(np.array([0.3, 2.9, 4.0]))
    check.array(y, [0.01821127, 0.24519181, 0.73659691], "softmax([0.3, 2.9, 4.0])", rtol=1e-5, atol=5e-9,
                kind=None)


def whole_batch_sums(x):
    """The row sums of softmax normalised over the whole batch or over the columns (wrong axes)."""
    by_rows, overall = np.exp(x - np.max(x, axis=-1, keepdims=True)), np.exp(x - np.max(x))
    return [("softmax_wrong_axis", np.sum(e / total, axis=1))
            for e, total in ((by_rows, np.sum(by_rows)), (overall, np.sum(overall)), (overall, np.sum(overall, axis=0)))]


def test_softmax_of_batch_sums_to_one_per_row(check):
    """softmax of a (2, 3) batch keeps its shape and each row sums to 1
    ko: (2, 3) 배치의 softmax 는 shape 을 유지하고 각 행의 합이 1"""
    x = np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 2.0]])
    y = softmax(x)
    check.equal(np.shape(y), (2, 3), {"en": "np.shape(softmax(x)) for a (2, 3) batch x",
                                      "ko": "(2, 3) 배치 x 에 대한 np.shape(softmax(x))"})
    check.array(np.sum(y, axis=1), [1.0, 1.0], {"en": "the row sums of softmax(x) for a (2, 3) batch x",
                                                "ko": "(2, 3) 배치 x 에 대한 softmax(x) 의 행별 합"},
                rtol=1e-12, atol=1e-12, kind=None, variants=whole_batch_sums(x))


def test_mse_of_lecture_prediction_is_0_03(check):
    """MSE of the lecture's prediction for the label 2 is 0.03
    ko: 정답이 2 일 때 강의 예측값의 MSE 는 0.03"""
    y = np.array([0, 0, 0.8, 0.1, 0, 0, 0, 0.1, 0, 0])
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    check.scalar(MSE(y, t), 0.03, {"en": "MSE(y, t) for the lecture's y", "ko": "강의의 y 에 대한 MSE(y, t)"},
                 rtol=1e-5, atol=1e-8, variants={"mse_mean": np.mean((y - t) ** 2)})


def test_sse_of_lecture_example_is_0_04(check):
    """SSE([0.5], [0.7]) is 0.04
    ko: SSE([0.5], [0.7]) 는 0.04"""
    check.scalar(SSE(np.array([0.5]), np.array([0.7])), 0.04, "SSE([0.5], [0.7])", rtol=1e-5, atol=1e-8,
                 variants={"sse_rmse_confusion": 0.2})


def test_rmse_of_lecture_example_is_sqrt_0_38_over_3(check):
    """RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38 / 3) = 0.355903
    ko: RMSE([2.7, 4.2, 5.5], [3, 4, 5]) 는 sqrt(0.38 / 3) = 0.355903"""
    got = RMSE(np.array([2.7, 4.2, 5.5]), np.array([3.0, 4.0, 5.0]))
    check.scalar(got, np.sqrt(0.38 / 3), "RMSE([2.7, 4.2, 5.5], [3, 4, 5])", rtol=1e-5, atol=1e-8,
                 variants={"sse_rmse_confusion": 0.38})


def test_cee_of_lecture_example_is_minus_log_0_3(check):
    """CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725
    ko: CEE([0.7, 0.3], [0, 1]) 는 -log(0.3 + 1e-7) = 1.2039725"""
    got = CEE(np.array([0.7, 0.3]), np.array([0, 1]))
    check.scalar(got, 1.2039725, "CEE([0.7, 0.3], [0, 1])", rtol=1e-6, atol=5e-8, variants={"cee_sign": -1.2039725})


def test_cee_accepts_a_class_index_instead_of_one_hot(check):
    """CEE([[0.7, 0.3]], [1]) with the class index gives the same 1.2039725
    ko: 클래스 인덱스로 준 CEE([[0.7, 0.3]], [1]) 도 같은 1.2039725"""
    got = CEE(np.array([[0.7, 0.3]]), np.array([1]))
    check.scalar(got, 1.2039725, "CEE([[0.7, 0.3]], [1])", rtol=1e-6, atol=5e-8, variants={"cee_sign": -1.2039725})


def test_bce_of_one_half_is_log_2(check):
    """BCE([0.5], [1]) is log 2
    ko: BCE([0.5], [1]) 는 log 2"""
    check.scalar(BCE(np.array([0.5]), np.array([1.0])), np.log(2), "BCE([0.5], [1])", rtol=1e-6, atol=1e-7)
