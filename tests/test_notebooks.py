"""A student's notebook is graded exactly like a module holding the same code."""
import csv
import json
import re

import pytest

from autograder import cli
from autograder.grading import Grader
from autograder.submission import Source
from autograder.writers import results_json
from tests.conftest import EXAMPLES

A = "a2_functions"
EXAMPLE_NAMES = sorted(p.name for p in (EXAMPLES / A).iterdir() if p.is_dir())


def code_cells(module_text: str) -> list[str]:
    """The module split at each top-level ``def``, as a student's notebook would hold it."""
    return [c for c in re.split(r"\n(?=def )", module_text) if c.strip()]


def notebook(cells: list[str], *, nbgrader: bool = False) -> str:
    """An nbformat 4 notebook: a title, the code cells (with a magic and a shell escape), a scratch cell."""
    def code(source, solution=True):
        meta = {"nbgrader": {"grade": False, "grade_id": f"c{len(nb_cells)}", "locked": False,
                             "schema_version": 3, "solution": solution, "task": False}} if nbgrader else {}
        return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": source}

    nb_cells = [{"cell_type": "markdown", "metadata": {}, "source": "# My lab\n"}]
    nb_cells.append(code("%matplotlib inline\n!pip list\n" + cells[0]))
    nb_cells += [code(c) for c in cells[1:]]
    if nbgrader:  # an instructor's cell: not the student's answer, never graded
        nb_cells.append(code("def softmax(x):\n    raise RuntimeError('scratch')\n", solution=False))
    return json.dumps({"cells": nb_cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4})


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    """{example: (module result, notebook result, nbgrader-notebook result)}, graded in one batch."""
    root = tmp_path_factory.mktemp("notebooks")
    sources = []
    for name in EXAMPLE_NAMES:
        text = (EXAMPLES / A / name / "functions.py").read_text()
        for kind, nbgrader in (("notebook", False), ("nbgrader", True)):
            path = root / kind / f"{name}.ipynb"
            path.parent.mkdir(exist_ok=True)
            path.write_text(notebook(code_cells(text), nbgrader=nbgrader))
        sources += [Source(name, EXAMPLES / A / name), Source(name, root / "notebook" / f"{name}.ipynb"),
                    Source(name, root / "nbgrader" / f"{name}.ipynb")]
    results = Grader(A, jobs=2).grade(sources)
    return {name: tuple(results[3 * i: 3 * i + 3]) for i, name in enumerate(EXAMPLE_NAMES)}


def outcome(result):
    return result.status, result.score, [(t.name, t.score, t.status, t.misconception) for t in result.tests]


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_a_notebook_scores_exactly_like_the_module_with_the_same_code(pairs, example):
    module, nb, _ = pairs[example]
    assert module.status == "graded"
    assert outcome(nb) == outcome(module)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_an_nbgrader_notebook_is_graded_on_its_solution_cells_only(pairs, example):
    module, _, nbgrader = pairs[example]
    assert outcome(nbgrader) == outcome(module)


def run(argv) -> int:
    return cli.main(["run", A, *map(str, argv), "--quiet", "--jobs", "2"])


def test_autograder_run_accepts_a_notebook_file_a_folder_of_notebooks_and_student_folders(tmp_path):
    text = (EXAMPLES / A / "softmax_no_max_shift" / "functions.py").read_text()
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "bob.ipynb").write_text(notebook(code_cells(text)))
    (tmp_path / "folders" / "bob").mkdir(parents=True)
    (tmp_path / "folders" / "bob" / "lab.ipynb").write_text(notebook(code_cells(text)))
    expected = Grader(A).grade_one(EXAMPLES / A / "softmax_no_max_shift").score
    for i, path in enumerate((tmp_path / "flat" / "bob.ipynb", tmp_path / "flat", tmp_path / "folders")):
        out = tmp_path / f"out{i}"
        assert run([path, "--out", out]) == 0
        (result,) = results_json.read(out / "results.json")
        with open(out / "grades.csv", newline="") as f:
            (row,) = csv.DictReader(f)
        assert (result.student_id, result.status, result.score) == ("bob", "graded", expected)
        assert float(row["score"]) == expected


@pytest.mark.parametrize("content, detail", [
    ('{"cells": [', "invalid JSON"),
    ('{"nbformat": 4}', "no list of cells"),
    ('{"cells": [{"cell_type": "code", "source": 42}]}', "a cell's source is not text"),
    (b"\xff\xfe not text", "not UTF-8"),
])
def test_a_notebook_that_does_not_parse_gets_an_error_record_with_the_reason(tmp_path, content, detail):
    subs = tmp_path / "subs"
    subs.mkdir()
    broken = subs / "carol.ipynb"
    broken.write_bytes(content if isinstance(content, bytes) else content.encode())
    (subs / "dave.ipynb").write_text(notebook(code_cells((EXAMPLES / A / "reference" / "functions.py").read_text())))
    assert run([subs, "--out", tmp_path / "out"]) == 0
    results = {r.student_id: r for r in results_json.read(tmp_path / "out" / "results.json")}
    carol = results["carol"]
    assert (carol.status, carol.score, carol.tests) == ("error", None, [])
    assert carol.reason.startswith("carol.ipynb is not a readable notebook: ") and detail in carol.reason
    assert (results["dave"].status, results["dave"].score) == ("graded", 37.0)


def test_a_notebook_without_code_for_the_module_says_what_is_missing(tmp_path):
    path = tmp_path / "erin.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": "notes"}],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    result = Grader(A).grade_one(path)
    assert (result.status, result.score) == ("error", None)
    assert "functions.py is missing" in result.reason
