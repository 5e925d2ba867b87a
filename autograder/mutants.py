"""Mistakes nobody declared: small edits of the reference (mutants) that the diagnosis can name.

A student's one mistake is most often one small edit of correct code: a ``>`` for a ``>=``, a
factor or a term left out, a sign, an ``axis``, a ``.copy()`` or a step forgotten, a loop one
short, a default changed. ``of_module`` makes every such edit of one reference module, one at a
time, from its syntax tree (the reference is trusted; no student code is read here), and
``diagnosis`` replays a lost test on the mutants of the functions that test ran when no declared
mistake answered as the student's code did. A mutant that answers every request as the student's
code did, and one at least otherwise than the reference, is named.

A mutant's id says everything its hint needs, so a hint is made from the id alone, anywhere
(reports, ``show``, the service): ``auto:<kind>:<function>:<JSON list of snippets>``, the
snippets cut from the reference's source. ``hint(id, lang)`` is the sentence; ``KINDS`` lists the
kinds, each a message key ``auto_<kind>`` in English and Korean.
"""
from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass

PREFIX = "auto:"
MAX_SNIPPET = 60  # characters of reference source quoted in a hint
KINDS = ("compare", "sign", "factor", "term", "division", "minus", "inplace", "rebind", "keyword", "axis",
         "call", "sum_mean", "range", "transpose", "statement", "default", "order", "into_loop", "swap_names",
         "always", "never", "replaced", "regroup", "swap_args", "typo", "either")
MAX_EITHER = 3  # edits of one function named together when a test cannot tell them apart

COMPARE = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt}
SIGN = {ast.Add: ast.Sub, ast.Sub: ast.Add}
DIVISION = {ast.Div: ast.FloorDiv, ast.FloorDiv: ast.Div}
SYMBOL = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
          ast.Div: "/", ast.FloorDiv: "//"}
DROPPABLE_CALLS = {"sqrt", "abs", "array", "asarray", "copy", "squeeze", "ravel", "flatten", "atleast_2d",
                   "float", "int", "astype", "reshape", "deepcopy", "list", "dict"}
DROPPABLE_KEYWORDS = {"axis", "keepdims", "dtype", "copy"}
AXES = (0, 1, -1)  # no axis at all is the keyword left out


@dataclass(frozen=True)
class Mutant:
    """One edit of one reference module: ``names`` is its id (the diagnosis names it as a mistake)."""

    names: str
    module: str
    function: str  # the qualified name of the function it edits
    index: int     # which edit of the module (``of_module``'s order)
    group: bool = False  # one slip made at several sites (``_groups``)


def _text(node: ast.AST, limit: int = MAX_SNIPPET) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _make_id(kind: str, function: str, *snippets: str) -> str:
    return f"{PREFIX}{kind}:{function}:{json.dumps(list(snippets), ensure_ascii=False)}"


def parse(misconception: str) -> tuple[str, str, list[str]] | None:
    """``(kind, function, snippets)`` of a mutant's id, or None for any other id."""
    if not isinstance(misconception, str) or not misconception.startswith(PREFIX):
        return None
    try:
        kind, function, snippets = misconception[len(PREFIX):].split(":", 2)
        snippets = json.loads(snippets)
    except ValueError:
        return None
    if kind not in KINDS or not isinstance(snippets, list) or not all(isinstance(s, str) for s in snippets):
        return None
    if kind == "either" and not (snippets and all(s.startswith(PREFIX) and not s.startswith(f"{PREFIX}either:")
                                                  and parse(s) for s in snippets)):
        return None
    return kind, function, snippets


def either(tied: list) -> str | None:
    """One id for a few edits of one function that answer a test alike (each is what the student's
    code does, and the test cannot tell which), or None when they are many or in several functions."""
    kinds = {parse(m.names)[0] for m in tied if not m.group}
    tied = [m for m in tied if not (m.group and parse(m.names)[0] in kinds)]  # the slip at one site explains it
    names = list(dict.fromkeys(m.names for m in tied))
    if len(names) == 1:
        return names[0]
    if len(names) > MAX_EITHER or len({m.function for m in tied}) != 1 or any(parse(n) is None for n in names):
        return None
    flat = []
    for name in names:  # an either of eithers is the list of their edits
        kind, _, snippets = parse(name)
        flat += snippets if kind == "either" else [name]
    return _make_id("either", tied[0].function, *dict.fromkeys(flat))


