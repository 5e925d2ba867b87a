"""The lab notebook's check (``autograder.lab.check``) checks the functions the kernel holds now.

Each run is a fresh ``python -c`` that imitates a kernel: cells run in ``__main__`` of a process
whose working folder is a copy of the released assignment (its saved ``functions.py`` is the
untouched stub), then ``check("a2_functions")``. A subprocess, because in this process the
grader's earlier imports would leak into the public tests. The last test runs the real lab
notebook in a Jupyter kernel when one is available.
"""
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from autograder import course
from autograder.feedback import messages
from autograder.feedback.misconceptions import hints
from tests.conftest import EXAMPLES

A2 = "a2_functions"
MARK = "=== next check ==="

CORRECT = '''
import numpy as np

def step(x):
    return (np.asarray(x) > 0).astype(int)

def relu(x):
    return np.maximum(0, x)
'''
CEE_WITHOUT_MINUS = '''
def CEE(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size) if np.ndim(t) else np.array([t])
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    n = y.shape[0]
    return np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n
'''
CEE_RIGHT = CEE_WITHOUT_MINUS.replace("return np.sum", "return -np.sum")


@pytest.fixture
def student(tmp_path):
    """The student's folder: the release as handed out (stub module, lab notebook, public tests)."""
    folder = tmp_path / "student"
    shutil.copytree(course.release_dir(A2), folder)
    return folder


def kernel(folder, *cells: str, lang=None) -> list[str]:
    """Run ``cells`` in ``__main__`` of a new process in ``folder``; each ``CHECK`` cell prints one
    check's output. Returns each check's output, then what came after the last one."""
    code = "\n".join(textwrap.dedent(c) for c in cells)
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_LANG"}
    if lang:
        env["AUTOGRADER_LANG"] = lang
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=folder,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout.split(MARK + "\n")


CHECK = f'from autograder.lab import check\ncheck("{A2}")\nprint("{MARK}")\n'
AFTER = 'import sys\nprint(sorted(m for m in ("functions", "conftest", "test_functions") if m in sys.modules), ' \
        '"sigmoid" in globals())\n'


def test_correct_definitions_pass_and_the_rest_is_not_implemented_yet(student):
    first, after = kernel(student, CORRECT + CEE_WITHOUT_MINUS, CHECK, AFTER)
    assert first.startswith(messages.render("lab_checking", "en"))
    assert "✓ step([-1, 0, 2]) gives the integers [0, 0, 1]" in first
    assert "✓ relu([-2, 0, 3]) is [0, 0, 3]" in first
    assert "✗ sigmoid of a (2, 3) array of zeros is 0.5 everywhere, in shape (2, 3)\n" \
           "    not implemented yet: sigmoid\n" in first
    assert "not implemented yet: BCE" in first and "NameError" not in first
    cee = first.split("✗ CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725\n")[1].splitlines()[0]
    assert "you returned -1.203972" in cee and "expected 1.203972" in cee
    assert hints()["cee_sign"]["en"] in cee
    assert "2 of 15 public checks pass." in first
    assert after.strip() == "[] False"  # no module of the check is left behind, nor its stand-ins


def test_an_unsaved_change_is_what_is_checked(student):
    first, second, _ = kernel(student, CORRECT + CEE_WITHOUT_MINUS, CHECK, CEE_RIGHT, CHECK)
    assert "✗ CEE([[0.7, 0.3]], [1]) with the class index gives the same 1.2039725" in first
    assert "2 of 15 public checks pass." in first
    assert "✓ CEE([0.7, 0.3], [0, 1]) is -log(0.3 + 1e-7) = 1.2039725" in second
    assert "✓ CEE([[0.7, 0.3]], [1]) with the class index gives the same 1.2039725" in second
    assert "4 of 15 public checks pass." in second


def test_every_function_defined_passes_and_the_saved_stub_is_not_read(student):
    reference = (EXAMPLES / A2 / "reference" / "functions.py").read_text(encoding="utf-8")
    keep = 'import functions as saved\n'  # the kernel imported the saved stub: it is put back afterwards
    restored = 'import sys\nprint(sys.modules["functions"] is saved)\n'
    out, after = kernel(student, keep, reference, CHECK, restored)
    assert "15 of 15 public checks pass." in out and messages.render("check_done", "en") in out
    assert "✗" not in out
    assert after.strip() == "True"


def test_a_function_calling_one_not_defined_yet_says_which(student):
    rmse = 'import numpy as np\ndef RMSE(y, t):\n    return np.sqrt(SSE(y, t) / np.size(y))\n'
    out, _ = kernel(student, rmse, CHECK)
    assert "✗ RMSE([2.7, 4.2, 5.5], [3, 4, 5]) is sqrt(0.38 / 3) = 0.355903\n" \
           "    not implemented yet: SSE\n" in out


def test_korean_and_the_assignment_read_from_the_lab_notebook(student, tmp_path):
    bare = 'from autograder.lab import check\ncheck()\nprint("' + MARK + '")\n'
    out, _ = kernel(student, CORRECT, bare, lang="ko")  # the folder's only lab notebook names a2
    assert out.startswith(messages.render("lab_checking", "ko"))
    assert "아직 구현되지 않았습니다: sigmoid" in out and "공개 테스트 15개 중 2개 통과." in out
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    out, _ = kernel(empty, CORRECT, bare)
    assert out.strip() == messages.render("lab_which_assignment", "en")
    out, _ = kernel(empty, CORRECT, CHECK)  # no tests/ here: the course's released ones
    assert "2 of 15 public checks pass." in out


def test_a_module_calling_check_does_nothing(student):
    # A lab cell graded as a module (its code copied without its tag) must not run the tests.
    code = 'ns = {"__name__": "functions"}\nexec(' + repr(CHECK.replace(MARK, "")) + ', ns)\n'
    out, = kernel(student, code)
    assert out.strip() == ""


@pytest.mark.slow
def test_the_generated_lab_cell_checks_the_live_kernel(student):
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed")
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        KernelSpecManager().get_kernel_spec("python3")
    except Exception as exc:  # noqa: BLE001  (any reason there is no kernel to run)
        pytest.skip(f"no python3 Jupyter kernel available: {exc}")
    nb = nbformat.read(student / f"{A2}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith("def step("))
    cell.source = "def step(x):\n    return (np.asarray(x) > 0).astype(int)"  # filled in, never saved
    assert nb.cells[-1].source == f'from autograder.lab import check\ncheck("{A2}")'
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(student)}})
    try:
        client.execute()
    except Exception as exc:  # noqa: BLE001
        if "No module named 'autograder'" in str(exc):
            pytest.skip("the Jupyter kernel runs a Python without this package")
        raise
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert "✓ step([-1, 0, 2]) gives the integers [0, 0, 1]" in out
    assert "not implemented yet: sigmoid" in out and "1 of 15 public checks pass." in out


def test_a_name_a_cell_imported_from_the_saved_file_is_pointed_out(student):
    # As the a5 lab's `from two_layer_net import TwoLayerNet` does: the saved stub replaces the cell's own.
    out, _ = kernel(student, CORRECT, "from functions import step\n", CHECK)
    assert messages.render("lab_from_file", "en", names="step", file="functions.py") in out
    assert "✗ step([-1, 0, 2]) gives the integers [0, 0, 1]\n    not implemented yet: step\n" in out
