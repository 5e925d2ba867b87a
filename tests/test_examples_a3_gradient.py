"""The bundled a3 submissions score exactly what their mistakes deserve, and say why."""
import re

import pytest

from tests.suite_modules import course_mistakes


A = "a3_gradient"
MISTAKES = course_mistakes(A)
GD_LAB = MISTAKES.GD_LAB
MOMENTUM_LECTURE = MISTAKES.MOMENTUM_LECTURE
ADAGRAD_ZEROS = MISTAKES.ADAGRAD_ZEROS

GRAD_2D = "numerical_gradient of a function of a 2-D array"
GRAD_3D = "numerical_gradient of a non-separable function of a 3-D array"
GD_100 = "gradient_descent on (x - 3)² + 10 from 10 with lr 0.2 reaches 3.0 in 100 steps, history of shape (100,)"
# A property (init_x left unchanged, x restored, params changed in place, grads untouched) is judged
# only with a right result of the same call: a mistake whose result is wrong there loses it too.


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_a_nan_in_a_hidden_test_is_reported_without_the_array(results):
    (test,) = [t for t in results["optimizer_no_eps"].tests if t.name == ADAGRAD_ZEROS]
    assert "params['W'] after update 1 of AdaGrad(...).update(params, grads) contains NaN or inf" in test.feedback
    assert "(returned" not in test.feedback and not re.search(r"\[\s*-?(\d|nan)", test.feedback)


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["gd_history_after_step"].tests if t.name == GD_LAB]
    assert "expected [10.    ,  7.2   ,  5.52  ,  4.512 ,  3.9072]" in test.feedback
    (test,) = [t for t in results["momentum_sign"].tests if t.name == MOMENTUM_LECTURE]
    assert "you returned [1.05, 1.9 ], expected [0.95, 2.1 ]" in test.feedback
