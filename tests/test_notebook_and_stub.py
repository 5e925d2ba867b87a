"""A folder holding the untouched stub module and a lab notebook with the work is graded on the work."""
import ast
import json
import shutil
import subprocess
import sys

import pytest

from autograder import course, stubs
from autograder.grading import Grader
from autograder.submission import Source, SubmissionError, stage
from tests.conftest import EXAMPLES

A2, A3 = "a2_functions", "a3_gradient"


def stub_notebook(assignment_id: str) -> dict:
    return json.loads((course.release_dir(assignment_id) / f"{assignment_id}.ipynb").read_text(encoding="utf-8"))


def fill(nb: dict, module: str, code: str) -> dict:
    """``nb`` with each definition in ``module``'s tagged code cells replaced by ``code``'s one of
    the same name, as a student who worked in the lab notebook would leave it."""
    definitions = {node.name: ast.get_source_segment(code, node) for node in ast.parse(code).body
                   if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    replaced = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or cell["metadata"].get("autograder", {}).get("module") != module:
            continue
        source = "".join(cell["source"])
        parts = []
        for node in ast.parse(source).body:
            own = ast.get_source_segment(source, node)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in definitions:
                own = definitions[node.name]
                replaced.add(node.name)
            parts.append(own)
        cell["source"] = "\n\n".join(parts) + "\n"
    assert replaced == set(definitions), "every definition of the code has a cell of its own"
    return nb


def reference(assignment_id: str, module: str) -> str:
    return (course.solutions_dir(assignment_id) / f"{module}.py").read_text(encoding="utf-8")


def stub_module(assignment_id: str, module: str) -> str:
    return (course.release_dir(assignment_id) / f"{module}.py").read_text(encoding="utf-8")


def folder(tmp_path, modules: dict[str, str], notebooks: dict[str, dict], name: str = "student"):
    """A student's folder: ``modules`` (name → code) and ``notebooks`` (file name → notebook)."""
    path = tmp_path / name
    path.mkdir(parents=True)
    for name, code in modules.items():
        (path / f"{name}.py").write_text(code, encoding="utf-8")
    for name, nb in notebooks.items():
        (path / name).write_text(json.dumps(nb), encoding="utf-8")
    return path


def staged_text(tmp_path, path, assignment_id, module):
    staged = stage(Source("s", path), course.get(assignment_id), tmp_path / "staged")
    return (staged.directory / f"{module}.py").read_text(encoding="utf-8")


def worked_a2_notebook(code=None) -> dict:
    return fill(stub_notebook(A2), "functions", code or reference(A2, "functions"))


def test_reference_code_in_the_lab_notebook_beside_the_stub_module_scores_full_marks(tmp_path):
    path = folder(tmp_path, {"functions": stub_module(A2, "functions")}, {f"{A2}.ipynb": worked_a2_notebook()})
    result = Grader(A2, jobs=1).grade_one(path)
    assert (result.status, result.score, result.max_score) == ("graded", 37.0, 37.0)


def test_a_stub_module_with_windows_line_endings_is_still_the_stub(tmp_path):
    crlf = stub_module(A2, "functions").replace("\n", "\r\n")
    path = folder(tmp_path, {"functions": crlf}, {"lab.ipynb": worked_a2_notebook()})
    staged = staged_text(tmp_path, path, A2, "functions")
    assert "def sigmoid" in staged and "not implemented yet" not in staged


def test_work_in_both_the_module_and_the_notebook_is_an_error_record_naming_both(tmp_path):
    mistake = (EXAMPLES / A2 / "softmax_no_max_shift" / "functions.py").read_text(encoding="utf-8")
    path = folder(tmp_path, {"functions": mistake}, {"lab.ipynb": worked_a2_notebook()})
    with pytest.raises(SubmissionError) as caught:
        stage(Source("s", path), course.get(A2), tmp_path / "staged")
    assert caught.value.reason["en"] == "both functions.py and lab.ipynb hold work for functions.py; hand in one"
    assert "functions.py" in caught.value.reason["ko"] and "lab.ipynb" in caught.value.reason["ko"]
    assert "하나만 제출하세요" in caught.value.reason["ko"]
    result = Grader(A2, jobs=1).grade_one(path)
    assert (result.status, result.score, result.tests) == ("error", None, [])
    assert result.reason == caught.value.reason["en"]


def test_the_same_work_in_the_module_and_the_notebook_is_graded_once_from_the_module(tmp_path):
    path = folder(tmp_path, {"functions": reference(A2, "functions")}, {"lab.ipynb": worked_a2_notebook()})
    assert staged_text(tmp_path, path, A2, "functions") == reference(A2, "functions")


def test_the_stub_module_beside_the_stub_notebook_is_graded_as_the_stub_without_an_error(tmp_path):
    shutil.copytree(course.release_dir(A2), tmp_path / "student", ignore=shutil.ignore_patterns("tests"))
    path = tmp_path / "student"
    assert staged_text(tmp_path, path, A2, "functions") == stub_module(A2, "functions")
    result = Grader(A2, jobs=1).grade_one(path)
    assert (result.status, result.score) == ("graded", 0.0)


def test_worked_module_beside_the_stub_notebook_is_graded_on_the_module(tmp_path):
    path = folder(tmp_path, {"functions": reference(A2, "functions")}, {f"{A2}.ipynb": stub_notebook(A2)})
    assert staged_text(tmp_path, path, A2, "functions") == reference(A2, "functions")


def test_two_notebooks_with_different_work_are_an_error_record_naming_both(tmp_path):
    mistake = (EXAMPLES / A2 / "softmax_no_max_shift" / "functions.py").read_text(encoding="utf-8")
    path = folder(tmp_path, {"functions": stub_module(A2, "functions")},
                  {"lab.ipynb": worked_a2_notebook(), "lab-Copy1.ipynb": worked_a2_notebook(mistake)})
    result = Grader(A2, jobs=1).grade_one(path)
    assert (result.status, result.score) == ("error", None)
    assert result.reason == "both lab-Copy1.ipynb and lab.ipynb hold work for functions.py; hand in one"


def test_a_second_notebook_that_is_the_stub_does_not_hide_the_work_in_the_first(tmp_path):
    path = folder(tmp_path, {}, {"lab.ipynb": worked_a2_notebook(), "a2_functions.ipynb": stub_notebook(A2)})
    staged = staged_text(tmp_path, path, A2, "functions")
    assert "def sigmoid" in staged and "not implemented yet" not in staged


def test_a_notebook_that_does_not_parse_beside_a_module_leaves_the_module_graded(tmp_path):
    path = folder(tmp_path, {"functions": reference(A2, "functions")}, {})
    (path / "lab.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert staged_text(tmp_path, path, A2, "functions") == reference(A2, "functions")


def a3_folder(tmp_path, *, optimizer_stub: bool):
    """gradient.py worked, optimizer only in the lab notebook (its optimizer.py the stub, or absent)."""
    modules = {"gradient": reference(A3, "gradient")}
    if optimizer_stub:
        modules["optimizer"] = stub_module(A3, "optimizer")
    return folder(tmp_path, modules, {f"{A3}.ipynb": fill(stub_notebook(A3), "optimizer", reference(A3, "optimizer"))})


@pytest.mark.parametrize("optimizer_stub", [True, False], ids=["optimizer.py-stub", "no-optimizer.py"])
def test_each_module_is_staged_from_where_its_work_is(tmp_path, optimizer_stub):
    path = a3_folder(tmp_path, optimizer_stub=optimizer_stub)
    staged = stage(Source("s", path), course.get(A3), tmp_path / "staged")
    assert (staged.directory / "gradient.py").read_text() == reference(A3, "gradient")
    optimizer = (staged.directory / "optimizer.py").read_text()
    assert optimizer != stub_module(A3, "optimizer") and "not implemented yet" not in optimizer
    result = Grader(A3, jobs=1).grade_one(path)
    assert result.status == "graded" and result.score == result.max_score > 0


def check(path, assignment_id=A2, *more):
    """``autograder check`` in a process of its own (in this one, the grader's reference modules
    are already imported under the students' module names)."""
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "check", assignment_id, str(path), *more],
                          capture_output=True, text=True, timeout=120, cwd=path if path.is_dir() else path.parent)
    return done.returncode, done.stdout, done.stderr


