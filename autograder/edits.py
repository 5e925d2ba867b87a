"""The one-slip edits of a function's syntax tree, each with the id that names it (``mutants``).

``edits_in(function_node, qualname)`` lists every edit of one function of a reference module: a
list of ``Edit``s (most are one change; a slip of order or a step moved into a loop is two), each
change ``parent.field[index] = new`` made by ``Edit.swap`` and undone by ``Edit.put``. The kinds
and what each changes are listed in ``mutants.KINDS``; their sentences are
``messages.MESSAGES["auto_<kind>"]``. Plain ``ast`` on trusted source: no student code is read.

Longer than most modules: one small generator per kind of slip, read together.
"""
from __future__ import annotations

import ast
import json
import re

PREFIX = "auto:"
MAX_SNIPPET = 60  # characters of reference source quoted in a hint

COMPARE = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt}
SIGN = {ast.Add: ast.Sub, ast.Sub: ast.Add}
DIVISION = {ast.Div: ast.FloorDiv, ast.FloorDiv: ast.Div}
SYMBOL = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
          ast.Div: "/", ast.FloorDiv: "//"}
DROPPABLE_CALLS = {"sqrt", "abs", "array", "asarray", "copy", "squeeze", "ravel", "flatten", "atleast_2d",
                   "float", "int", "astype", "reshape", "deepcopy", "list", "dict"}
DROPPABLE_KEYWORDS = {"axis", "keepdims", "dtype", "copy"}
AXES = (0, 1, -1)  # no axis at all is the keyword left out


def text(node: ast.AST, limit: int = MAX_SNIPPET) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def make_id(kind: str, function: str, *snippets: str) -> str:
    return f"{PREFIX}{kind}:{function}:{json.dumps(list(snippets), ensure_ascii=False)}"


class Edit:
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


def edits_in(function_node, qualname: str) -> list[list[Edit]]:
    """Every edit of one function, each a list of the changes it makes (most make one): its
    defaults, then its body (nested functions are their own)."""
    found: list[list[Edit]] = []

    def add(parent, field, index, new, kind, *snippets):
        found.append([Edit(parent, field, index, new, make_id(kind, qualname, *snippets), qualname)])

    def add_unit(changes, kind, *snippets):
        """One slip that changes several places at once: ``changes`` are (parent, field, index, new)."""
        mistake_id = make_id(kind, qualname, *snippets)
        found.append([Edit(*change, mistake_id, qualname) for change in changes])

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
                     first_line(first), first_line(second))
        if isinstance(second, ast.For):
            for k in range(1, 4):  # the last k steps before the loop, done on every pass instead of once
                moved = statements[i + 1 - k:i + 1]
                if i + 1 - k < start or not all(isinstance(m, SIMPLE_STATEMENTS) for m in moved):
                    break
                changes = [(parent, field, i + 1 - k + j, _like(ast.Pass(), m)) for j, m in enumerate(moved)]
                add_unit([*changes, (second, "body", None, [*moved, *second.body])], "into_loop",
                         " … ".join(first_line(m) for m in moved) if k > 1 else first_line(first),
                         first_line(second))


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
                add(parent, field, index, _like(copy, statement), "typo", a, b, text(copy, 2 * MAX_SNIPPET))


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
        add(parent, field, index, replacement, "statement", first_line(node))
    if isinstance(node, (ast.If, ast.IfExp)):
        header = first_line(node) if isinstance(node, ast.If) else f"if {text(node.test)}"
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
                SYMBOL[op], SYMBOL[SIGN[op]], text(node))
            add(parent, field, index, node.left, "term", f"{SYMBOL[op]} {text(node.right)}")
        if op in (ast.Mult, ast.Div):
            if _simple(node.right):
                add(parent, field, index, node.left, "factor", f"{SYMBOL[op]} {text(node.right)}")
            if op is ast.Mult and _simple(node.left):
                add(parent, field, index, node.right, "factor", f"{text(node.left)} *")
        if op in DIVISION:
            add(parent, field, index, _like(ast.BinOp(node.left, DIVISION[op](), node.right), node), "division",
                SYMBOL[op], SYMBOL[DIVISION[op]])
        called = _np_call(node.left)
        if called and called.rpartition(".")[2] in REGROUP_CALLS and len(node.left.args) == 1:
            inside = ast.Call(node.left.func, [ast.BinOp(node.left.args[0], node.op, node.right)], node.left.keywords)
            add(parent, field, index, _like(inside, node), "regroup", text(node), text(inside),
                f"{called}(…) {SYMBOL[op]} … → {called}(… {SYMBOL[op]} …)")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
        add(parent, field, index, node.operand, "minus", text(node))
    elif isinstance(node, ast.AugAssign) and type(node.op) in (*SIGN, ast.Mult, ast.Div) and siblings is not None:
        op = type(node.op)
        if op in SIGN:
            add(parent, field, index, _like(ast.AugAssign(node.target, SIGN[op](), node.value), node), "sign",
                f"{SYMBOL[op]}=", f"{SYMBOL[SIGN[op]]}=", text(node))
        target = node.target
        if isinstance(target, (ast.Name, ast.Subscript, ast.Attribute)):
            load = ast.parse(ast.unparse(target), mode="eval").body
            rebound = ast.Assign([target], ast.BinOp(load, node.op, node.value))
            add(parent, field, index, _like(rebound, node), "rebind", text(node))
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) \
            and type(node.value.op) in (*SIGN, ast.Mult, ast.Div) and siblings is not None \
            and ast.dump(node.targets[0]) == ast.dump(_as_store(node.value.left)):
        inplace = ast.AugAssign(node.targets[0], node.value.op, node.value.right)
        add(parent, field, index, _like(inplace, node), "inplace", text(node))
    elif isinstance(node, ast.Call):
        _call_edits(add, parent, field, index, node)
    elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
        add(parent, field, index, node.value, "transpose", text(node))


