"""Name the kind of difference between a wrong array (or number) and the expected one.

``classify(got, expected)`` answers ``(message key, blanks)`` when the difference has a shape a
student recognises — a constant factor, a sign flip, a transpose, normalisation over the wrong
axis, a broadcast, a few entries off at a boundary, NaN or inf, truncation to whole numbers, an
off-by-one length, a constant offset, the right values in the wrong order — and ``None``
otherwise. Plain numpy on trusted data; nothing here calls student code.

Rules: a correct answer (close within the check's ``rtol``/``atol``) is never classified; the
most specific class wins (the tests run in that order); with ``hidden=True`` the blanks hold
no value computed from the hidden data beyond what the class is (a simple factor, an axis, a
shape): no entry, no expected value, no offset, nothing that counts right entries (across
resubmissions that would be an oracle for the hidden expected values), and nothing at all about
a single expected number (or one number repeated): knowing how one's own value relates to it is
knowing it.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from . import messages

Found = tuple[str, dict] | None

MAX_DENOMINATOR = 10      # p/q factors named when p and q are at most this (3/2, 2/3 …)
MAX_INTEGER = 10 ** 6     # ×k and ÷k named for whole k up to this (batch sizes, powers of ten)
CLEAR = 10.0              # an entry "clearly differs" beyond CLEAR × its tolerance
BOUNDARY_ENTRIES = 2      # at most this many wrong entries suggest a boundary slip (> for >=)


def describe(got, expected, *, rtol: float = 1e-5, atol: float = 1e-8, hidden: bool = False) -> dict[str, str] | None:
    """The class's sentence in every language, or None."""
    found = classify(got, expected, rtol=rtol, atol=atol, hidden=hidden)
    return messages.both(found[0], **found[1]) if found else None


def classify(got, expected, *, rtol: float = 1e-5, atol: float = 1e-8, hidden: bool = False) -> Found:
    """``(key, blanks)`` naming how ``got`` differs from ``expected``, or None (see the module)."""
    g, e = _numeric(got), _numeric(expected)
    if g is None or e is None or g.size == 0 or e.size == 0:
        return None
    with np.errstate(all="ignore"):
        if g.shape != e.shape:
            return _shape_classes(g, e, rtol, atol)
        if _fits(g, e, rtol, atol):
            return None
        if hidden and (e.size == 1 or _constant(e.ravel(), rtol, atol)):
            return None  # one number (or one repeated): "2× the expected one" would tell the hidden value
        return _value_classes(g, e, rtol, atol, hidden)


# -- plumbing

def _numeric(value) -> np.ndarray | None:
    if type(value) in (bool, int, float) or isinstance(value, np.generic):
        value = np.asarray(value)
    if type(value) is not np.ndarray or value.dtype.kind not in "biuf":
        return None
    return value.astype(float)


def _fits(got: np.ndarray, candidate: np.ndarray, rtol: float, atol: float) -> bool:
    """``got`` equals ``candidate`` within the check's tolerance (NaN only where both are)."""
    return got.shape == candidate.shape and bool(np.allclose(got, candidate, rtol=rtol, atol=atol, equal_nan=True))