def together(names: list[str]) -> str | None:
    """The id of these edits of one function named together: None for none, the edit for one."""
    if len(names) <= 1:
        return names[0] if names else None
    return _make_id("either", parse(names[0])[1], *names)


def short(misconception: str) -> str:
    """How a table cell names a mistake: a declared id as it is, an edit as ``<function>:<kind>``."""
    found = parse(misconception)
    return f"{found[1]}:{found[0]}" if found else misconception


def members(misconception: str) -> list[str]:
    """The edits an id stands for: itself, or each edit of an ``either``."""
    found = parse(misconception)
    return found[2] if found and found[0] == "either" else [misconception]


def _rest(sentence: str, function: str, lang: str) -> str:
    """A hint's sentence without its opening "in <function>," (to list it under one opening)."""
    for opening in ((f"in {function}, ", f"in {function}: ") if lang == "en" else (f"{function} 에서 ", f"{function} 의 ")):
        if sentence.startswith(opening):
            return sentence[len(opening):]
    return sentence


def hint(misconception: str, lang: str = "en") -> str:
    """The sentence for a mutant's id (``KeyError`` when it is not one)."""
    from .feedback import messages

    found = parse(misconception)
    if found is None:
        raise KeyError(misconception)
    kind, function, snippets = found
    if kind == "either":
        parts = [_rest(hint(s, lang), function, lang) for s in snippets if parse(s) and parse(s)[0] != "either"]
        return messages.render("auto_either", lang, function=function, a="; ".join(parts))
    blanks = dict(zip(("a", "b", "c"), snippets))
    return messages.render(f"auto_{kind}", lang, function=function, **{k: blanks.get(k, "") for k in "abc"})


# --- making the edits -------------------------------------------------------------------------


class _Edit:
    """Where to put what: ``parent.field[index] = new`` (``index`` None for a plain field)."""

    __slots__ = ("parent", "field", "index", "new", "id", "function")

    def __init__(self, parent, field, index, new, mistake_id, function):
        self.parent, self.field, self.index, self.new, self.id, self.function = \
            parent, field, index, new, mistake_id, function

    def swap(self):
        """Put the edit in; returns what it replaced (give it to ``put`` to undo)."""
        return self.put(self.new)

    def put(self, node):
        holder = getattr(self.parent, self.field)
        if self.index is None:
            old = holder
            setattr(self.parent, self.field, node)
        else:
            old = holder[self.index]
            holder[self.index] = node
        return old


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _like(new: ast.AST, old: ast.AST) -> ast.AST:
    return ast.fix_missing_locations(ast.copy_location(new, old))


def _edits_in(function_node, qualname: str) -> list[list[_Edit]]:
    """Every edit of one function, each a list of the changes it makes (most make one): its
    defaults, then its body (nested functions are their own)."""
    found: list[list[_Edit]] = []

    def add(parent, field, index, new, kind, *snippets):
        found.append([_Edit(parent, field, index, new, _make_id(kind, qualname, *snippets), qualname)])

    def add_unit(changes, kind, *snippets):
        """One slip that changes several places at once: ``changes`` are (parent, field, index, new)."""
        mistake_id = _make_id(kind, qualname, *snippets)
        found.append([_Edit(*change, mistake_id, qualname) for change in changes])

    args = function_node.args
    positional = args.posonlyargs + args.args
    for i, default in enumerate(args.defaults):
        name = positional[len(positional) - len(args.defaults) + i].arg
        _default_edits(add, args, "defaults", i, default, name)
    for i, default in enumerate(args.kw_defaults):
        if default is not None:
            _default_edits(add, args, "kw_defaults", i, default, args.kwonlyargs[i].arg)
    _swapped_names(add, function_node)
    numbered = _numbered(function_node)

    def walk(node):
        for field, value in ast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            if isinstance(value, list) and value and all(isinstance(v, ast.stmt) for v in value):
                _block_edits(add_unit, node, field, value)
            for i, child in enumerate(items):
                if not isinstance(child, ast.AST):
                    continue
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                    continue
                index = i if isinstance(value, list) else None
                _node_edits(add, node, field, index, child, value if isinstance(value, list) else None, numbered)
                walk(child)

    body = function_node.body
    start = 1 if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else 0
    _block_edits(add_unit, function_node, "body", body, start)
    for i, statement in enumerate(body[start:], start):
        _node_edits(add, function_node, "body", i, statement, body, numbered)
        walk(statement)
    return found


