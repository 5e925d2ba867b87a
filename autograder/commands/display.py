"""Terminal output for people: a progress bar while grading and a summary table after (rich)."""
from __future__ import annotations

import contextlib
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..results import Result, Summary

console = Console(stderr=True)


@contextlib.contextmanager
def progress(total: int, *, quiet: bool = False):
    """Yield ``advance(result)``; shows a bar on a terminal, nothing when quiet or piped."""
    if quiet or not console.is_terminal:
        yield lambda result: None
        return
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda result: bar.update(task, advance=1, description=result.student_id)


def summary(results: list[Summary]) -> None:
    """One row per submission, then the mean score."""
    table = Table(title=f"{results[0].assignment}: {len(results)} submissions" if results else "no submissions")
    for column, justify in (("student", "left"), ("score", "right"), ("status", "left"), ("first problem", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for r in results:
        first = r.first_problem
        style = "green" if r.graded and r.score == r.max_score else ("" if r.graded else "red")
        score = f"{r.score:g} / {r.max_score:g}" if r.graded else f"— / {r.max_score:g}"
        table.add_row(r.student_id, score, r.status, first[:100], style=style)
    Console(file=sys.stdout).print(table)
    graded = [r.score for r in results if r.graded]
    if graded:
        print(f"mean score {sum(graded) / len(graded):.2f} of {results[0].max_score:g} "
              f"over {len(graded)} graded submission(s)")
