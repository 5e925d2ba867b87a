"""The assignment registry: ids, student modules, dependencies, and where the course files live.

This is the single place that knows which assignments exist. Everything else asks it.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Assignment:
    """One assignment of the course.

    ``modules`` are the files a student submits (without ``.py``); ``depends`` are earlier
    assignments whose modules these import by bare name (a student brings their own copies).
    """

    id: str
    title: str
    modules: tuple[str, ...]
    depends: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(f"{m}.py" for m in self.modules)


ASSIGNMENTS: dict[str, Assignment] = {
    a.id: a
    for a in (
        Assignment("a1_perceptron", "Perceptrons and logic gates", ("perceptron",)),
        Assignment("a2_functions", "Activation and loss functions", ("functions",)),
        Assignment("a3_gradient", "Numerical gradient and optimizers", ("gradient", "optimizer")),
        Assignment("a4_layers", "Layers and backpropagation", ("layers", "mlp"), ("a2_functions",)),
        Assignment(
            "a5_two_layer_net",
            "A two-layer network trained on digits",
            ("two_layer_net", "train"),
            ("a2_functions", "a3_gradient", "a4_layers"),
        ),
    )
}


class UnknownAssignment(ValueError):
    """Raised for an assignment id that is not in the course; the message lists the valid ones."""


def get(assignment_id: str) -> Assignment:
    """Return the assignment called ``assignment_id`` or raise ``UnknownAssignment``."""
    try:
        return ASSIGNMENTS[assignment_id]
    except KeyError:
        close = difflib.get_close_matches(assignment_id, ASSIGNMENTS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UnknownAssignment(
            f"unknown assignment {assignment_id!r}.{hint} Valid: {', '.join(ASSIGNMENTS)}"
        ) from None


def dependency_closure(assignment: Assignment) -> list[Assignment]:
    """``assignment`` and every assignment it depends on, dependencies first."""
    seen: dict[str, Assignment] = {}

    def visit(a: Assignment) -> None:
        for dep in a.depends:
            visit(ASSIGNMENTS[dep])
        seen.setdefault(a.id, a)

    visit(assignment)
    return list(seen.values())


def course_root() -> Path:
    """The folder holding ``source_lib/``, ``assignments/`` and ``solutions/``.

    ``AUTOGRADER_COURSE_ROOT`` wins; otherwise the checkout this package was installed from.
    """
    env = os.environ.get("AUTOGRADER_COURSE_ROOT")
    if env:
        return Path(env).resolve()
    return PACKAGE_DIR.parent


def solutions_dir(assignment_id: str) -> Path:
    return course_root() / "solutions" / assignment_id


def release_dir(assignment_id: str) -> Path:
    return course_root() / "assignments" / assignment_id


def source_dir(assignment_id: str) -> Path:
    return course_root() / "source_lib" / assignment_id