SIMPLE_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)


def _block_edits(add_unit, parent, field, statements, start: int = 0) -> None:
    """Slips of order in one block: two steps in the wrong order, a step done inside the loop that
    follows it instead of once before it."""
    for i in range(start, len(statements) - 1):
        first, second = statements[i], statements[i + 1]
        if isinstance(first, SIMPLE_STATEMENTS) and isinstance(second, SIMPLE_STATEMENTS):
            add_unit([(parent, field, i, second), (parent, field, i + 1, first)], "order",
                     _first_line(first), _first_line(second))
        if isinstance(second, ast.For):
            for k in range(1, 4):  # the last k steps before the loop, done on every pass instead of once
                moved = statements[i + 1 - k:i + 1]
                if i + 1 - k < start or not all(isinstance(m, SIMPLE_STATEMENTS) for m in moved):
                    break
                changes = [(parent, field, i + 1 - k + j, _like(ast.Pass(), m)) for j, m in enumerate(moved)]
                add_unit([*changes, (second, "body", None, [*moved, *second.body])], "into_loop",
                         " … ".join(_first_line(m) for m in moved) if k > 1 else _first_line(first),
                         _first_line(second))


NUMBERED = re.compile(r"^(.*?)(\d+)$")


def _numbered(node) -> list:
    """The names, attributes and string keys in ``node`` that end in a number (``beta1``, ``W2``, ``'b1'``)."""
    found = {}
    for child in ast.walk(node):
        text = child.id if isinstance(child, ast.Name) else child.attr if isinstance(child, ast.Attribute) \
            else child.value if isinstance(child, ast.Constant) and isinstance(child.value, str) else None
        if text and NUMBERED.match(text) and NUMBERED.match(text).group(1):
            found.setdefault(text, None)
    return list(found)


def _swapped_numbers(add, parent, field, index, statement, in_function=()) -> None:
    """In one statement, two numbered names of one stem used the wrong way round; and one of them
    written for another of its stem the function uses (``x1`` for ``x2``, ``'Affine1'`` for ``'Affine2'``)."""
    names = _numbered(statement)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if NUMBERED.match(a).group(1) != NUMBERED.match(b).group(1):
                continue
            swap = {a: b, b: a}
            copy = _renamed(statement, swap)
            add(parent, field, index, _like(copy, statement), "swap_names", a, b)
    for a in names:
        for b in in_function:
            if b == a or NUMBERED.match(a).group(1) != NUMBERED.match(b).group(1):
                continue
            for k in range(_count(statement, a)):  # one occurrence at a time: a slip is one place
                copy = _renamed(statement, {a: b}, only=k)
                add(parent, field, index, _like(copy, statement), "typo", a, b, _text(copy, 2 * MAX_SNIPPET))


def _swapped_names(add, function_node) -> None:
    """Two parameters used the wrong way round throughout the body (``log(t)`` for ``log(y)``)."""
    names = [a.arg for a in function_node.args.posonlyargs + function_node.args.args if a.arg not in ("self", "cls")]
    body = function_node.body
    for i, a in enumerate(names[:3]):
        for b in names[i + 1:3]:
            swap = {a: b, b: a}
            copy = [_renamed(stmt, swap) for stmt in body]
            add(function_node, "body", None, copy, "swap_names", a, b)


