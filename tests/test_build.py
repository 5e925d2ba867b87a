"""source_lib → assignments + solutions + examples: one source, generated files kept current."""
import json
import subprocess
import sys

import nbformat
import pytest

from autograder import build, course
from tests.conftest import ROOT

SOURCE = '''# %% [markdown]
# # Title
#
# text

# %%
import numpy as np


class Relu:
    def __init__(self):
        self.mask = None

    def backward(self, dout):
        # Hint: copy dout.
        ### BEGIN SOLUTION
        dx = dout.copy()
        return dx
        ### END SOLUTION


def relu(x):
    ### BEGIN SOLUTION
    return np.maximum(0, x)
    ### END SOLUTION
'''


def test_committed_generated_files_are_what_build_produces():
    assert build.check(ROOT) == [], "run `autograder build` and commit the result"


def test_stub_replaces_each_region_with_a_named_not_implemented_error():
    stub = build.transform(SOURCE, "stub")
    assert '        raise NotImplementedError("not implemented yet: Relu.backward")' in stub
    assert '    raise NotImplementedError("not implemented yet: relu")' in stub
    assert "np.maximum" not in stub and "dout.copy" not in stub
    assert "# Hint: copy dout." in stub and "self.mask = None" in stub


def test_solution_keeps_the_code_and_drops_only_the_markers():
    solution = build.transform(SOURCE, "solution")
    assert "BEGIN SOLUTION" not in solution and "END SOLUTION" not in solution
    assert "        dx = dout.copy()" in solution and "    return np.maximum(0, x)" in solution


@pytest.mark.parametrize("text, error", [
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "outside a function"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION\n", "without"),
])
def test_authoring_mistakes_name_the_file_and_line(text, error):
    with pytest.raises(build.AuthoringError, match=error) as info:
        build.transform(text, "stub", origin="x.py")
    assert str(info.value).startswith("x.py:")


def test_percent_cells_split_into_markdown_and_code():
    cells = build.parse_cells(SOURCE, "m")
    assert [c.kind for c in cells] == ["markdown", "code"]
    assert cells[0].text == "# Title\n\ntext"


@pytest.mark.parametrize("assignment", list(course.assignments()))
def test_lab_notebook_is_valid_nbformat_and_tags_each_cell_with_its_module(assignment):
    path = ROOT / "assignments" / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    modules = {c.metadata["autograder"]["module"] for c in nb.cells}
    assert set(course.get(assignment).modules) <= modules
    assert not any("BEGIN SOLUTION" in c.source for c in nb.cells)
    assert nb.cells[-1].source == f'from autograder.lab import check\ncheck("{assignment}")'


@pytest.mark.parametrize("assignment", list(course.assignments()))
def test_release_holds_stubs_and_public_tests_but_no_solution(assignment):
    release = ROOT / "assignments" / assignment
    for module in course.get(assignment).modules:
        text = (release / f"{module}.py").read_text()
        assert "not implemented yet" in text and "BEGIN SOLUTION" not in text
    assert (release / "tests" / "conftest.py").exists()
    assert list((release / "tests").glob("test_*.py"))


def run_public_tests(folder):
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("assignment", list(course.assignments()))
def test_stubs_import_cleanly_and_public_tests_fail_with_the_short_message(assignment):
    release = ROOT / "assignments" / assignment
    for module in course.get(assignment).modules:
        subprocess.run([sys.executable, "-c", f"import {module}"], cwd=release, check=True)
    proc = run_public_tests(release)
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert "not implemented yet:" in proc.stdout
    assert "Traceback" not in proc.stdout and "NotImplementedError" not in proc.stdout.split("short test summary")[0]


@pytest.mark.parametrize("assignment", list(course.assignments()))
def test_public_tests_pass_against_the_reference(assignment, tmp_path):
    release = ROOT / "assignments" / assignment
    reference = ROOT / "examples" / "submissions" / assignment / "reference"
    (tmp_path / "tests").mkdir()
    for test in (release / "tests").iterdir():
        if test.suffix == ".py":
            (tmp_path / "tests" / test.name).write_bytes(test.read_bytes())
    for module in reference.glob("*.py"):
        (tmp_path / module.name).write_bytes(module.read_bytes())
    proc = run_public_tests(tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_notebook_json_is_deterministic():
    cells = build.parse_cells(SOURCE, "m")
    assert build.notebook_json(cells, "a") == build.notebook_json(cells, "a")
    assert json.loads(build.notebook_json(cells, "a"))["nbformat_minor"] == 5
