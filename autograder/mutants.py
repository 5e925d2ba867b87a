"""Mistakes nobody declared: small edits of the reference (mutants) that the diagnosis can name.

A student's one mistake is most often one small edit of correct code: a ``>`` for a ``>=``, a
factor or a term left out, a sign, an ``axis``, a ``.copy()`` or a step forgotten, a loop one
short, a default changed. ``of_module`` makes every such edit of one reference module, one at a
time, from its syntax tree (``edits``: the reference is trusted; no student code is read here), and
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
from dataclasses import dataclass

from . import edits
from .edits import PREFIX, make_id

KINDS = ("compare", "sign", "factor", "term", "division", "minus", "inplace", "rebind", "keyword", "axis",
         "call", "sum_mean", "range", "transpose", "statement", "default", "order", "into_loop", "swap_names",
         "always", "never", "replaced", "regroup", "swap_args", "typo", "either")
MAX_EITHER = 3  # edits of one function named together when a test cannot tell them apart



@dataclass(frozen=True)
class Mutant:
    """One edit of one reference module: ``names`` is its id (the diagnosis names it as a mistake)."""

    names: str
    module: str
    function: str  # the qualified name of the function it edits
    index: int     # which edit of the module (``of_module``'s order)
    group: bool = False  # one slip made at several sites (``_groups``)


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
    return make_id("either", tied[0].function, *dict.fromkeys(flat))


def together(names: list[str]) -> str | None:
    """The id of these edits of one function named together: None for none, the edit for one."""
    if len(names) <= 1:
        return names[0] if names else None
    return make_id("either", parse(names[0])[1], *names)


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


GROUPED = {"regroup": (2,), "axis": (0, 1), "keyword": (0,), "compare": (0, 1), "sign": (0, 1), "minus": (), "term": (0,),
           "factor": (0,), "call": (0,), "transpose": (), "division": (0, 1), "sum_mean": (0, 1)}


def _groups(units: list[list[edits.Edit]]) -> list[tuple[str, list[edits.Edit]]]:
    """The same slip made everywhere in one function (``axis=0`` in both the max and the sum, the
    minus sign left out of both branches): edits of one kind whose snippets agree on what changed."""
    found: dict[tuple, list[edits.Edit]] = {}
    for edit in (unit[0] for unit in units if len(unit) == 1):
        kind, function, snippets = parse(edit.id)
        if kind in GROUPED:
            key = (kind, tuple(snippets[i] for i in GROUPED[kind] if i < len(snippets)))
            found.setdefault(key, []).append(edit)
    return [(_group_id(kind, members), members) for (kind, _), members in found.items()
            if len(members) > 1 and len({(id(e.parent), e.field, e.index) for e in members}) == len(members)]


def _group_id(kind: str, members: list[edits.Edit]) -> str:
    """A group's id: its sites' snippets, each once, joined where they differ."""
    function = members[0].function
    snippets = [parse(e.id)[2] for e in members]
    merged = [s[0] if len(set(s)) == 1 else "`, `".join(dict.fromkeys(s)) for s in zip(*snippets)]  # each its own code span
    return make_id(kind, function, *merged)


class ModuleMutants:
    """The mutants of one reference module, made lazily: ``of(function)`` lists a function's,
    ``code(mutant)`` compiles one (each is compiled once, from the module's one tree)."""

    def __init__(self, module: str, source: str, filename: str):
        self.module, self.filename = module, filename
        self.tree = ast.parse(source, filename)
        self.edits: list[list[edits.Edit]] = []  # each mutant's edits: one, or one slip at several sites
        self.by_function: dict[str, list[Mutant]] = {}
        for qualname, node in edits.functions(self.tree):
            units = edits.edits_in(node, qualname)
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