def _named(child) -> tuple[str, str] | None:
    """``(field, text)`` of a name, an attribute or a string key, else None."""
    if isinstance(child, ast.Name):
        return "id", child.id
    if isinstance(child, ast.Attribute):
        return "attr", child.attr
    if isinstance(child, ast.Constant) and isinstance(child.value, str):
        return "value", child.value
    return None


def _count(node, name: str) -> int:
    return sum(1 for child in ast.walk(node) if (_named(child) or (None, None))[1] == name)


def _renamed(node, swap: dict, only: int | None = None):
    """A copy of ``node`` with the names, attributes and string keys in ``swap`` exchanged (with
    ``only``, just that occurrence, counted in ``ast.walk`` order)."""
    import copy

    node = copy.deepcopy(node)
    seen = 0
    for child in ast.walk(node):
        named = _named(child)
        if named and named[1] in swap:
            if only is None or seen == only:
                setattr(child, named[0], swap[named[1]])
            seen += 1
    return node


def _default_edits(add, parent, field, index, default, name) -> None:
    if isinstance(default, ast.Constant) and type(default.value) in (int, float) and default.value:
        value = default.value
        options = (value * 10, value / 10) if type(value) is float else (value + 1, value - 1)
        for new in options:
            add(parent, field, index, _like(ast.Constant(new), default), "default", name, repr(value), repr(new))


def _node_edits(add, parent, field, index, node, siblings, numbered=()) -> None:  # noqa: C901 - one branch per kind
    if isinstance(node, SIMPLE_STATEMENTS + (ast.Return,)) and siblings is not None:
        _swapped_numbers(add, parent, field, index, node, numbered)
    if isinstance(node, ast.stmt) and siblings is not None and _droppable(node):
        replacement = _like(ast.Pass(), node)
        add(parent, field, index, replacement, "statement", _first_line(node))
    if isinstance(node, (ast.If, ast.IfExp)):
        header = _first_line(node) if isinstance(node, ast.If) else f"if {_text(node.test)}"
        for value, kind in ((True, "always"), (False, "never")):
            if isinstance(node, ast.IfExp) or value or node.orelse:  # never, with no else, is the step left out
                add(node, "test", None, _like(ast.Constant(value), node.test), kind, header)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARE:
        old = type(node.ops[0])
        new = ast.Compare(node.left, [COMPARE[old]()], node.comparators)
        add(parent, field, index, _like(new, node), "compare", SYMBOL[old], SYMBOL[COMPARE[old]])
    elif isinstance(node, ast.BinOp):
        op = type(node.op)
        if op in SIGN:
            add(parent, field, index, _like(ast.BinOp(node.left, SIGN[op](), node.right), node), "sign",
                SYMBOL[op], SYMBOL[SIGN[op]], _text(node))
            add(parent, field, index, node.left, "term", f"{SYMBOL[op]} {_text(node.right)}")
        if op in (ast.Mult, ast.Div):
            if _simple(node.right):
                add(parent, field, index, node.left, "factor", f"{SYMBOL[op]} {_text(node.right)}")
            if op is ast.Mult and _simple(node.left):
                add(parent, field, index, node.right, "factor", f"{_text(node.left)} *")
        if op in DIVISION:
            add(parent, field, index, _like(ast.BinOp(node.left, DIVISION[op](), node.right), node), "division",
                SYMBOL[op], SYMBOL[DIVISION[op]])
        called = _np_call(node.left)
        if called and called.rpartition(".")[2] in REGROUP_CALLS and len(node.left.args) == 1:
            inside = ast.Call(node.left.func, [ast.BinOp(node.left.args[0], node.op, node.right)], node.left.keywords)
            add(parent, field, index, _like(inside, node), "regroup", _text(node), _text(inside),
                f"{called}(…) {SYMBOL[op]} … → {called}(… {SYMBOL[op]} …)")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
        add(parent, field, index, node.operand, "minus", _text(node))
    elif isinstance(node, ast.AugAssign) and type(node.op) in (*SIGN, ast.Mult, ast.Div) and siblings is not None:
        op = type(node.op)
        if op in SIGN:
            add(parent, field, index, _like(ast.AugAssign(node.target, SIGN[op](), node.value), node), "sign",
                f"{SYMBOL[op]}=", f"{SYMBOL[SIGN[op]]}=", _text(node))
        target = node.target
        if isinstance(target, (ast.Name, ast.Subscript, ast.Attribute)):
            load = ast.parse(ast.unparse(target), mode="eval").body
            rebound = ast.Assign([target], ast.BinOp(load, node.op, node.value))
            add(parent, field, index, _like(rebound, node), "rebind", _text(node))
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) \
            and type(node.value.op) in (*SIGN, ast.Mult, ast.Div) and siblings is not None \
            and ast.dump(node.targets[0]) == ast.dump(_as_store(node.value.left)):
        inplace = ast.AugAssign(node.targets[0], node.value.op, node.value.right)
        add(parent, field, index, _like(inplace, node), "inplace", _text(node))
    elif isinstance(node, ast.Call):
        _call_edits(add, parent, field, index, node)
    elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
        add(parent, field, index, node.value, "transpose", _text(node))


