"""Comparisons on the trusted side, with feedback in student words.

Suites get a ``Checker`` through the ``check`` fixture. Every check verifies the exact type
first (``type(got) is np.ndarray``), then shape and dtype, then finiteness, then values with
explicit tolerances, so an object's own ``__eq__`` or ``__array__`` is never consulted (it could
not be: student objects arrive as ``RemoteObject`` handles). When values differ, or the shape
does, the wrong variants the suite names are tried and a match adds that misconception's hint.
The form of a result (``tuple_of``: a tuple of N; ``dict_with``: a dict with these keys) is
checked here too, on the shared wrong-type sentence, so a suite writes no sentence of its own
for it.

Hidden tests never show the input or the expected value; visible ones show both.

``what`` (what a check is about, blanked into every sentence) is a plain str when it is code
alone (``"softmax(x)"``, ``"net.params['W1']"``: the same in every language), else one text per
language (``{"en": "softmax(x) on a batch", "ko": "배치에 대한 softmax(x)"}``, or ``words(...)``
for one built from parts).

Longer than most modules: ``Checker`` is the one vocabulary a suite checks with, and the
sentences a check says in a hidden test are decided beside the check, not elsewhere.
"""
from __future__ import annotations

import ast
import contextlib
import contextvars
import functools
import numbers

import numpy as np

from . import course
from .feedback import messages, misconceptions, shapes
from .feedback.messages import pick
from .problems import WorkerProblem
from .proxy import RemoteObject


What = str | dict[str, str]  # code alone, or {language: text} (module docstring)


def words(en: str, ko: str, **parts) -> dict[str, str]:
    """A ``what`` in both languages: ``en`` and ``ko`` with ``parts`` filled in (``{name}``
    blanks; a part may itself be ``{language: text}``, each language taking its own)::

        words("w returned by {call}", "{call} 에서 반환된 w", call=what)
    """
    return {lang: template.format(**{k: v[lang] if isinstance(v, dict) else v for k, v in parts.items()})
            for lang, template in (("en", en), ("ko", ko))}


def said(what: What, lang: str) -> str:
    """``what`` in ``lang`` (for a sentence a suite builds itself around it)."""
    return what if isinstance(what, str) else messages.pick(what, lang)


class Mismatch(AssertionError):
    """A wrong answer. ``feedback`` maps language → sentence; ``fraction`` is the credit kept."""

    def __init__(self, feedback: dict[str, str], misconception: str | None = None, fraction: float = 0.0):
        self.feedback, self.misconception, self.fraction = feedback, misconception, fraction
        self.weight = 1  # how many soft checks this failure stands for (``Checker.attempt``; 0 in ``Checker.result``)
        self.problem: WorkerProblem | None = None  # the student's exception, for a part that raised
        super().__init__(feedback["en"])


class PartEnded(Mismatch):
    """A ``Checker.gate`` that failed: the rest of its ``attempt`` part cannot run (outside a part,
    a hard failure of the test)."""


class Outcome:
    """Whether every check of a ``Checker.result`` block passed (``ok``), once the block is left."""

    def __init__(self):
        self.ok = False


def show(value, limit: int = 160) -> str:
    """A short printable form of plain data (arrays rounded, long ones elided)."""
    if isinstance(value, RemoteObject):
        return f"an object of type {value.type_name}"
    if type(value) is np.ndarray or isinstance(value, np.generic):
        text = np.array2string(np.asarray(value), precision=6, threshold=12, edgeitems=3, separator=", ")
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def without_notes(feedback: str, notes: list[dict[str, str]], lang: str) -> str:
    """``feedback`` without the shape-of-error ``notes`` its checker added (``Checker.notes``): once a
    mistake is named (as a matching variant does at once), its hint says what is wrong, and a
    note's guess could contradict it."""
    for note in notes:
        feedback = feedback.replace(messages.render("shape_note", lang, feedback="", note=pick(note, lang)), "")
    return feedback


def shown_answer(value) -> str | dict[str, str]:
    """What a sentence may show of a value the student's code returned: ``show(value)`` in a
    visible test; in a hidden test only words ("one and the same value"), since a value the code
    chose can carry the hidden input out, digit by digit."""
    return messages.both("one_value") if HIDDEN_TEST.get() else show(value)


