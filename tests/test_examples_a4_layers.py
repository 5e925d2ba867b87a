"""The bundled a4 submissions score exactly what their mistakes deserve, and say why."""

import pytest

from tests.suite_modules import course_mistakes


A = "a4_layers"
MISTAKES = course_mistakes(A)
SIGMOID_LECTURE = MISTAKES.SIGMOID_LECTURE
AFFINE_LECTURE = MISTAKES.AFFINE_LECTURE

AFFINE_4D = "Affine flattens a 4-D batch (N, C, H, W) and returns dx in x's original shape"
FORWARD3_LECTURE = "forward3 of the lecture network (init_network's weights) on [1.0, 0.5] is [0.31682708, 0.69627909]"
FORWARD3_RANDOM = "forward3 on a random network and a batch of inputs"


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
    (test,) = [t for t in results["sigmoid_grad_from_z"].tests if t.name == SIGMOID_LECTURE]
    assert "you returned [0.09], expected [0.249376]" in test.feedback