def _simple(node: ast.AST) -> bool:
    """A factor a student leaves out: a number, a name, ``self.lr``, ``x.shape[0]``, ``len(x)`` —
    not a whole expression (leaving that out is not one slip)."""
    if isinstance(node, (ast.Constant, ast.Name, ast.Attribute, ast.Subscript)):
        return True
    return isinstance(node, ast.Call) and len(_text(node)) <= 20


def _as_store(node: ast.AST) -> ast.AST:
    """``node`` as an assignment's target would read (for comparing ``x = x - y`` with its ``x``)."""
    try:
        return ast.parse(f"{ast.unparse(node)} = 0").body[0].targets[0]
    except SyntaxError:
        return node


CONFUSED = {("np.random", "randn"): "np.random.rand", ("np.random", "rand"): "np.random.randn",
            ("np", "maximum"): "max", ("np", "dot"): "*"}
CONFUSED_CLASSES = {"Relu": "Sigmoid", "Sigmoid": "Relu"}  # the two activation layers, one for the other
REGROUP_CALLS = {"sum", "mean", "sqrt", "log", "exp", "abs", "max"}


def _np_call(node) -> str | None:
    """``np.sum`` for a call of ``np.sum(…)`` (and ``np.random.randn``), else None."""
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute):
        owner = _text(func.value)
        if owner in ("np", "numpy", "np.random", "numpy.random"):
            return f"{owner.replace('numpy', 'np')}.{func.attr}"
    return None