def test_autograder_check_on_the_folder_checks_the_notebook_work(tmp_path):
    path = folder(tmp_path, {"functions": stub_module(A2, "functions")}, {f"{A2}.ipynb": worked_a2_notebook()})
    code, out, _ = check(path)
    assert code == 0, out
    assert "All public checks pass" in out


def test_autograder_check_agrees_on_the_a3_folder_and_on_its_notebook(tmp_path):
    path = a3_folder(tmp_path, optimizer_stub=True)
    for target in (path, path / f"{A3}.ipynb"):  # the notebook's own last cell checks the notebook
        code, out, _ = check(target, A3)
        assert code == 0, (target, out)
        assert "All public checks pass" in out


def test_autograder_check_says_when_both_hold_work(tmp_path):
    mistake = (EXAMPLES / A2 / "softmax_no_max_shift" / "functions.py").read_text(encoding="utf-8")
    path = folder(tmp_path, {"functions": mistake}, {"lab.ipynb": worked_a2_notebook()})
    code, _, err = check(path, A2, "--lang", "ko")
    assert code == 2
    assert "functions.py" in err and "lab.ipynb" in err and "하나만 제출하세요" in err


# --- what counts as work ---------------------------------------------------------------------

PART = stubs.student_part("def f(x):\n    y = 1\n    raise NotImplementedError('not implemented yet: f')\n"
                          "    return y\n"
                          "\nclass C:\n    def __init__(self):\n        self.a = 1\n\n    def g(self):\n"
                          "        raise NotImplementedError('not implemented yet: C.g')\n")