def describe_type(value, lang: str = "en") -> str:
    """What kind of value this is, in student words ("an array of dtype bool")."""
    return type_words(value)[lang]


# Set by the plugin while a hidden test runs: then a class name the submission chose (it could be
# built from the hidden input: "x=-0.7991,1.4342") is not shown, only names the course or Python has.
HIDDEN_TEST = contextvars.ContextVar("hidden_test", default=False)
# Set by the plugin when it runs a test again for a submission whose answers broke the suite's own
# code while the reference passes the same test (``GradingPlugin._recheck``): then any error inside
# a ``Checker.attempt`` part is that part's failure, as a ``StudentError`` would be.
ANSWERS_MAY_BREAK = contextvars.ContextVar("answers_may_break", default=False)


PLAIN_TYPES = ("int", "float", "bool", "complex", "str", "bytes", "list", "tuple", "dict", "set", "frozenset",
               "range", "NoneType", "function", "method", "builtin_function_or_method", "module", "generator",
               "ndarray", "float64", "float32", "int64", "int32", "bool_", "bool")


@functools.cache
def known_type_names() -> frozenset[str]:
    """Type names a student may read in a hidden test: the few plain ones (``PLAIN_TYPES``) and the
    classes the course's stub modules define (``TwoLayerNet``, ``SGD`` …). Short on purpose: a
    type the student's code picks from a long list could carry bits of the hidden input out."""
    names = set(PLAIN_TYPES)
    for assignment in course.assignments():
        for path in sorted(course.release_dir(assignment).glob("*.py")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, ValueError):
                continue
            names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return frozenset(names)


def type_words(value) -> dict[str, str]:
    if isinstance(value, RemoteObject):
        if HIDDEN_TEST.get() and value.type_name not in known_type_names():
            return messages.both("type_own_object")
        return messages.both("type_object", name=value.type_name)
    if type(value) is np.ndarray:
        return messages.both("type_array", dtype=value.dtype)
    return messages.both("type_plain", name=type(value).__name__)


def _is_scalar(value) -> bool:
    if type(value) in (int, float):
        return True
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return True
    return type(value) is np.ndarray and value.ndim == 0 and value.dtype.kind in "biuf"


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))