def _call_edits(add, parent, field, index, node: ast.Call) -> None:
    name = _callee(node)
    called = _np_call(node)
    if called:
        owner, _, attr = called.rpartition(".")
        other = CONFUSED.get((owner, attr))
        if other == "*" and len(node.args) == 2 and not node.keywords:
            add(parent, field, index, _like(ast.BinOp(node.args[0], ast.Mult(), node.args[1]), node), "replaced",
                _text(node), f"{_text(node.args[0])} * {_text(node.args[1])}")
        elif other == "max" and len(node.args) == 2 and not node.keywords:  # the builtin max, or the reduction np.max
            for func in (ast.Name("max", ast.Load()), ast.Attribute(node.func.value, "max", ast.Load())):
                add(parent, field, index, _like(ast.Call(func, node.args, []), node), "replaced", called, _text(func))
        elif other:
            func = ast.parse(other, mode="eval").body
            add(parent, field, index, _like(ast.Call(func, node.args, node.keywords), node), "replaced", called, other)
        inner = node.args[0] if len(node.args) == 1 else None
        if inner is not None and attr in REGROUP_CALLS and isinstance(inner, ast.BinOp) \
                and type(inner.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div):  # np.log(y + eps) → np.log(y) + eps
            moved = ast.BinOp(ast.Call(node.func, [inner.left], node.keywords), inner.op, inner.right)
            add(parent, field, index, _like(moved, node), "regroup", _text(node), _text(moved),
                f"{called}(… {SYMBOL[type(inner.op)]} …) → {called}(…) {SYMBOL[type(inner.op)]} …")
        if inner is not None and attr in REGROUP_CALLS and _np_call(inner) and len(inner.args) == 1:
            swapped = ast.Call(inner.func, [ast.Call(node.func, inner.args, node.keywords)], inner.keywords)
            add(parent, field, index, _like(swapped, node), "regroup", _text(node), _text(swapped))
    if name in CONFUSED_CLASSES and isinstance(node.func, (ast.Attribute, ast.Name)):
        other = CONFUSED_CLASSES[name]
        func = ast.Attribute(node.func.value, other, ast.Load()) if isinstance(node.func, ast.Attribute) \
            else ast.Name(other, ast.Load())
        add(parent, field, index, _like(ast.Call(func, node.args, node.keywords), node), "replaced",
            _text(node.func), _text(func))
    if len(node.args) >= 2 and not any(isinstance(a, (ast.Constant, ast.Starred)) for a in node.args[:2]):
        swapped = ast.Call(node.func, [node.args[1], node.args[0], *node.args[2:]], node.keywords)
        add(parent, field, index, _like(swapped, node), "swap_args", _text(node), _text(swapped))
    for k, keyword in enumerate(node.keywords):
        if keyword.arg not in DROPPABLE_KEYWORDS:
            continue
        dropped = ast.Call(node.func, node.args, node.keywords[:k] + node.keywords[k + 1:])
        add(parent, field, index, _like(dropped, node), "keyword", f"{keyword.arg}={_text(keyword.value)}",
            _text(node.func))
        if keyword.arg == "axis" and isinstance(keyword.value, (ast.Constant, ast.UnaryOp)):
            try:
                current = ast.literal_eval(keyword.value)
            except ValueError:
                continue
            for axis in AXES:
                if axis == current:
                    continue
                moved = ast.Call(node.func, node.args, [*node.keywords[:k], ast.keyword("axis", ast.Constant(axis)),
                                                        *node.keywords[k + 1:]])
                add(parent, field, index, _like(moved, node), "axis", repr(current), repr(axis), _text(node.func))
    if name in DROPPABLE_CALLS:
        func = node.func
        on_module = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id in ("np", "numpy", "copy")
        if isinstance(func, ast.Attribute) and not on_module:  # x.copy(), x.astype(float), x.reshape(…)
            add(parent, field, index, func.value, "call", f".{name}({', '.join(_text(a) for a in node.args)})")
        elif len(node.args) == 1:  # np.sqrt(x), np.array(x, dtype=float), float(x)
            add(parent, field, index, node.args[0], "call", f"{_text(func)}(…)")
    if name in ("sum", "mean") and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
            and node.func.value.id in ("np", "numpy"):
        other = "mean" if name == "sum" else "sum"
        swapped = ast.Call(ast.Attribute(node.func.value, other, ast.Load()), node.args, node.keywords)
        add(parent, field, index, _like(swapped, node), "sum_mean", f"np.{name}", f"np.{other}")
    if name == "range" and isinstance(node.func, ast.Name) and 1 <= len(node.args) <= 2 and not node.keywords:
        *start, stop = node.args
        one = ast.Constant(1)
        options = [[*start, ast.BinOp(stop, ast.Sub(), one)], [*start, ast.BinOp(stop, ast.Add(), one)]]
        options.append([one, stop] if not start else [ast.BinOp(start[0], ast.Add(), one), stop])
        for args in options:
            new = _like(ast.Call(node.func, args, []), node)
            add(parent, field, index, new, "range", _text(node), _text(new))


def _first_line(node: ast.stmt) -> str:
    """A statement as a hint quotes it: a compound one by its header (``if x.ndim == 1:``)."""
    line = ast.unparse(node).split("\n")[0]
    return _text(ast.parse(line + " pass").body[0]).rsplit(" pass", 1)[0] if line.endswith(":") else _text(node)