def test_the_student_part_is_what_the_stub_leaves_raising():
    assert PART == {"f", "C.g"}


@pytest.mark.parametrize("source, work", [
    ("def f(x):\n    raise NotImplementedError\n", False),
    ("def f(x):\n    y = x\n    for i in y:\n        y += i\n    raise NotImplementedError('x')\n    return y\n",
     False),  # code above the raise, but every call still raises
    ("def f(x):\n    return x\n    raise NotImplementedError('not implemented yet: f')\n", True),
    ("def f(x):\n    if x:\n        return x\n    raise NotImplementedError\n", True),
    ("def f(x):\n    yield x\n    raise NotImplementedError\n", True),
    ("class C:\n    def g(self):\n        return 1\n", True),
    ("class C:\n    def __init__(self):\n        self.a = 2\n", False),  # not the student's part
    ("def f(x):\n    return 1\n\ndef f(x):\n    raise NotImplementedError\n", False),  # the last one counts
    ("def f(x):\n    raise NotImplementedError\n\ndef f(x):\n    return 1\n", True),
    ("def f(x):\n    raise NotImplementedError\n\nf = abs\n", True),
    ("def helper():\n    return 1\n", False),
    ("", False),
    ("def f(x) return", True),  # cannot tell: the student's own syntax error is theirs
    ("(" * 5000 + ")" * 5000, True),
])
def test_work_is_a_function_of_the_student_part_that_can_return(source, work):
    assert stubs.holds_work(source, PART) is work


def test_every_release_stub_and_stub_notebook_holds_no_work_and_every_reference_does():
    from autograder import notebook
    for a in course.assignments().values():
        from_notebook = notebook.extract(course.release_dir(a.id) / f"{a.id}.ipynb", a)
        for m in a.modules:
            part = stubs.student_part(stub_module(a.id, m))
            assert part
            assert not stubs.holds_work(stub_module(a.id, m), part)
            assert not stubs.holds_work(from_notebook[m], part)
            assert stubs.holds_work(reference(a.id, m), part)


def test_the_gradescope_runner_grades_the_notebook_work_beside_the_stub(tmp_path):
    from tests.test_gradescope import results, run_autograder
    bundle = tmp_path / "autograder.zip"
    from autograder import cli
    assert cli.main(["gradescope", A2, "--out", str(bundle), "--no-salt"]) == 0
    files = {"functions.py": stub_module(A2, "functions"), f"{A2}.ipynb": json.dumps(worked_a2_notebook())}
    assert run_autograder(bundle, tmp_path / "root", files).returncode == 0
    assert results(tmp_path / "root")["score"] == 37.0


