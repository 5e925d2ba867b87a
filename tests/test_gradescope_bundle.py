"""The Gradescope bundle installs from itself alone into a fresh venv (its pinned requirements.txt
from the package registry, the engine's wheel from the bundle with --no-deps), runs setup.sh's
preflight there, and grades under a temporary /autograder exactly as `autograder` grades here.

Slow (a venv and a pip install): about 30 s with a warm pip cache."""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import cli
from autograder.grading import Grader
from autograder.submission import Source
from tests.conftest import EXAMPLES
from tests.test_notebooks import code_cells, notebook

A = "a2_functions"
SALT = "a course secret"
LEFT_OUT = {"nbgrader", "nbformat", "jupyterlab", "notebook", "jupyter-server", "matplotlib", "rich",
            "scikit-learn", "scipy", "ipython"}
MAX_PACKAGES = 12  # numpy, pytest and its four, the engine, pip, setuptools (Python < 3.12): 9 today
MAX_MB = 160  # numpy is most of it: 112 MB today


def clean_env(root: Path) -> dict:
    """This environment without anything that would let the venv see this checkout or its packages."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "AUTOGRADER_", "VIRTUAL_ENV", "PIP_REQUIRE"))}
    return dict(env, AUTOGRADER_GS_ROOT=str(root))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(root, setup.sh's output): the bundle unzipped into root/source and setup.sh run under root."""
    root = tmp_path_factory.mktemp("autograder")
    bundle = root.parent / "autograder.zip"
    assert cli.main(["gradescope", A, "--out", str(bundle), "--salt", SALT]) == 0
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):
        (root / "source" / script).chmod(0o755)
    env = dict(clean_env(root), AUTOGRADER_GS_BASE_PYTHON=sys.executable)
    proc = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, cwd=root,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root, proc.stdout


def venv_python(root: Path) -> str:
    return str(root / "venv" / "bin" / "python")


def submit(root: Path, files: dict) -> dict:
    """Hand in ``files`` as Gradescope does and run run_autograder; its results.json."""
    submission = root / "submission"
    if submission.exists():
        for path in sorted(submission.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    submission.mkdir(exist_ok=True)
    for name, text in files.items():
        (submission / name).write_text(text)
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"email": "dana@uni.edu"}]}))
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=clean_env(root), cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


@pytest.mark.slow
def test_setup_installs_only_the_pins_and_the_engine_from_the_bundle(installed):
    root, output = installed
    assert "autograder preflight passed" in output
    listing = subprocess.run([venv_python(root), "-m", "pip", "list", "--format=json"], capture_output=True,
                             text=True, check=True, env=clean_env(root)).stdout
    have = {p["name"].lower(): p["version"] for p in json.loads(listing)}
    pins = dict(line.lower().split("==") for line in (root / "source" / "requirements.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    assert set(have) - {"pip", "setuptools"} == {*pins, "dlfs-autograder"}
    assert all(have[name] == version for name, version in pins.items())
    assert not LEFT_OUT & set(have)
    where = subprocess.run([venv_python(root), "-c", "import autograder; print(autograder.__file__)"],
                           cwd="/", capture_output=True, text=True, check=True, env=clean_env(root)).stdout
    assert Path(where.strip()).is_relative_to(root / "venv")
    check = subprocess.run([venv_python(root), "-m", "pip", "check"], capture_output=True, text=True,
                           env=clean_env(root))
    assert check.returncode == 0, check.stdout
    size = sum(p.stat().st_size for p in (root / "venv").rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nGradescope venv: {len(have)} packages, {size / 1e6:.0f} MB")
    assert len(have) <= MAX_PACKAGES and size < MAX_MB * 1e6


@pytest.mark.slow
@pytest.mark.parametrize("example", ["softmax_no_max_shift", "cee_sign"])
def test_run_autograder_in_the_venv_scores_as_autograder_does(installed, example):
    root, _ = installed
    folder = EXAMPLES / A / example
    data = submit(root, {"functions.py": (folder / "functions.py").read_text()})
    expected = Grader(A, salt=SALT).grade([Source("dana@uni.edu", folder)])[0]
    assert data["score"] == expected.score
    # the staff-only "what the submission printed" entry is results.json's own (0 points)
    assert [(t["name"], t["score"], t["max_score"]) for t in data["tests"] if t["max_score"]] == [
        (t.name, t.score, t.max_score) for t in expected.tests]


@pytest.mark.slow
def test_a_notebook_is_graded_in_the_venv_without_nbformat(installed):
    root, _ = installed
    folder = EXAMPLES / A / "softmax_no_max_shift"
    data = submit(root, {"lab.ipynb": notebook(code_cells((folder / "functions.py").read_text()))})
    assert data["score"] == Grader(A, salt=SALT).grade([Source("dana@uni.edu", folder)])[0].score
