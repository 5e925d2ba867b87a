"""The bundled a4 submissions score exactly what their mistakes deserve, and say why."""

import pytest


A = "a4_layers"
FULL = 50.0

RELU_MASK = "Relu.forward keeps self.mask, True where x <= 0 (zero included)"
RELU_RANDOM = "Relu forward and backward on a random batch that contains exact zeros"
RELU_UNCHANGED = "Relu.forward and Relu.backward do not modify the caller's x and dout"
SIGMOID_LECTURE = ("Sigmoid: forward(0) is 0.5 with backward(1) 0.25; forward(0.1) is 0.524979 with backward(1) "
                   "0.249376")
SIGMOID_RANDOM = "Sigmoid forward and backward on a random batch"
AFFINE_LECTURE = ("Affine with W = [[0.1, 0.2], [0.3, 0.4]], b = [0.1, 0.2]: forward([[1, 2]]) is [[0.8, 1.2]]; "
                  "backward([[1, 1]]) gives dx, dW, db")
AFFINE_RANDOM = "Affine forward and backward on a random 2-D batch: out, dx, dW and db (summed over the batch)"
AFFINE_4D = "Affine flattens a 4-D batch (N, C, H, W) and returns dx in x's original shape"
AFFINE_SHARES = "Affine keeps the W and b it was given: an in-place change of W and b shows in the next forward"
SOFTMAX_ONE_HOT = "SoftmaxWithLoss forward and backward on a random batch with one-hot t"
SOFTMAX_LABELS = "SoftmaxWithLoss forward and backward on a random batch with label-index t"
STEP_LECTURE = ("one backprop_step on x = [[0, 0]], t = [[0]], lr = 0.2: w5 0.484645, w6 0.583918, b3 0.270750, "
                "b1 0.096352, b2 0.195656, W1 unchanged, E 0.244687")
STEP_RANDOM = "backprop_step on a random network and batch"
STEP_UNCHANGED = "backprop_step returns new arrays and does not modify x, t, W1, B1, W2, B2"
TRAIN_XNOR = "train on the lecture's XNOR data (lr = 0.2, 1000 epochs) gives the reference's weights"
TRAIN_RANDOM = "train makes per-sample updates in order, epochs passes, and leaves its arguments unchanged"
FORWARD3_LECTURE = "forward3 of the lecture network (init_network's weights) on [1.0, 0.5] is [0.31682708, 0.69627909]"
FORWARD3_RANDOM = "forward3 on a random network and a batch of inputs"

# mistake → ({test name: points lost}, misconception named in the feedback of every failing test)
EXPECTED = {
    "sigmoid_backward_from_x": ({SIGMOID_LECTURE: 1.0, SIGMOID_RANDOM: 1.0}, "sigmoid_grad_from_z"),
    "relu_backward_inplace": ({RELU_UNCHANGED: 1.0}, "relu_backward_inplace"),
    "relu_mask_strict": ({RELU_MASK: 1.0, RELU_RANDOM: 1.0}, "relu_mask_at_zero"),
    "affine_db_not_summed": ({AFFINE_LECTURE: 0.5, AFFINE_RANDOM: 0.75, AFFINE_4D: 0.5}, "affine_db_not_summed"),
    "affine_dw_transposed": ({AFFINE_LECTURE: 0.5, AFFINE_RANDOM: 0.75, AFFINE_4D: 0.5}, "affine_dw_transposed"),
    "affine_dx_not_reshaped": ({AFFINE_4D: 0.5}, "affine_dx_shape"),
    "affine_copies_params": ({AFFINE_SHARES: 1.0}, "affine_copies_params"),
    "softmaxloss_no_batch_divide": ({SOFTMAX_ONE_HOT: 1.3333, SOFTMAX_LABELS: 1.3333}, "softmaxloss_no_batch_divide"),
    "backprop_step_inplace": ({STEP_UNCHANGED: 1.3333, TRAIN_RANDOM: 0.8}, "backprop_step_inplace"),
    # wrong new weights: "leaves its inputs unchanged" is judged only with a right result, so lost too
    "mlp_delta_after_update": ({STEP_LECTURE: 1.2857, STEP_RANDOM: 1.0, STEP_UNCHANGED: 2.0, TRAIN_XNOR: 2.0,
                                TRAIN_RANDOM: 2.0}, "mlp_delta_after_update"),
    "mlp_train_full_batch": ({TRAIN_XNOR: 2.0, TRAIN_RANDOM: 2.0}, "mlp_train_full_batch"),
    "forward3_output_sigmoid": ({FORWARD3_LECTURE: 2.0, FORWARD3_RANDOM: 1.0}, "forward3_output_sigmoid"),
}


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_relu_that_writes_into_dout_is_told_so(results):
    (test,) = [t for t in results["relu_backward_inplace"].tests if t.score < t.max_score]
    assert "Relu.backward(dout) changed its input array" in test.feedback


def test_db_with_the_shape_of_dout_is_told_so(results):
    (test,) = [t for t in results["affine_db_not_summed"].tests if t.name == AFFINE_LECTURE]
    assert "has the shape of dout (1, 2); db must have b's shape (2,)" in test.feedback


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["sigmoid_backward_from_x"].tests if t.name == SIGMOID_LECTURE]
    assert "you returned [0.09], expected [0.249376]" in test.feedback