def without_release_stubs(monkeypatch, tmp_path):
    """From here on, the course's generated stubs are not installed (a student's own machine, say)."""
    monkeypatch.setattr(course, "release_dir", lambda assignment_id: tmp_path / "no-release" / assignment_id)


def test_without_the_course_stub_the_stub_is_still_told_from_the_work(tmp_path, monkeypatch):
    path = folder(tmp_path, {"functions": stub_module(A2, "functions")}, {"lab.ipynb": worked_a2_notebook()})
    without_release_stubs(monkeypatch, tmp_path)
    staged = staged_text(tmp_path, path, A2, "functions")
    assert "def sigmoid" in staged and "not implemented yet" not in staged


def test_without_the_course_stub_two_different_finished_versions_are_still_refused(tmp_path, monkeypatch):
    mistake = (EXAMPLES / A2 / "softmax_no_max_shift" / "functions.py").read_text(encoding="utf-8")
    path = folder(tmp_path, {"functions": mistake}, {"lab.ipynb": worked_a2_notebook()})
    without_release_stubs(monkeypatch, tmp_path)
    with pytest.raises(SubmissionError, match="^both functions.py and lab.ipynb hold work for functions.py"):
        stage(Source("s", path), course.get(A2), tmp_path / "staged")


def test_three_versions_with_work_name_all_three(tmp_path):
    mistake = (EXAMPLES / A2 / "softmax_no_max_shift" / "functions.py").read_text(encoding="utf-8")
    other = (EXAMPLES / A2 / "relu_in_place" / "functions.py").read_text(encoding="utf-8")
    path = folder(tmp_path, {"functions": other},
                  {"lab.ipynb": worked_a2_notebook(), "mine.ipynb": worked_a2_notebook(mistake)})
    with pytest.raises(SubmissionError) as caught:
        stage(Source("s", path), course.get(A2), tmp_path / "staged")
    assert caught.value.reason["en"] == \
        "functions.py, lab.ipynb, mine.ipynb all hold work for functions.py; hand in one"


def test_notebooks_beyond_what_the_grader_reads_are_refused_with_the_reason(tmp_path, monkeypatch):
    from autograder import submission
    monkeypatch.setattr(submission, "MAX_NOTEBOOKS_TOTAL", 2 * len(json.dumps(stub_notebook(A2))))
    path = folder(tmp_path, {"functions": reference(A2, "functions")},
                  {f"n{i}.ipynb": stub_notebook(A2) for i in range(3)})
    with pytest.raises(SubmissionError) as caught:
        stage(Source("s", path), course.get(A2), tmp_path / "staged")
    assert "kB of notebooks" in caught.value.reason["en"] and "노트북" in caught.value.reason["ko"]


def test_autograder_run_grades_each_student_folder_from_where_the_work_is(tmp_path):
    from autograder import cli
    from autograder.writers import results_json
    mistake = (EXAMPLES / A2 / "softmax_no_max_shift" / "functions.py").read_text(encoding="utf-8")
    subs = tmp_path / "subs"
    folder(subs, {"functions": stub_module(A2, "functions")}, {f"{A2}.ipynb": worked_a2_notebook()}, "alice")
    folder(subs, {"functions": mistake}, {f"{A2}.ipynb": worked_a2_notebook()}, "bob")
    # the preflight grades the release folder (stub module and stub notebook): still 0, so run goes on
    assert cli.main(["run", A2, str(subs), "--out", str(tmp_path / "out"), "--quiet", "--jobs", "1"]) == 0
    results = {r.student_id: r for r in results_json.read(tmp_path / "out" / "results.json")}
    assert (results["alice"].status, results["alice"].score) == ("graded", 37.0)
    assert (results["bob"].status, results["bob"].score) == ("error", None)
    assert results["bob"].reason == f"both functions.py and {A2}.ipynb hold work for functions.py; hand in one"


