"""The bundled a2 submissions score exactly what their mistakes deserve, and say why."""

import pytest


A = "a2_functions"
FULL = 37.0

SOFTMAX_BIG = "softmax([1000, 1010]) is finite: [4.54e-05, 0.99995]"
SOFTMAX_BATCH = "softmax on a 2-D batch normalises each row"
CEE_LECTURE = "CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725"
CEE_ZERO = "CEE stays finite when the true class has probability 0"
CEE_BATCH = "CEE on a batch is the average over the batch"
CEE_LABELS = "CEE with label indices equals CEE with one-hot targets"
# An input left unchanged is judged only with a right result of the same call: a mistake whose result
# is wrong there loses that function's share of these tests too (1 of 5 activations, 1 of 5 losses).
ACTIVATIONS_KEEP_X = "activation functions do not modify the array they are given"
LOSSES_KEEP_YT = "loss functions do not modify y or t"

# mistake → ({test name: points lost}, misconception named in the feedback or None)
EXPECTED = {
    "softmax_no_max_shift": ({SOFTMAX_BIG: 2.0}, "softmax_no_max_shift"),
    "softmax_wrong_axis": ({SOFTMAX_BATCH: 2.0, ACTIVATIONS_KEEP_X: 0.4}, "softmax_wrong_axis"),
    "step_bool": ({"step([-1, 0, 2]) gives the integers [0, 0, 1]": 2.0,
                   "step of a single number is an integer 0 or 1": 1.0,
                   "step on a 2-D batch": 2.0}, "step_bool"),
    "step_np_int": ({"step([-1, 0, 2]) gives the integers [0, 0, 1]": 2.0,
                     "step of a single number is an integer 0 or 1": 1.0,
                     "step on a 2-D batch": 2.0,
                     # step raises: only its part of the test is lost, the other four activations keep theirs
                     ACTIVATIONS_KEEP_X: 0.4}, "numpy_removed_alias"),
    "mse_mean": ({"MSE gives the lecture's 0.03 and 0.81": 2.0,
                  "MSE on a 2-D batch is divided by the batch size": 2.0, LOSSES_KEEP_YT: 0.2}, "mse_mean"),
    "rmse_is_sse": ({"RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38/3) = 0.355903": 1.0,
                     "SSE and RMSE on random vectors": 1.0, LOSSES_KEEP_YT: 0.2}, "sse_rmse_confusion"),
    "cee_no_delta": ({CEE_ZERO: 2.0}, "cee_no_delta"),
    "cee_no_batch_average": ({CEE_BATCH: 2.0, CEE_LABELS: 2.0, LOSSES_KEEP_YT: 0.2}, "cee_no_batch_average"),
    "cee_sign": ({CEE_LECTURE: 2.0, CEE_ZERO: 2.0, CEE_BATCH: 2.0, CEE_LABELS: 2.0, LOSSES_KEEP_YT: 0.2}, "cee_sign"),
    "relu_in_place": ({ACTIVATIONS_KEEP_X: 0.4}, None),
}


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_relu_that_writes_into_its_input_is_told_so(results):
    (test,) = [t for t in results["relu_in_place"].tests if t.score < t.max_score]
    assert "relu(x) changed its input array" in test.feedback


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["cee_sign"].tests if t.name == CEE_LECTURE]
    assert "you returned -1.203972, expected 1.203972" in test.feedback
