"""The bundled a5 submissions score exactly what their mistakes deserve, and say why."""

import pytest


A = "a5_two_layer_net"
FULL = 26.0

ACCURACY = "accuracy is the fraction of rows whose top score is the right class, for label and one-hot t"
GRADIENT = "gradient (backpropagation) agrees with the reference on random networks, label and one-hot t"
NUMERICAL = "numerical_gradient agrees with central differences of the loss and leaves params unchanged"
GRADIENT_CHECK = ("gradient check: gradient and numerical_gradient both agree with the true gradient of the loss "
                  "(relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink")
HISTORY = ("train on 60 samples with batch_size=10 and iters_num=25: 25 losses, accuracies at iterations 0, 6, 12, "
           "18, 24, the first before any update")
HISTORY_SIZES = ("the history has iters_num losses and one accuracy per epoch_len = max(train_size // batch_size, 1) "
                 "iterations")
SGD = ("with optimizer=None, train does plain SGD in place: params, train_loss and accuracies follow the reference "
       "step by step")
OPTIMIZER = "with an optimizer object, train calls optimizer.update(network.params, grads) instead of plain SGD"
DIGITS = "TwoLayerNet(pixels, 50, 10) trained on handwritten digits classifies at least 90% of held-out test images"

# mistake → ({test name: points lost}, misconception named in the feedback of every failing test, or None)
EXPECTED = {
    # dout = 1 reaches the Affine layers: every call of gradient raises, so everything that trains errors
    "gradient_lastlayer_dout_dropped": ({GRADIENT: 3.0, GRADIENT_CHECK: 3.0, HISTORY: 2.0, HISTORY_SIZES: 1.0,
                                         SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0}, None),
    # numerical_gradient returns zeros: "leaves params unchanged" is judged only with a right result, so lost too
    "layers_copy_params": ({NUMERICAL: 2.0, GRADIENT_CHECK: 3.0, SGD: 3.0, OPTIMIZER: 2.0, DIGITS: 3.0},
                           "layers_copy_params"),
    "accuracy_onehot_direct": ({ACCURACY: 1.0}, "accuracy_onehot_labels"),
    "accuracy_count": ({ACCURACY: 2.0, HISTORY: 0.8, SGD: 0.75}, "accuracy_count"),
    "train_acc_every_iteration": ({HISTORY: 0.8, HISTORY_SIZES: 0.3333, SGD: 0.75}, "train_acc_every_iteration"),
    # the first entries are the accuracies after the first update (the history test draws a setup where
    # they differ); in the SGD run only test_acc's history changes for this example's id
    "accuracy_after_update": ({HISTORY: 0.8, SGD: 0.375}, "accuracy_after_update"),
    "sgd_rebinds_params": ({SGD: 2.25, DIGITS: 3.0}, "sgd_not_in_place"),
    "train_ignores_optimizer": ({OPTIMIZER: 1.6667}, "train_ignores_optimizer"),
}


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_an_error_in_the_students_code_says_where(results):
    failing = [t for t in results["gradient_lastlayer_dout_dropped"].tests if t.score < t.max_score]
    assert all(t.status == "error" and "two_layer_net.py, line" in t.feedback for t in failing)


def test_a_net_that_never_learns_is_told_its_predictions_did_not_change(results):
    for mistake in ("layers_copy_params", "sgd_rebinds_params"):
        (test,) = [t for t in results[mistake].tests if t.name == DIGITS]
        assert "its predictions did not change at all during training" in test.feedback


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["train_acc_every_iteration"].tests if t.name == HISTORY]
    assert "len(history['train_acc']) is wrong: you returned 25, expected 5" in test.feedback
    (test,) = [t for t in results["accuracy_after_update"].tests if t.name == HISTORY]
    assert "history['train_acc'][0], the accuracy of the untrained network is wrong: you returned [" in test.feedback
