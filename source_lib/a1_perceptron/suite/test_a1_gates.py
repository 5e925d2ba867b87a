"""a1_perceptron, logic gates: AND, NAND, OR (single perceptrons) and XOR (two layers).

Code that computes nothing earns nothing: a gate whose outputs are the same on every row it
answered, where the truth table's are not, earns no row of its table (a constant is right on the
rows whose answer it happens to be), and "returns an int" counts only with a right table.
"""
import itertools

import numpy as np
import pytest

from autograder.checker import describe_type, shown_answer
from autograder.feedback import messages
from autograder.problems import WorkerProblem
from autograder.proxy import Named

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

ROWS = [(0, 0), (0, 1), (1, 0), (1, 1)]
TABLES = {"AND": (0, 0, 0, 1), "NAND": (1, 1, 1, 0), "OR": (0, 1, 1, 1), "XOR": (0, 1, 1, 0)}


def as_number(got):
    """A bool (Python or numpy) counts as its 0/1 value in a truth table; its type has its own test."""
    if type(got) is bool or isinstance(got, np.bool_):
        return int(got)
    return got


def plain(got):
    """``got`` as a float when it is a plain number, else None (a list, a handle, ...)."""
    if type(got) in (bool, int, float) or isinstance(got, (np.bool_, np.integer, np.floating)):
        return float(got)
    return None


def number(got):
    """``got`` as a float when it is one number (a 0-d array too), else None."""
    if type(got) is np.ndarray and got.ndim == 0 and got.dtype.kind in "biuf":
        return float(got)
    return plain(got)


def refuse_constant(check, name, outputs, expected, inputs, misconception=None):
    """Fail the whole test when every output is the same number while ``expected`` is not: the
    function does not depend on its inputs over the cases tried, so none of them earns credit."""
    values = [number(got) for got in outputs]
    if len(values) < 2 or None in values or len(set(values)) > 1 or len(set(expected)) < 2:
        return
    check.fail("output_constant", misconception, name=name, value=shown_answer(as_number(outputs[0])),
               inputs=messages.both(inputs))


def is_int(got) -> bool:
    """Python int or numpy integer scalar; never a bool (``type(True) is bool``, np.bool_ is no np.integer)."""
    return type(got) is int or isinstance(got, np.integer)


def truth_table(student, check, name, misconception_for=None):
    """One soft check per row: 3 of 4 rows right earns 3/4 of the points; a row whose call raises
    fails that row only. A gate that gives one number on every row it answered earns nothing."""
    got = {}
    for row in ROWS:
        with check.attempt():
            got[row] = as_number(getattr(student.perceptron, name)(*row))
    values = tuple(plain(got[row]) if row in got else None for row in ROWS)
    misconception = misconception_for(values) if misconception_for else None
    answered = [row for row in ROWS if row in got]
    refuse_constant(check, name, [got[row] for row in answered],
                    [TABLES[name][ROWS.index(row)] for row in answered], "inputs_truth_table", misconception)
    for (x1, x2), expected in zip(ROWS, TABLES[name]):
        if (x1, x2) in got:
            check.equal(got[x1, x2], expected, f"{name}({x1}, {x2})", soft=True, misconception=misconception)


@points(1)
def test_and_truth_table(student, check):
    """AND reproduces its truth table 0, 0, 0, 1
    ko: AND 가 진리표 0, 0, 0, 1 을 재현함"""
    truth_table(student, check, "AND")


@points(1)
def test_nand_truth_table(student, check):
    """NAND reproduces its truth table 1, 1, 1, 0
    ko: NAND 가 진리표 1, 1, 1, 0 을 재현함"""
    truth_table(student, check, "NAND")


@points(1)
def test_or_truth_table(student, check):
    """OR reproduces its truth table 0, 1, 1, 1
    ko: OR 가 진리표 0, 1, 1, 1 을 재현함"""
    truth_table(student, check, "OR")


def own_tables(student) -> dict:
    """The student's AND, NAND and OR as truth tables {(x1, x2): 0 or 1}, for each gate that gives
    0 or 1 on every row (a gate that raises or answers otherwise is left out)."""
    tables = {}
    for name in ("AND", "NAND", "OR"):
        try:
            values = [plain(as_number(getattr(student.perceptron, name)(a, b))) for a, b in ROWS]
        except WorkerProblem:
            continue
        if all(v in (0.0, 1.0) for v in values):
            tables[name] = dict(zip(ROWS, (int(v) for v in values)))
    return tables


def layers_to_blame(student) -> bool:
    """A wrong XOR table is the layers' fault (``xor_wrong_layers``) only when the student's AND,
    NAND and OR are right: with a wrong gate, XOR built as it should be gives a wrong table too."""
    tables = own_tables(student)
    return all(name in tables and tuple(tables[name][row] for row in ROWS) == TABLES[name]
               for name in ("AND", "NAND", "OR"))


def wrong_xor_tables(ref):
    """Tables of two-layer gate networks G2(G1a(x), G1b(x)) other than XOR (wrong layers).
    Kept beside the behaviour diagnosis: it names all 26 wrong networks, while the declared mistake
    ``xor_wrong_layers`` (one edit: OR in the second layer) reproduces only one of them."""
    gates = [ref.perceptron.AND, ref.perceptron.NAND, ref.perceptron.OR]
    tables = set()
    for outer, first, second in itertools.product(gates, repeat=3):
        table = tuple(float(outer(first(a, b), second(a, b))) for a, b in ROWS)
        tables.add(table)
    tables.discard(tuple(float(v) for v in TABLES["XOR"]))
    return tables