# --- the same work: only what is graded is compared -------------------------------------------

def lab(*cells: str) -> dict:
    """A notebook of untagged code cells, as a student who worked in Jupyter would leave it."""
    return {"metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5,
            "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": i + 1, "source": c}
                      for i, c in enumerate(cells)]}


TRY_OUT = "print(step(np.array([-1.0, 0.0, 2.0])))\nprint(softmax(np.array([0.3, 2.9, 4.0])))"


def test_a_finished_module_beside_the_notebook_it_was_tried_in_is_graded(tmp_path):
    """The red team's C6 folder: the reference module, and a notebook with the same text plus a try-out cell."""
    path = folder(tmp_path, {"functions": reference(A2, "functions")},
                  {"lab.ipynb": lab(reference(A2, "functions"), TRY_OUT)})
    result = Grader(A2, jobs=1).grade_one(path)
    assert (result.status, result.score, result.max_score, result.reason) == ("graded", 37.0, 37.0, None)


def as_cells(code: str) -> list[str]:
    """``code`` one top-level statement a cell, in reverse order (each definition in a cell of its own)."""
    return [ast.get_source_segment(code, node) for node in reversed(ast.parse(code).body)]


SCRATCH = [
    "import numpy as np, matplotlib.pyplot as plt\nx = np.linspace(-5, 5, 101)\nplt.plot(x, sigmoid(x))",
    "def try_all(x):\n    return [f(x) for f in (step, relu, sigmoid)]\n\nx = try_all(np.arange(3))\nx",
    "for x in (-1.0, 0.0, 1.0):\n    print(relu(x), leaky_relu(x, alpha=0.5))",
    "def step(x):\n    return 0  # a first attempt, replaced below",
    "y, t = np.array([0.1, 0.9]), np.array([0, 1])\nCEE(y, t), BCE(y, t)",
    "if __name__ == '__main__':\n    print(MSE(y, t))",
]


def test_try_outs_plots_scratch_and_unused_helpers_in_the_notebook_are_not_other_work(tmp_path):
    code = reference(A2, "functions")
    no_docstrings = ast.unparse(ast.parse(code))  # and comments, in another layout
    notebook = lab(*SCRATCH[:4], *as_cells(no_docstrings), *SCRATCH[4:])
    path = folder(tmp_path, {"functions": code + "\n\nif __name__ == '__main__':\n    print(step(3))\n"},
                  {"lab.ipynb": notebook})
    assert staged_text(tmp_path, path, A2, "functions").startswith(code)  # the module is what is graded
    result = Grader(A2, jobs=1).grade_one(path)
    assert (result.status, result.score, result.max_score) == ("graded", 37.0, 37.0)


def test_a_graded_function_that_differs_between_the_files_is_still_hand_in_one(tmp_path):
    code = reference(A2, "functions")
    changed = code.replace("return np.maximum(0, x)", "return np.where(x > 0, x, 0)")
    assert changed != code
    path = folder(tmp_path, {"functions": code}, {"lab.ipynb": lab(changed, TRY_OUT)})
    with pytest.raises(SubmissionError) as caught:
        stage(Source("s", path), course.get(A2), tmp_path / "staged")
    assert caught.value.reason["en"] == "both functions.py and lab.ipynb hold work for functions.py; hand in one"


WITH_HELPER = "\n\ndef _shifted(x):\n    return x - np.max(x, axis=-1, keepdims=True)\n\n\n" \
              "def softmax(x):\n    e = np.exp(_shifted(np.asarray(x, dtype=float)))\n" \
              "    return e / np.sum(e, axis=-1, keepdims=True)\n"


def test_a_helper_the_graded_functions_call_is_part_of_the_work(tmp_path):
    code = reference(A2, "functions") + WITH_HELPER
    same = folder(tmp_path, {"functions": code}, {"lab.ipynb": lab(code, "print(_shifted(np.arange(3)))")}, "same")
    assert staged_text(tmp_path / "s1", same, A2, "functions") == code
    other_helper = code.replace("return x - np.max(x, axis=-1, keepdims=True)", "return x")
    differ = folder(tmp_path, {"functions": code}, {"lab.ipynb": lab(other_helper, TRY_OUT)}, "differ")
    with pytest.raises(SubmissionError, match="^both functions.py and lab.ipynb hold work for functions.py"):
        stage(Source("s", differ), course.get(A2), tmp_path / "s2")