def _droppable(node: ast.stmt) -> bool:
    """A statement a student could leave out and still have a program that runs: not the last
    word (``return``, ``raise``), not a declaration, not an import."""
    if isinstance(node, (ast.Return, ast.Raise, ast.Pass, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal,
                         ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assert, ast.Try, ast.With)):
        return False
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return False
    if isinstance(node, (ast.For, ast.While)):
        return False  # leaving out a whole loop is not one slip
    return True


def _functions(tree: ast.Module):
    """``(qualname, node)`` of every function and method the module defines, outermost first."""
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                found.append((name, child))
                visit(child, f"{name}.<locals>.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


GROUPED = {"regroup": (2,), "axis": (0, 1), "keyword": (0,), "compare": (0, 1), "sign": (0, 1), "minus": (), "term": (0,),
           "factor": (0,), "call": (0,), "transpose": (), "division": (0, 1), "sum_mean": (0, 1)}


def _groups(units: list[list[_Edit]]) -> list[tuple[str, list[_Edit]]]:
    """The same slip made everywhere in one function (``axis=0`` in both the max and the sum, the
    minus sign left out of both branches): edits of one kind whose snippets agree on what changed."""
    found: dict[tuple, list[_Edit]] = {}
    for edit in (unit[0] for unit in units if len(unit) == 1):
        kind, function, snippets = parse(edit.id)
        if kind in GROUPED:
            key = (kind, tuple(snippets[i] for i in GROUPED[kind] if i < len(snippets)))
            found.setdefault(key, []).append(edit)
    return [(_group_id(kind, members), members) for (kind, _), members in found.items()
            if len(members) > 1 and len({(id(e.parent), e.field, e.index) for e in members}) == len(members)]


def _group_id(kind: str, members: list[_Edit]) -> str:
    """A group's id: its sites' snippets, each once, joined where they differ."""
    function = members[0].function
    snippets = [parse(e.id)[2] for e in members]
    merged = [s[0] if len(set(s)) == 1 else "`, `".join(dict.fromkeys(s)) for s in zip(*snippets)]  # each its own code span
    return _make_id(kind, function, *merged)


class ModuleMutants:
    """The mutants of one reference module, made lazily: ``of(function)`` lists a function's,
    ``code(mutant)`` compiles one (each is compiled once, from the module's one tree)."""

    def __init__(self, module: str, source: str, filename: str):
        self.module, self.filename = module, filename
        self.tree = ast.parse(source, filename)
        self.edits: list[list[_Edit]] = []  # each mutant's edits: one, or one slip at several sites
        self.by_function: dict[str, list[Mutant]] = {}
        for qualname, node in _functions(self.tree):
            units = _edits_in(node, qualname)
            for names, members, group in [(unit[0].id, unit, False) for unit in units] + \
                    [(names, members, True) for names, members in _groups(units)]:
                mutant = Mutant(names, module, qualname, len(self.edits), group)
                self.edits.append(members)
                self.by_function.setdefault(qualname, []).append(mutant)
        self._compiled: dict[int, object] = {}

    def of(self, function: str) -> list[Mutant]:
        return self.by_function.get(function, [])

    def __len__(self) -> int:
        return len(self.edits)

    def code(self, mutant: Mutant):
        """The compiled module with ``mutant``'s edit (None when that edit does not compile)."""
        if mutant.index not in self._compiled:
            edits = self.edits[mutant.index]
            olds = [edit.swap() for edit in edits]
            try:
                self._compiled[mutant.index] = compile(self.tree, f"<{mutant.names}>", "exec")
            except (SyntaxError, ValueError, TypeError):
                self._compiled[mutant.index] = None
            finally:
                for edit, old in reversed(list(zip(edits, olds))):
                    edit.put(old)
        return self._compiled[mutant.index]


@functools.lru_cache(maxsize=32)
def of_module(module: str, source: str, filename: str = "<reference>") -> ModuleMutants:
    """The mutants of one reference module's source (made once per source)."""
    return ModuleMutants(module, source, filename)