def _simple(node: ast.AST) -> bool:
    """A factor a student leaves out: a number, a name, ``self.lr``, ``x.shape[0]``, ``len(x)`` —
    not a whole expression (leaving that out is not one slip)."""
    if isinstance(node, (ast.Constant, ast.Name, ast.Attribute, ast.Subscript)):
        return True
    return isinstance(node, ast.Call) and len(text(node)) <= 20


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
        owner = text(func.value)
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
                text(node), f"{text(node.args[0])} * {text(node.args[1])}")
        elif other == "max" and len(node.args) == 2 and not node.keywords:  # the builtin max, or the reduction np.max
            for func in (ast.Name("max", ast.Load()), ast.Attribute(node.func.value, "max", ast.Load())):
                add(parent, field, index, _like(ast.Call(func, node.args, []), node), "replaced", called, text(func))
        elif other:
            func = ast.parse(other, mode="eval").body
            add(parent, field, index, _like(ast.Call(func, node.args, node.keywords), node), "replaced", called, other)
        inner = node.args[0] if len(node.args) == 1 else None
        if inner is not None and attr in REGROUP_CALLS and isinstance(inner, ast.BinOp) \
                and type(inner.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div):  # np.log(y + eps) → np.log(y) + eps
            moved = ast.BinOp(ast.Call(node.func, [inner.left], node.keywords), inner.op, inner.right)
            add(parent, field, index, _like(moved, node), "regroup", text(node), text(moved),
                f"{called}(… {SYMBOL[type(inner.op)]} …) → {called}(…) {SYMBOL[type(inner.op)]} …")
        if inner is not None and attr in REGROUP_CALLS and _np_call(inner) and len(inner.args) == 1:
            swapped = ast.Call(inner.func, [ast.Call(node.func, inner.args, node.keywords)], inner.keywords)
            add(parent, field, index, _like(swapped, node), "regroup", text(node), text(swapped))
    if name in CONFUSED_CLASSES and isinstance(node.func, (ast.Attribute, ast.Name)):
        other = CONFUSED_CLASSES[name]
        func = ast.Attribute(node.func.value, other, ast.Load()) if isinstance(node.func, ast.Attribute) \
            else ast.Name(other, ast.Load())
        add(parent, field, index, _like(ast.Call(func, node.args, node.keywords), node), "replaced",
            text(node.func), text(func))
    if len(node.args) >= 2 and not any(isinstance(a, (ast.Constant, ast.Starred)) for a in node.args[:2]):
        swapped = ast.Call(node.func, [node.args[1], node.args[0], *node.args[2:]], node.keywords)
        add(parent, field, index, _like(swapped, node), "swap_args", text(node), text(swapped))
    for k, keyword in enumerate(node.keywords):
        if keyword.arg not in DROPPABLE_KEYWORDS:
            continue
        dropped = ast.Call(node.func, node.args, node.keywords[:k] + node.keywords[k + 1:])
        add(parent, field, index, _like(dropped, node), "keyword", f"{keyword.arg}={text(keyword.value)}",
            text(node.func))
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
                add(parent, field, index, _like(moved, node), "axis", repr(current), repr(axis), text(node.func))
    if name in DROPPABLE_CALLS:
        func = node.func
        on_module = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id in ("np", "numpy", "copy")
        if isinstance(func, ast.Attribute) and not on_module:  # x.copy(), x.astype(float), x.reshape(…)
            add(parent, field, index, func.value, "call", f".{name}({', '.join(text(a) for a in node.args)})")
        elif len(node.args) == 1:  # np.sqrt(x), np.array(x, dtype=float), float(x)
            add(parent, field, index, node.args[0], "call", f"{text(func)}(…)")
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
            add(parent, field, index, new, "range", text(node), text(new))


def first_line(node: ast.stmt) -> str:
    """A statement as a hint quotes it: a compound one by its header (``if x.ndim == 1:``)."""
    line = ast.unparse(node).split("\n")[0]
    return text(ast.parse(line + " pass").body[0]).rsplit(" pass", 1)[0] if line.endswith(":") else text(node)


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


def functions(tree: ast.Module):
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