def test_without_the_course_stub_a_try_out_cell_is_not_other_work_either(tmp_path, monkeypatch):
    path = folder(tmp_path, {"functions": reference(A2, "functions")},
                  {"lab.ipynb": lab(reference(A2, "functions"), TRY_OUT)})
    without_release_stubs(monkeypatch, tmp_path)
    assert staged_text(tmp_path, path, A2, "functions") == reference(A2, "functions")


NAMES = frozenset({"f", "C", "K"})
BASE = ("import numpy as np\nK = 2\n\ndef h(v):\n    return v * K\n\n"
        "def f(x):\n    '''Doc.'''\n    return h(np.abs(x))\n\n"
        "class C:\n    def g(self, x):\n        return f(x) + 1\n")


@pytest.mark.parametrize("other, same", [
    (BASE, True),
    ("import numpy as np, matplotlib.pyplot as plt\n" + BASE.replace("'''Doc.'''", "# no docstring"), True),
    (BASE + "\nx = f(np.arange(3))\nprint(C().g(x))\nplt = None\n", True),          # try-outs
    (BASE + "\ndef unused(x):\n    return 0\n", True),                                # a helper nobody calls
    ("def f(x):\n    return 0\n\n" + BASE, True),                                      # the file's last def counts
    (BASE + "\nx = 7\nfor v in range(3):\n    print(f(v))\n", True),                   # a global named like a local
    (BASE.replace("return v * K", "return v * K * 1"), False),                         # a helper f calls
    (BASE.replace("K = 2", "K = 3"), False),                                           # a graded constant
    (BASE + "\nK = 3\n", False),                                                       # ... redefined later
    (BASE.replace("import numpy as np", "import numpy as np\nimport math as np"), False),
    (BASE.replace("return f(x) + 1", "return f(x) + 2"), False),                       # a method
    (BASE + "\nC.g = lambda self, x: 0\n", False),                                     # a method replaced
    (BASE + "\ndef f(x):\n    return 0\n", False),                                     # a later f
    (BASE.replace("class C:", "class D:"), False),                                     # C missing
    (BASE + "\nfrom math import *\n", False),                                          # could rebind anything
    (BASE + "\ndef f(x) return", False),                                               # does not parse
], ids=["same", "docstring-and-imports", "try-outs", "unused-helper", "earlier-def", "global-named-like-a-local",
        "called-helper-differs", "constant-differs", "constant-redefined", "import-rebound", "method-differs",
        "method-replaced", "later-def", "class-missing", "star-import", "does-not-parse"])
def test_two_files_hold_the_same_work_when_the_graded_definitions_agree(other, same):
    assert stubs.same_work(BASE, other, NAMES) is same
    assert stubs.same_work(other, BASE, NAMES) is same


def test_the_graded_names_are_what_the_stub_defines():
    assert stubs.graded_names(stub_module(A3, "optimizer")) >= {"SGD"}
    assert stubs.graded_names("import numpy as np\nK: int = 2\nA, (B, *C) = 1, (2, 3)\n\ndef f():\n    pass\n\n"
                              "class D:\n    x = 1\n\nif True:\n    E = 1\n") == {"K", "A", "B", "C", "f", "D"}


def test_untagged_cells_with_every_module_beside_every_finished_module_are_graded(tmp_path):
    """Untagged cells count for every module: each module is compared only on what its stub defines."""
    gradient, optimizer = reference(A3, "gradient"), reference(A3, "optimizer")
    path = folder(tmp_path, {"gradient": gradient, "optimizer": optimizer},
                  {"lab.ipynb": lab(gradient, optimizer, "opt = SGD(lr=0.1)\nprint(opt.lr)")})
    result = Grader(A3, jobs=1).grade_one(path)
    assert result.status == "graded" and result.score == result.max_score > 0
