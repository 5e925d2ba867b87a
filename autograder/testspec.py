"""A test's spec, read once at collection: its points, who may see it, its titles → a frozen ``Spec``.

``read`` is a plain function of what pytest holds for a test (its marks' arguments, its docstring),
so it is testable without a pytest session; the plugin calls it for every collected item and
turns a ``SpecError`` (a grader bug, never a student's zero) into pytest's usage error. The title
is the docstring's first line; a line starting ``ko:`` gives the Korean one.
"""
from __future__ import annotations

from dataclasses import dataclass

from .results import VISIBILITIES, Visibility


class SpecError(ValueError):
    """A test's marks are missing or wrong; the message names the test."""


@dataclass(frozen=True)
class Spec:
    """What a test is worth and who may see it. ``titles`` maps language → student-facing name;
    ``id`` is the test function's name (with its parameters), unique within the suite."""

    points: float
    visibility: Visibility
    titles: dict
    id: str = ""

    @property
    def title(self) -> str:
        return self.titles["en"]


def titles(doc: str | None, name: str) -> dict:
    """``{"en": first docstring line, "ko": its ``ko:`` line (else the English)}``; ``name`` without a docstring."""
    lines = (doc or "").strip().splitlines()
    en = lines[0].strip() if lines else name
    ko = next((ln.strip()[3:].strip() for ln in lines if ln.strip().startswith("ko:")), en)
    return {"en": en, "ko": ko}


def read(nodeid: str, name: str, doc: str | None, points: tuple | None, visibility: tuple | None) -> Spec:
    """The spec of the test ``nodeid`` (function ``name``), from the arguments of its ``points``
    and ``visibility`` marks (None: no such mark). ``SpecError`` unless points is one number > 0
    and visibility one of ``VISIBILITIES`` (default ``visible``)."""
    if points is None or len(points) != 1 or not isinstance(points[0], (int, float)) or points[0] <= 0:
        raise SpecError(f"{nodeid}: needs @pytest.mark.points(n) with n > 0")
    seen = visibility[0] if visibility is not None else "visible"
    if seen not in VISIBILITIES:
        raise SpecError(f"{nodeid}: visibility must be one of {VISIBILITIES}")
    return Spec(float(points[0]), seen, titles(doc, name), name)