@points(2)
def test_xor_truth_table(student, ref, check):
    """XOR reproduces its truth table 0, 1, 1, 0
    ko: XOR 가 진리표 0, 1, 1, 0 을 재현함"""
    wrong = wrong_xor_tables(ref)
    blame = layers_to_blame(student)
    truth_table(student, check, "XOR", lambda values: "xor_wrong_layers" if blame and values in wrong else None)


@points(1)
def test_xor_is_built_from_the_gates(student, ref, check):
    """XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))
    ko: XOR 가 직접 만든 게이트를 호출함: AND(NAND(x1, x2), OR(x1, x2))"""
    module = student.perceptron
    # XOR is judged on calling the student's own gates: a wrong OR is OR's fault, not XOR's
    own = own_tables(student)
    gates = {name: (lambda a, b, t=own[name]: t[(int(a), int(b))]) if name in own else getattr(ref.perceptron, name)
             for name in ("AND", "NAND", "OR")}
    unpatched = [module.XOR(a, b) for a, b in ROWS]
    misconception = "xor_wrong_layers" if layers_to_blame(student) and \
        tuple(plain(g) for g in unpatched) in wrong_xor_tables(ref) else None
    runs = {}
    for name in ("NAND", "OR", "AND"):
        # With one gate replaced by a constant-1 gate, AND(NAND(x), OR(x)) becomes a known other table.
        patched = dict(gates, **{name: lambda a, b: 1})
        expected = tuple(float(patched["AND"](patched["NAND"](a, b), patched["OR"](a, b))) for a, b in ROWS)
        with check.attempt():  # a part that raises fails here; the others are judged below
            original = getattr(module, name)
            setattr(module, name, Named("gate_one"))
            try:
                runs[name] = [module.XOR(a, b) for a, b in ROWS], expected
            finally:
                setattr(module, name, original)
    # an XOR that gives one number everywhere matches the all-1 table of the AND case by chance
    tried = unpatched + [g for got, _ in runs.values() for g in got]
    refuse_constant(check, "XOR", tried, TABLES["XOR"] + sum((e for _, e in runs.values()), ()), "inputs_this_test",
                    misconception)
    for name, (got, expected) in runs.items():
        values = tuple(plain(g) for g in got)
        shown = [g if v is None else int(v) if v.is_integer() else v for g, v in zip(got, values)]
        check.true(values == expected, {
            "en": f"with {name} replaced by a gate that always outputs 1, XOR on (0,0), (0,1), (1,0), (1,1) "
                  f"gave {shown}, but AND(NAND(x1, x2), OR(x1, x2)) of your gates would give {[int(v) for v in expected]}: "
                  f"build XOR by calling your NAND, OR and AND",
            "ko": f"{name} 을(를) 항상 1 을 내는 게이트로 바꾸었을 때 XOR 의 (0,0), (0,1), (1,0), (1,1) 결과가 {shown} "
                  f"인데, 직접 만든 게이트로 AND(NAND(x1, x2), OR(x1, x2)) 라면 {[int(v) for v in expected]} 입니다: "
                  f"직접 만든 NAND, OR, AND 를 호출해 XOR 를 만드세요",
        }, misconception=misconception, soft=True)


@points(1)
def test_gates_return_integers(student, ref, check):
    """AND, NAND, OR and XOR return the int 0 or 1, not a bool
    ko: AND, NAND, OR, XOR 가 bool 이 아닌 정수 0 또는 1 을 반환함"""
    wrong = wrong_xor_tables(ref) if layers_to_blame(student) else set()
    for name in ("AND", "NAND", "OR", "XOR"):
        with check.attempt():
            gate = getattr(student.perceptron, name)
            outputs = [gate(x1, x2) for x1, x2 in ROWS]
            values = tuple(plain(as_number(g)) for g in outputs)
            misconception = "xor_wrong_layers" if name == "XOR" and values in wrong else None
            with check.result() as table:  # an int counts only as part of a right truth table
                for (x1, x2), got, expected in zip(ROWS, outputs, TABLES[name]):
                    check.equal(as_number(got), expected, f"{name}({x1}, {x2})", soft=True, misconception=misconception)
            bad = [g for g in outputs if not (is_int(g) and g in (0, 1))]  # a list: None is a bad output too
            is_bool = any(type(g) is bool or isinstance(g, np.bool_) for g in outputs)
            first = bad[0] if bad else None
            shown = {lang: str(int(first)) if is_int(first) else describe_type(first, lang) for lang in ("en", "ko")}
            check.true(not bad, {
                "en": f"{name} should return an int (0 or 1), but it returned {shown['en']}",
                "ko": f"{name} 은(는) 정수(0 또는 1)를 반환해야 하는데 반환값이 {shown['ko']}입니다",
            # kept: names a bool from any gate, Python's or numpy's; the declared edit makes all three
            # gates return numpy's, and the diagnosis names it only when every gate does just that
            }, misconception="gate_returns_bool" if is_bool else None, soft=True, result_ok=table.ok,
                what={"en": f"{name} returns an int", "ko": f"{name} 이(가) 정수를 반환함"})
