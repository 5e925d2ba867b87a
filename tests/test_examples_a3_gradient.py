"""The bundled a3 submissions score exactly what their mistakes deserve, and say why."""
import re

import pytest


A = "a3_gradient"
FULL = 38.0

DIFF_LECTURE = "numerical_diff is the central difference: 0.2 and 0.3 for 0.01x² + 0.1x at 5 and 10, 6 for x² at 3"
DIFF_RANDOM = "numerical_diff at random points, with the default h and with a given h"
GRAD_LECTURE = "numerical_gradient of x0² + x1² is (6, 8) at (3, 4) and (0, 4) at (0, 2)"
GRAD_2D = "numerical_gradient of a function of a 2-D array"
GRAD_3D = "numerical_gradient of a non-separable function of a 3-D array"
GRAD_RESTORES = "numerical_gradient leaves every element of x exactly as it was"
GD_LAB = ("gradient_descent on (x - 3)² + 10 from 10 with lr 0.2: history 10, 7.2, 5.52, 4.512, 3.9072, "
          "then x = 3.54432")
GD_100 = "gradient_descent on (x - 3)² + 10 from 10 with lr 0.2 reaches 3.0 in 100 steps, history of shape (100,)"
GD_RANDOM = "gradient_descent from a random 2-D starting point: final x, history, and init_x left unchanged"
MOMENTUM_LECTURE = "Momentum(lr=0.1) with the default momentum 0.9: W[0] goes 1 → 0.95 → 0.855 → 0.7195"
MOMENTUM_RANDOM = "Momentum with random lr and momentum on random arrays, three updates"
ADAGRAD_ZEROS = "AdaGrad on random arrays where some gradients are exactly 0, three updates"
ADAM_LECTURE = "Adam() with bias correction: the first update moves each weight by about lr = 0.001 (1 → 0.999)"
ADAM_RANDOM = "Adam with random lr, beta1 and beta2 on random arrays, some gradients 0, three updates"
IN_PLACE = "every optimizer's update changes the arrays of params in place"
GRADS_KEPT = "every optimizer's update leaves grads unchanged"
# A property (init_x left unchanged, x restored, params changed in place, grads untouched) is judged
# only with a right result of the same call: a mistake whose result is wrong there loses it too.

# mistake → ({test name: points lost}, misconception named in the feedback of every failing test)
EXPECTED = {
    "forward_difference": ({DIFF_LECTURE: 2.0, DIFF_RANDOM: 2.0}, "forward_difference"),
    "numgrad_not_restored": ({GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 0.5, GD_RANDOM: 2.0},
                             "numgrad_not_restored"),
    "h_too_small": ({GRAD_LECTURE: 2.0, GRAD_2D: 2.0, GRAD_3D: 2.0, GRAD_RESTORES: 2.0, GD_LAB: 2.0, GD_100: 0.5,
                     GD_RANDOM: 2.0}, "h_too_small"),
    "history_after_step": ({GD_LAB: 1.0, GD_RANDOM: 1.3333}, "gd_history_after_step"),
    "momentum_sign": ({MOMENTUM_LECTURE: 1.0, MOMENTUM_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667},
                      "momentum_sign"),
    "adam_no_bias_correction": ({ADAM_LECTURE: 2.0, ADAM_RANDOM: 2.0, IN_PLACE: 0.3333, GRADS_KEPT: 0.1667},
                                "adam_no_bias_correction"),
    "adagrad_no_eps": ({ADAGRAD_ZEROS: 2.0}, "optimizer_no_eps"),
    "sgd_not_in_place": ({IN_PLACE: 0.3333}, "optimizer_not_in_place"),
}


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_a_nan_in_a_hidden_test_is_reported_without_the_array(results):
    (test,) = [t for t in results["adagrad_no_eps"].tests if t.name == ADAGRAD_ZEROS]
    assert "params['W'] after update 1 of AdaGrad(...).update(params, grads) contains NaN or inf" in test.feedback
    assert "(returned" not in test.feedback and not re.search(r"\[\s*-?(\d|nan)", test.feedback)


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["history_after_step"].tests if t.name == GD_LAB]
    assert "expected [10.    ,  7.2   ,  5.52  ,  4.512 ,  3.9072]" in test.feedback
    (test,) = [t for t in results["momentum_sign"].tests if t.name == MOMENTUM_LECTURE]
    assert "you returned [1.05, 1.9 ], expected [0.95, 2.1 ]" in test.feedback