class Checker:
    """Checks for one test. ``soft=True`` checks record and go on (partial credit)."""

    def __init__(self, visible: bool = True):
        self.visible = visible
        self.total = 0
        self.failures: list[Mismatch] = []
        self.notes: list[dict[str, str]] = []  # the shape-of-error notes its sentences carry
    # -- building blocks
    def fail(self, key: str, misconception: str | None = None, soft: bool = False, **values) -> bool:
        return self._raise_feedback(messages.both(key, **values), misconception, soft)

    def _count(self, soft: bool) -> None:
        if soft:
            self.total += 1

    def _diagnose(self, got, variants, rtol, atol) -> str | None:
        """The first variant ``got`` equals, in shape and values (also when its shape is not the
        expected one: a transposed dW, a loss not summed over the batch)."""
        pairs = variants.items() if isinstance(variants, dict) else (variants or ())
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):  # an array of strings or objects matches no variant
            return None
        for name, wrong in pairs:
            if _close(got, np.asarray(wrong, dtype=float), rtol, atol):
                return name
        return None

    # -- checks
    def array(self, got, expected, what: What, *, rtol: float = 1e-5, atol: float = 1e-8, kind: str = "f",
              kind_misconception: str | None = None, variants=None, soft: bool = False) -> bool:
        """``got`` is an ndarray of ``expected``'s shape, of dtype kind ``kind`` ("f", "i", "b" or
        None for any number), finite, and allclose to ``expected``."""
        self._count(soft)
        expected = np.asarray(expected)
        if type(got) is not np.ndarray:
            misconception = self._diagnose(got, variants, rtol, atol) if _is_scalar(got) else None
            return self.fail("wrong_type", misconception, soft, what=what, expected=messages.both("a_numpy_array"),
                             got=type_words(got))
        if got.shape != expected.shape:
            misconception = self._diagnose(got, variants, rtol, atol)  # a variant of the student's shape
            note = None if misconception else self._shape_note(got, expected, rtol, atol)
            shown = got.shape  # in a hidden test a shape could be built from the input: only its rank is said
            if not self.visible:
                shown = messages.both("shape_other", ndim=got.ndim)
            return self._fail_noted("wrong_shape", note, misconception, soft, what=what, expected=expected.shape,
                                    got=shown)
        if kind and not (got.dtype.kind == kind or kind == "i" and got.dtype.kind == "u"):
            names = {"f": "floating-point", "i": "integer", "b": "boolean"}
            return self.fail("wrong_dtype", kind_misconception, soft, what=what,
                             expected=messages.both(f"dtype_{names[kind]}"), got=got.dtype)
        return self._values(got, expected, what, rtol, atol, variants, soft)

    def scalar(self, got, expected, what: What, *, rtol: float = 1e-5, atol: float = 1e-8,
               variants=None, soft: bool = False) -> bool:
        """``got`` is a number (Python, numpy or 0-d array), finite and close to ``expected``."""
        self._count(soft)
        if not _is_scalar(got):
            misconception = self._diagnose(got, variants, rtol, atol) if type(got) is np.ndarray else None
            return self.fail("wrong_type", misconception, soft, what=what, expected=messages.both("a_single_number"),
                             got=type_words(got))
        return self._values(np.asarray(got, dtype=float), np.asarray(expected, dtype=float), what, rtol, atol, variants, soft)

    def _values(self, got, expected, what, rtol, atol, variants, soft) -> bool:
        got_f = np.asarray(got, dtype=float)
        if _close(got_f, np.asarray(expected, dtype=float), rtol, atol):
            return True
        misconception = self._diagnose(got_f, variants, rtol, atol)
        # no declared mistake matched: name the kind of difference (a factor, an axis …) instead
        note = None if misconception else self._shape_note(got_f, expected, rtol, atol)
        if not np.all(np.isfinite(got_f)) and np.all(np.isfinite(expected)):
            if not self.visible:  # its finite entries could be the hidden expected values
                return self._fail_noted("not_finite_hidden", note, misconception, soft, what=what)
            return self._fail_noted("not_finite", note, misconception, soft, what=what, got=show(got))
        return self._wrong_value(got, expected, what, misconception, soft, note)

    def _wrong_value(self, got, expected, what, misconception, soft, note=None) -> bool:
        """The value is wrong: show both values in a visible test, neither in a hidden one."""
        if not self.visible:
            return self._fail_noted("wrong_value_hidden", note, misconception, soft, what=what)
        return self._fail_noted("wrong_value", note, misconception, soft, what=what, got=show(got),
                                expected=messages.both("expected_suffix", expected=show(expected)))

    def _shape_note(self, got, expected, rtol, atol) -> dict[str, str] | None:
        """The kind of difference in every language (``feedback/shapes.py``); in a hidden test,
        one that names no value. Feedback text only: never a misconception."""
        try:
            return shapes.describe(got, np.asarray(expected), rtol=rtol, atol=atol, hidden=not self.visible)
        except Exception:  # noqa: BLE001 - an optional sentence must never turn a wrong answer into a grader failure
            return None

    def _fail_noted(self, key, note, misconception, soft, **values) -> bool:
        feedback = messages.both(key, **values)
        if note:
            feedback = messages.both("shape_note", feedback=feedback, note=note)
            self.notes.append(note)
        return self._raise_feedback(feedback, misconception, soft)


    def _raise_feedback(self, feedback, misconception, soft) -> bool:
        feedback = {lang: misconceptions.with_hint(text, misconception, lang) for lang, text in feedback.items()}
        mismatch = Mismatch(feedback, misconception)
        if not soft:
            raise mismatch
        self.failures.append(mismatch)
        return False

    def equal(self, got, expected, what: What, *, soft: bool = False, misconception: str | None = None) -> bool:
        """Exact equality for plain values of the same type (ints, strings, tuples of ints)."""
        self._count(soft)
        if type(got) is not type(expected) and not (isinstance(expected, numbers.Integral) and _is_scalar(got)):
            return self.fail("wrong_type", soft=soft, what=what, expected=type_words(expected), got=type_words(got))
        if isinstance(expected, numbers.Integral):
            same = float(np.asarray(got)) == float(expected)
        else:
            same = got == expected
        if same:
            return True
        return self._wrong_value(got, expected, what, misconception, soft)

    def tuple_of(self, got, n: int, what: What, *, names: str | None = None, soft: bool = False,
                 gate: bool = False) -> bool:
        """``got`` is a tuple (a list too) of ``n`` values; ``names`` says which ("(w, b, errors)").
        ``gate=True``: a precondition of the checks that follow, as ``gate`` (not a check of its
        own); else a check, hard or ``soft``. A hidden test does not say the length it got."""
        if type(got) in (tuple, list) and len(got) == n:
            return self._verdict(True, {}, soft, gate)
        expected = messages.both("a_tuple_named", names=names) if names else messages.both("a_tuple_of", n=n)
        if type(got) not in (tuple, list):
            shown = type_words(got)
        elif self.visible:
            shown = messages.both("type_sequence_of", name=type(got).__name__, n=len(got))
        else:
            shown = messages.both("type_sequence_other", name=type(got).__name__)
        return self._verdict(False, messages.both("wrong_type", what=what, expected=expected, got=shown), soft, gate)

    def dict_with(self, got, keys, what: What, *, attribute: bool = False, soft: bool = False,
                  gate: bool = False) -> bool:
        """``got`` is a dict with exactly the keys ``keys`` (compared as strings, in any order).
        ``attribute=True``: ``what`` names a value read (``net.params``), not a call's result.
        ``gate`` and ``soft`` as for ``tuple_of``. A hidden test names no key the student chose
        (it could be built from the input), only the expected keys that are missing."""
        keys = [str(k) for k in keys]
        found = [str(k) for k in got] if type(got) is dict else None
        if found is not None and sorted(found) == sorted(keys):
            return self._verdict(True, {}, soft, gate)
        expected = messages.both("a_dict_with", keys=keys)
        missing = [k for k in keys if k not in (found or ())]
        if found is None:
            shown = type_words(got)
        elif self.visible:
            shown = messages.both("a_dict_with", keys=show(found))
        elif missing:
            shown = messages.both("type_dict_without", keys=missing)
        else:
            shown = messages.both("type_dict_more")
        key = "wrong_type_is" if attribute else "wrong_type"
        return self._verdict(False, messages.both(key, what=what, expected=expected, got=shown), soft, gate)

    def _verdict(self, ok: bool, feedback: dict[str, str], soft: bool, gate: bool) -> bool:
        """A form check's outcome: a ``gate`` (counts nothing), else a check, hard or ``soft``."""
        if gate:
            return self.gate(ok, feedback)
        self._count(soft)
        return True if ok else self._raise_feedback(feedback, None, soft)

    def unchanged(self, before: np.ndarray, after, what: What, *, misconception: str | None = None, soft: bool = False,
                  result_ok: bool = True) -> bool:
        """An input array read back after the call equals ``before``: the grader's own copy, made
        before the call (never a "before" the worker reports). ``result_ok``: whether the same
        call's result was right; when it was not, this check fails too (see ``result``)."""
        self._count(soft)
        if not result_ok:
            return self.fail("property_needs_result", soft=soft, what=what)
        if type(after) is np.ndarray and after.shape == before.shape and np.array_equal(after, before, equal_nan=True):
            return True
        return self.fail("mutated_input", misconception, soft, what=what)

    def true(self, condition: bool, feedback: dict[str, str], *, misconception: str | None = None, soft: bool = False,
             result_ok: bool = True, what: What = "") -> bool:
        """A property the suite computed itself; ``feedback`` gives the sentence per language.
        ``result_ok=False`` (the same call's result was wrong) fails it with a sentence naming
        ``what`` instead: a property is judged only together with a correct result."""
        self._count(soft)
        if not result_ok:
            return self.fail("property_needs_result", soft=soft, what=what)
        if condition:
            return True
        return self._raise_feedback(dict(feedback), misconception, soft)

    @contextlib.contextmanager
    def result(self):
        """The checks of a call's result that a property check of the same call (input unchanged,
        params changed in place, ...) is judged with. They earn nothing on their own: the
        property check carries the weight, and is passed only when the result was right too, so
        code that does nothing (returns None, changes nothing) never earns a property's credit.
        A failure inside still shows its feedback and misconception. Use soft checks inside::

            result, (after,) = student.watch(student.functions.relu, x)
            with check.result() as outcome:
                check.array(result, ref.functions.relu(x), "relu(x)", kind=None, soft=True)
            check.unchanged(before, after, "relu(x)", soft=True, result_ok=outcome.ok)
        """
        outcome, total, failures = Outcome(), self.total, len(self.failures)
        try:
            yield outcome
        finally:
            for mismatch in self.failures[failures:]:
                mismatch.weight = 0
            outcome.ok = len(self.failures) == failures
            self.total = total

    def gate(self, condition: bool, feedback: dict[str, str], *, misconception: str | None = None) -> bool:
        """A precondition of the checks that follow in the current ``attempt`` part (a pair to
        unpack, a dict to index): when false the part ends here, failed with this sentence, and
        its unmade checks count as failed, as when the part raises. Not a check of its own.
        Outside a part it fails the whole test, like a hard check."""
        if condition:
            return True
        raise PartEnded({lang: misconceptions.with_hint(text, misconception, lang) for lang, text in feedback.items()},
                        misconception)

    @contextlib.contextmanager
    def attempt(self, checks: int = 1):
        """One part of a test whose student calls may raise: a ``StudentError``, timeout or crash
        inside fails only this part and the test goes on with the next part. ``checks`` is how
        many soft checks the part makes when it runs through; the ones it did not reach count as
        failed (with the error's feedback once), so a raising part never weighs less than a
        wrong one. A part that runs through counts exactly the checks it made::

            for name in NAMES:
                with check.attempt():
                    check.array(getattr(student.functions, name)(x), ..., soft=True)
        """
        from .feedback.errors import problem_feedback  # feedback.errors imports problems, as we do

        before = self.total
        try:
            yield
        except WorkerProblem as exc:
            _, feedback, misconception = problem_feedback(exc, hidden=not self.visible)
            missing = max(checks - (self.total - before), 1)
            self.total += missing
            mismatch = Mismatch(feedback, misconception)
            mismatch.weight, mismatch.problem = missing, exc
            self.failures.append(mismatch)
        except PartEnded as ended:
            ended.weight = max(checks - (self.total - before), 1)
            self.total += ended.weight
            self.failures.append(ended)
        except Mismatch:
            raise
        except Exception as exc:  # noqa: BLE001 - only when the reference passes this very test
            if not ANSWERS_MAY_BREAK.get():
                raise
            unusable = Mismatch(messages.both("answer_unusable", type=type(exc).__name__[:60]))
            unusable.weight = max(checks - (self.total - before), 1)
            self.total += unusable.weight
            self.failures.append(unusable)

    def finish(self) -> None:
        """Called after the test body: turn recorded soft failures into one partial-credit failure.
        When nothing passed and every counted failure is a part that raised, the first exception
        is raised again: the test reads ``error`` (or ``timeout``), as if it had not been split."""
        if not self.failures:
            return
        passed = self.total - sum(m.weight for m in self.failures)
        counted = [m for m in self.failures if m.weight]
        if not counted:  # only ``result`` checks failed, and no property was judged with them
            return
        if passed <= 0 and counted and all(m.problem is not None for m in counted):
            raise counted[0].problem
        feedback = {}
        for lang in messages.LANGS:
            lines = [messages.render("partial", lang, passed=passed, total=self.total)]
            lines += [m.feedback[lang] for m in self.failures[:5]]
            feedback[lang] = "\n".join(lines)
        first = next((m.misconception for m in self.failures if m.misconception), None)
        raise Mismatch(feedback, first, fraction=passed / self.total if self.total else 0.0)
