"""OS-level confinement of a submission's child, applied after ``limits.apply``.

``apply(spec)`` is called in the forked child before any student code runs. Each protection is
applied when the kernel offers it; ``report()`` says which are in force (``autograder doctor``).
"""
from __future__ import annotations


def apply(spec: dict) -> list[str]:
    """Confine this process; return the names of the protections now in force."""
    return []


def report() -> list[tuple[str, bool, str]]:
    """``(protection, available, why)`` for each protection this machine could apply."""
    return []
