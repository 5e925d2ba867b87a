"""Handwritten-digit data sets for training checks, read from local files only.

Nothing here downloads anything:

- ``load_digits_split`` uses scikit-learn's bundled 8x8 digits (1797 images), which ship inside
  the scikit-learn package (``sklearn/datasets/data/digits.csv.gz``, read without importing it);
- ``load_mnist_npz`` reads an MNIST copy that the caller already has on disk as a ``.npz``.

Both return plain numpy arrays ``(x_train, t_train, x_test, t_test)``: ``x`` float64 in [0, 1]
with one flattened image per row, ``t`` integer class labels (int64) of shape ``(N,)``.
"""
from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import numpy as np

MNIST_KEYS = ("x_train", "t_train", "x_test", "t_test")
MNIST_ENV = "AUTOGRADER_MNIST"  # a local .npz; `autograder run --mnist PATH` sets it
MNIST_PIXELS = 28 * 28


def load_digits_split(test_fraction: float = 0.2, seed: int = 0):
    """Return scikit-learn's 8x8 digits as ``(x_train, t_train, x_test, t_test)``.

    x: float64 (N, 64), pixel values 0..16 scaled to [0, 1]; t: int64 labels 0..9, shape (N,).
    The 1797 images are shuffled with ``np.random.default_rng(seed)`` and the first
    ``round(1797 * test_fraction)`` go to the test set (359 for the default 0.2), so the split is
    the same on every machine. Reads the copy bundled with scikit-learn; downloads nothing.

    Raises ValueError if test_fraction is not strictly between 0 and 1, and ImportError (with the
    install command) if scikit-learn is missing.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1 (exclusive), got {test_fraction}")
    x, t = bundled_digits()
    x = x / 16.0

    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(round(len(x) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return x[train], t[train], x[test], t[test]


@functools.cache
def bundled_digits():
    """``(x, t)``: the 1797 8x8 digits exactly as ``sklearn.datasets.load_digits`` gives them (x
    float64 (1797, 64) of pixel values 0..16, t int64 labels), read from the CSV file inside the
    scikit-learn package without importing it: that import (scipy with it) costs seconds, paid by
    a grading session's first a5 submission and by a student's ``check``. Read-only arrays, read
    once per process."""
    path = _digits_file()
    if path is None:
        raise ImportError("the 8x8 digits ship inside scikit-learn, which is not installed: pip install scikit-learn")
    data = np.loadtxt(path, delimiter=",")
    x, t = data[:, :-1], data[:, -1].astype(np.int64)
    x.setflags(write=False)
    t.setflags(write=False)
    return x, t


def _sklearn_data_folder() -> str | None:
    """scikit-learn's ``datasets/data`` folder, found without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.origin:
        return None
    folder = os.path.join(os.path.dirname(spec.origin), "datasets", "data")
    return folder if os.path.isdir(folder) else None


def _digits_file() -> str | None:
    folder = _sklearn_data_folder()
    path = folder and os.path.join(folder, "digits.csv.gz")
    return path if path and os.path.isfile(path) else None


def load_mnist_npz(path):
    """Return MNIST from a local ``.npz`` as ``(x_train, t_train, x_test, t_test)``.

    The file must hold the arrays ``x_train``, ``t_train``, ``x_test``, ``t_test``. Images of any
    layout with 784 pixels each ((N, 28, 28), (N, 1, 28, 28) or (N, 784)) are flattened to
    float64 (N, 784); integer pixels (0..255), or floats above 1, are divided by 255. Labels may be
    integers (N,) or one-hot (N, 10) and come back as int64 (N,). Reads ``path`` only; downloads
    nothing, and never unpickles.

    Raises FileNotFoundError if the file does not exist, KeyError naming a missing array, and
    ValueError if an image does not have 784 pixels or images and labels differ in number.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no MNIST file at {path} (expected a .npz with {', '.join(MNIST_KEYS)})")
    with np.load(path, allow_pickle=False) as data:
        missing = [key for key in MNIST_KEYS if key not in data.files]
        if missing:
            raise KeyError(f"{path} lacks {', '.join(missing)}; it has {', '.join(data.files)}")
        arrays = {key: data[key] for key in MNIST_KEYS}

    x_train, x_test = _images(arrays["x_train"], "x_train"), _images(arrays["x_test"], "x_test")
    t_train, t_test = _labels(arrays["t_train"], "t_train"), _labels(arrays["t_test"], "t_test")
    for x, t, name in ((x_train, t_train, "train"), (x_test, t_test, "test")):
        if len(x) != len(t):
            raise ValueError(f"{name}: {len(x)} images but {len(t)} labels")
    return x_train, t_train, x_test, t_test


def data_folders() -> list[str]:
    """The folders holding data a test measures student code on (held-out labels included):
    every sandboxed child hides them, or a ``predict`` could look its answers up in them.
    Found without importing scikit-learn (the grader need not have paid for it yet)."""
    folders = [_sklearn_data_folder()]
    if os.environ.get(MNIST_ENV):
        folders.append(os.path.dirname(os.path.abspath(os.environ[MNIST_ENV])))
    return [f for f in folders if f and os.path.isdir(f)]


def grading_data(mnist_train: int = 10_000, mnist_test: int = 2_000):
    """The data set the a5 learning test trains on: MNIST (the first ``mnist_train`` and
    ``mnist_test`` images) when ``AUTOGRADER_MNIST`` names a local .npz, else the 8x8 digits.
    Returns ``(name, x_train, t_train, x_test, t_test)``."""
    path = os.environ.get(MNIST_ENV)
    if path:
        x_train, t_train, x_test, t_test = load_mnist_npz(path)
        return "MNIST", x_train[:mnist_train], t_train[:mnist_train], x_test[:mnist_test], t_test[:mnist_test]
    return ("8x8 digits", *load_digits_split())


def _images(x, name):
    """Flatten to float64 (N, 784) scaled to [0, 1]."""
    x = np.asarray(x)
    if x.ndim < 2 or x[0].size != MNIST_PIXELS:
        raise ValueError(f"{name}: expected images of {MNIST_PIXELS} pixels, got shape {x.shape}")
    scale_255 = np.issubdtype(x.dtype, np.integer) or (x.size > 0 and x.max() > 1.0)
    x = x.reshape(len(x), MNIST_PIXELS).astype(np.float64)
    return x / 255.0 if scale_255 else x


def _labels(t, name):
    """Integer labels (N,) from labels or one-hot rows."""
    t = np.asarray(t)
    if t.ndim == 2:
        t = np.argmax(t, axis=1)
    elif t.ndim != 1:
        raise ValueError(f"{name}: expected labels (N,) or one-hot (N, C), got shape {t.shape}")
    return t.astype(np.int64)