def _tolerance(e: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    return atol + rtol * np.abs(e)


def _constant(e: np.ndarray, rtol: float, atol: float) -> bool:
    return _fits(e, np.full_like(e, e.flat[0]), rtol, atol)


def _varied(e: np.ndarray, rtol: float, atol: float) -> bool:
    """Expected has at least three clearly distinct values (or all distinct when it has fewer
    entries): a reordering of a 0/1 array matches too often by chance to be named."""
    flat = np.sort(e.ravel())
    scale = np.max(np.abs(flat)) or 1.0
    distinct = int(np.sum(np.diff(flat) > CLEAR * (atol + rtol * scale))) + 1
    return distinct >= min(3, e.size) and distinct >= e.size / 2


def _number(x: float) -> str:
    return f"{x:.4g}"


# -- same shape

def _value_classes(g, e, rtol, atol, hidden) -> Found:
    if not np.all(np.isfinite(e)):
        return None  # a reference with NaN or inf: nothing here is specific enough to name
    bad = ~np.isfinite(g)
    if bad.any():
        rest = not hidden and _fits(g[~bad], e[~bad], rtol, atol)  # "the rest right" would be an oracle
        return ("shape_nonfinite_rest_right" if rest else "shape_nonfinite"), {"count": int(bad.sum()), "total": e.size}
    for test in (_sign, _transposed, _truncated, _factor, _offset, _shifted, _permuted, _wrong_axis, _few_entries,
                 _not_normalised):
        found = test(g, e, rtol, atol, hidden)
        if found:
            key, blanks = found
            return (key + "_one" if e.size == 1 and key + "_one" in messages.MESSAGES else key), blanks
    return None


def _sign(g, e, rtol, atol, hidden) -> Found:
    return ("shape_sign", {}) if _fits(g, -e, rtol, atol) else None


def _transposed(g, e, rtol, atol, hidden) -> Found:
    if (e.ndim >= 2 and e.shape[-1] == e.shape[-2] >= 2 and _varied(e, rtol, atol)
            and _fits(g, np.swapaxes(e, -1, -2), rtol, atol)):
        return "shape_transposed", {}
    return None


def _truncated(g, e, rtol, atol, hidden) -> Found:
    """Whole numbers where the expected values have fractions: int(), astype(int), //, an int array."""
    if not np.all(g == np.round(g)) or not np.any(g) or np.all(e == np.round(e)):
        return None
    if any(_fits(g, cut(e), rtol, atol) for cut in (np.trunc, np.floor, np.rint)):
        return "shape_truncated", {}
    return None


def _nice(c: float) -> Fraction | None:
    """A simple factor near ``c``: whole k, 1/k, or p/q with small p and q; None when there is none."""
    if not np.isfinite(c) or c == 0:
        return None
    candidates = []
    if 1 <= abs(c) <= MAX_INTEGER:
        candidates.append(Fraction(round(c)))
    if 1 <= abs(1 / c) <= MAX_INTEGER:
        candidates.append(Fraction(1, round(1 / c)))
    frac = Fraction(c).limit_denominator(MAX_DENOMINATOR)
    if abs(frac.numerator) <= MAX_DENOMINATOR:
        candidates.append(frac)
    for f in candidates:
        if abs(float(f) - c) <= 1e-3 * abs(c) and f not in (1, -1):
            return f
    return None


def _small(f: Fraction) -> bool:
    """A factor worth naming for a single number: p/q with p, q ≤ 10, or a power of ten."""
    if abs(f.numerator) <= MAX_DENOMINATOR and f.denominator <= MAX_DENOMINATOR:
        return True
    whole = abs(f.numerator) if f.denominator == 1 else f.denominator if abs(f.numerator) == 1 else 0
    return whole > 1 and 10 ** round(np.log10(whole)) == whole


def _factor(g, e, rtol, atol, hidden) -> Found:
    """``got`` is ``c × expected``: named exactly when c is simple, approximately (visible only) otherwise."""
    support = np.abs(e) > CLEAR * atol
    if not support.any():
        return None
    c = float(np.sum(g * e) / np.sum(e * e))
    nice = _nice(c)
    if nice is not None and support.sum() < 2 and not _small(nice):
        nice = None  # one number: 110 against 2.2 is "50×" by chance; only small factors mean something
    if nice is not None and _fits(g, float(nice) * e, rtol, atol):
        if nice.denominator == 1:
            return "shape_factor", {"factor": str(nice.numerator)}
        if abs(nice.numerator) == 1:
            return "shape_divided", {"n": str(nice.denominator * nice.numerator)}
        return "shape_factor", {"factor": f"{nice.numerator}/{nice.denominator}"}
    general = (not hidden and support.sum() >= 2 and not _constant(e[support], rtol, atol)
               and min(abs(c - 1), abs(c + 1)) >= 0.01 and abs(c) > 1e-6)
    if general and _fits(g, c * e, rtol, atol):
        return "shape_factor_about", {"factor": _number(c)}
    return None


def _offset(g, e, rtol, atol, hidden) -> Found:
    """``got`` is ``expected + c`` for one c (only where expected varies: else it is also a factor)."""
    if e.size < 2 or _constant(e, rtol, atol):
        return None
    c = float(np.median(g - e))
    if abs(c) <= CLEAR * float(np.median(_tolerance(e, rtol, atol))) or not _fits(g, e + c, rtol, atol):
        return None
    if hidden:
        return "shape_offset_hidden", {}
    return "shape_offset", {"offset": ("+" if c > 0 else "-") + " " + _number(abs(c))}


def _shifted(g, e, rtol, atol, hidden) -> Found:
    """Each entry along the first axis one position late or early (recorded after the update …)."""
    if e.ndim == 0 or e.shape[0] < 3 or not _varied(e, rtol, atol) or _fits(e[1:], e[:-1], rtol, atol):
        return None
    if _fits(g[1:], e[:-1], rtol, atol) or _fits(g[:-1], e[1:], rtol, atol):
        return "shape_shifted", {}
    return None


def _permuted(g, e, rtol, atol, hidden) -> Found:
    """The same values (as a multiset) in another order; only when expected's values are mostly distinct."""
    if e.size < 2 or not _varied(e, rtol, atol) or not _fits(np.sort(g.ravel()), np.sort(e.ravel()), rtol, atol):
        return None
    if np.all(np.diff(g.ravel()) >= 0) or np.all(np.diff(g.ravel()) <= 0):
        return "shape_sorted", {}
    return "shape_permuted", {}


def _sums_to_one(a: np.ndarray, axis, rtol, atol) -> bool:
    n = a.size if axis is None else a.shape[axis]
    return bool(np.allclose(np.sum(a, axis=axis), 1.0, rtol=0, atol=CLEAR * (rtol + atol * n)))


def _normalised_axes(e, rtol, atol) -> list[int]:
    """The axes along which expected sums to 1, when it holds fractions (probabilities, not one-hot)."""
    if e.size < 2 or np.any(e < -atol) or np.all(e == np.round(e)):
        return []
    return [a for a in range(e.ndim) if e.shape[a] >= 2 and _sums_to_one(e, a, rtol, atol)]


def _wrong_axis(g, e, rtol, atol, hidden) -> Found:
    """Expected sums to 1 along an axis and yours does not, but sums to 1 along another or overall."""
    axes = _normalised_axes(e, rtol, atol)
    wrong = [a for a in axes if not _sums_to_one(g, a, rtol, atol)]
    if not wrong:
        return None
    right = [b for b in range(g.ndim) if b not in axes and g.shape[b] >= 2 and _sums_to_one(g, b, rtol, atol)]
    if right:
        return "shape_normalised_axis", {"got": right[0], "expected": wrong[0]}
    if g.ndim >= 2 and _sums_to_one(g, None, rtol, atol):
        return "shape_normalised_whole", {"expected": wrong[0]}
    return None


def _not_normalised(g, e, rtol, atol, hidden) -> Found:
    """Each slice along an axis is right up to its own factor: divided by the wrong sum, or by none."""
    for a in _normalised_axes(e, rtol, atol):
        total = np.sum(g, axis=a, keepdims=True)
        if np.all(np.isfinite(total)) and np.all(total != 0) and _fits(g / total, e, rtol, atol):
            return "shape_not_normalised", {"expected": a}
    return None


def _few_entries(g, e, rtol, atol, hidden) -> Found:
    """Right everywhere but a few entries, each clearly off (a boundary slip such as > for >=).
    Never in a hidden test: "k entries differ" would tell a student, resubmission by resubmission,
    which of their guesses of the hidden expected values are right."""
    if e.size < 3 or hidden:
        return None
    diff, tol = np.abs(g - e), _tolerance(e, rtol, atol)
    bad = diff > tol
    k = int(bad.sum())
    if not 1 <= k <= e.size // 3 or not np.all(diff[bad] > CLEAR * tol[bad]):
        return None
    # one or two entries: what a boundary input (an x of exactly 0) looks like; more is some other rule
    return ("shape_few_entries" if k <= BOUNDARY_ENTRIES else "shape_some_entries"), {"count": k, "total": e.size}


# -- different shapes (the wrong_shape check)

def _shape_classes(g, e, rtol, atol) -> Found:
    if g.ndim == 2 and g.shape == e.shape[::-1] and _fits(g, e.T, rtol, atol):
        return "shape_transposed", {}
    if g.size == e.size and _fits(g.reshape(e.shape), e, rtol, atol):
        return "shape_reshape", {}
    if g.ndim == 0 or e.ndim == 0:
        return None
    n = e.size
    if n >= 2 and np.squeeze(e).shape == (n,) and g.shape == (n, n):
        return "shape_outer", {"n": n}
    if g.ndim == e.ndim and g.shape[1:] == e.shape[1:] and abs(g.shape[0] - e.shape[0]) == 1:
        if g.shape[0] > e.shape[0]:
            if _fits(g[1:], e, rtol, atol):
                return "shape_one_extra_first", {}
            if _fits(g[:-1], e, rtol, atol):
                return "shape_one_extra_last", {}
            return "shape_one_too_many", {}
        if _fits(g, e[1:], rtol, atol):
            return "shape_one_missing_first", {}
        if _fits(g, e[:-1], rtol, atol):
            return "shape_one_missing_last", {}
        return "shape_one_too_few", {}
    return None
