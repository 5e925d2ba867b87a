"""Digit data sets, offline: the bundled 8x8 digits, and MNIST from a local .npz when given."""
import json
import subprocess
import sys

import numpy as np
import pytest

from autograder import datasets
from autograder.cli import main
from tests.conftest import EXAMPLES


def test_bundled_digits_split_is_deterministic_and_scaled():
    x_train, t_train, x_test, t_test = datasets.load_digits_split()
    assert x_train.shape == (1438, 64) and x_test.shape == (359, 64)
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0 and set(np.unique(t_train)) == set(range(10))
    np.testing.assert_array_equal(datasets.load_digits_split()[3], t_test)


def test_bundled_digits_are_scikit_learns_own():
    """The file read directly holds what ``sklearn.datasets.load_digits`` returns, in its order."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x, t = datasets.bundled_digits()
    np.testing.assert_array_equal(x, digits.data)
    np.testing.assert_array_equal(t, digits.target)
    assert x.dtype == np.float64 and t.dtype == np.int64 and x.shape == (1797, 64)


def test_reading_the_digits_does_not_import_scikit_learn():
    """Importing scikit-learn (and scipy) costs seconds, paid by every grading session's first a5
    submission and by a student's check; the digits are a CSV file inside its package."""
    code = ("import sys; from autograder import datasets; datasets.load_digits_split(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_missing_digits_say_what_to_install(monkeypatch):
    monkeypatch.setattr(datasets, "_digits_file", lambda: None)
    datasets.bundled_digits.cache_clear()  # an exception is not cached: the next call reads the file again
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        datasets.load_digits_split()


def mnist_layout_npz(path):
    """Real handwritten digits in MNIST's layout: the 8x8 digits scaled up to 28x28 uint8."""
    x_train, t_train, x_test, t_test = datasets.load_digits_split()

    def images(x):
        big = np.kron(x.reshape(-1, 8, 8), np.ones((3, 3)))            # 24 x 24
        return np.pad(big, ((0, 0), (2, 2), (2, 2))).__mul__(255).astype(np.uint8)

    np.savez(path, x_train=images(x_train), t_train=np.eye(10)[t_train], x_test=images(x_test), t_test=t_test)
    return path


def test_mnist_npz_is_flattened_scaled_and_labelled(tmp_path):
    x_train, t_train, x_test, t_test = datasets.load_mnist_npz(mnist_layout_npz(tmp_path / "mnist.npz"))
    assert x_train.shape == (1438, 784) and x_train.dtype == np.float64 and x_train.max() == 1.0
    assert t_train.dtype == np.int64 and t_train.shape == (1438,) and t_test.shape == (359,)


def test_a_missing_mnist_file_or_array_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no MNIST file"):
        datasets.load_mnist_npz(tmp_path / "absent.npz")
    np.savez(tmp_path / "partial.npz", x_train=np.zeros((1, 784)))
    with pytest.raises(KeyError, match="t_train"):
        datasets.load_mnist_npz(tmp_path / "partial.npz")


def test_grading_with_a_local_mnist_copy_trains_on_it(tmp_path, monkeypatch):
    npz = mnist_layout_npz(tmp_path / "mnist.npz")
    monkeypatch.delenv(datasets.MNIST_ENV, raising=False)  # restored (unset) after the test; --mnist sets it
    assert main(["run", "a5_two_layer_net", str(EXAMPLES / "a5_two_layer_net" / "reference"), "--mnist", str(npz),
                 "--out", str(tmp_path / "out"), "--quiet", "--jobs", "1"]) == 0
    assert datasets.grading_data()[0] == "MNIST"
    (result,) = json.loads((tmp_path / "out" / "results.json").read_text())
    assert result["score"] == result["max_score"]
