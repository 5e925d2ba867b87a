"""The Gradescope bundle grades /autograder/submission (here a temporary root) into a results.json
that follows Gradescope's schema, and never shows students a hidden test."""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import jsonschema
import pytest

from autograder import cli
from autograder.grading import Grader
from autograder import catalog
from autograder.writers import gradescope_json
from tests.conftest import EXAMPLES
from tests.test_notebooks import code_cells, notebook
from autograder.integrations.gradescope_wheel import wheel_name
from autograder.course import PACKAGE_DIR

A = "a2_functions"
FULL = 37.0
WHEEL = wheel_name(PACKAGE_DIR.parent)
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
# Gradescope's autograder specification, "Output format" (results.json), as a JSON Schema.
SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "score": {"type": "number"},
                "max_score": {"type": "number", "minimum": 0},
                "status": {"enum": ["passed", "failed"]},
                "name": {"type": "string"},
                "number": {"type": "string"},
                "output": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "visibility": VISIBILITY,
                "extra_data": {"type": "object"},
            },
            "required": ["score", "max_score", "status", "name", "output", "visibility"],
            "additionalProperties": False,
        }},
    },
    # the top-level score is "optional, but required if not on each test case": every test has one
    "required": ["execution_time", "output", "tests"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    assert cli.main(["gradescope", A, "--out", str(out), "--no-salt"]) == 0
    return out


def run_autograder(bundle, root, files: dict, metadata: dict | None = None) -> subprocess.CompletedProcess:
    """Lay out Gradescope's /autograder under ``root``, submit ``files`` and run ``run_autograder``."""
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    (root / "submission").mkdir()
    for name, text in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_text(text)
    (root / "submission_metadata.json").write_text(json.dumps(metadata or {"users": [{"email": "bob@uni.edu"}]}))
    env = dict(os.environ, AUTOGRADER_GS_ROOT=str(root), AUTOGRADER_GS_PYTHON=sys.executable)
    env.pop("AUTOGRADER_COURSE", None)
    return subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=300)


def results(root) -> dict:
    data = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(data, SCHEMA)
    return data


def example(name: str) -> str:
    return (EXAMPLES / A / name / "functions.py").read_text()


def test_the_bundle_holds_setup_run_autograder_the_package_and_the_reference(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        config = json.loads(zf.read("gradescope.json"))
    assert {"setup.sh", "run_autograder", "requirements.txt", f"package/{WHEEL}",
            f"course/solutions/{A}/functions.py"} <= names
    assert any(n.startswith(f"course/source_lib/{A}/suite/test_") for n in names)
    assert {"course/course.toml", f"course/source_lib/{A}/assignment.toml", f"course/source_lib/{A}/mistakes.py"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert config == {"assignment": A, "lang": "en", "salt": ""}
    assert not any("__pycache__" in n for n in names)


def test_the_bundle_scripts_are_valid_bash(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(tmp_path)
    for script in ("setup.sh", "run_autograder"):
        assert subprocess.run(["bash", "-n", str(tmp_path / script)]).returncode == 0


def test_the_bundle_is_the_same_zip_every_time(bundle, tmp_path):
    assert cli.main(["gradescope", A, "--out", str(tmp_path / "again.zip"), "--no-salt"]) == 0
    assert (tmp_path / "again.zip").read_bytes() == bundle.read_bytes()


def test_run_autograder_writes_a_results_json_valid_against_the_schema(bundle, tmp_path):
    proc = run_autograder(bundle, tmp_path, {"functions.py": example("softmax_no_max_shift")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = results(tmp_path)
    graded = [t for t in data["tests"] if t["max_score"] > 0]
    assert data["score"] == FULL - 2 == sum(t["score"] for t in graded)
    assert sum(t["max_score"] for t in graded) == FULL
    failing = [t for t in graded if t["status"] == "failed"]
    assert [t["name"] for t in failing] == ["softmax([1000, 1010]) is finite: [4.54e-05, 0.99995]"]
    assert "subtract np.max(x)" in failing[0]["output"]


def test_run_autograder_grades_as_autograder_run_with_the_students_email_as_id(bundle, tmp_path):
    proc = run_autograder(bundle, tmp_path, {"functions.py": example("cee_sign")},
                          {"users": [{"email": "carol@uni.edu", "id": 7, "name": "Carol"}]})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    from autograder.submission import Source
    expected = Grader(A).grade([Source("carol@uni.edu", EXAMPLES / A / "cee_sign")])[0]
    data = results(tmp_path)
    assert data["score"] == expected.score
    assert [(t["name"], t["score"]) for t in data["tests"]] == [(t.name, t.score) for t in expected.tests]


def test_hidden_tests_stay_hidden_from_the_student(bundle, tmp_path):
    printing = example("reference") + "\nprint('debug: called with hidden inputs')\n"
    assert run_autograder(bundle, tmp_path, {"functions.py": printing}).returncode == 0
    data = results(tmp_path)
    by_name = {t["name"]: t for t in data["tests"]}
    for spec in catalog.tests(A):
        assert by_name[spec.title]["visibility"] == spec.visibility
    shown = [t for t in data["tests"] if t["visibility"] == "visible"]
    assert all("debug:" not in t["output"] for t in shown) and "debug:" not in data["output"]
    (printed,) = [t for t in data["tests"] if "printed" in t["name"]]
    assert (printed["visibility"], printed["max_score"]) == ("hidden", 0.0) and "debug:" in printed["output"]
    assert data["stdout_visibility"] == "hidden" and str(data["score"]) not in data["output"]


def test_a_notebook_or_a_folder_is_graded_like_the_module(bundle, tmp_path):
    nb = notebook(code_cells(example("softmax_no_max_shift")))
    for i, files in enumerate(({"lab.ipynb": nb}, {"a2/functions.py": example("softmax_no_max_shift")})):
        root = tmp_path / str(i)
        assert run_autograder(bundle, root, files).returncode == 0
        assert results(root)["score"] == FULL - 2


def test_an_unreadable_notebook_gets_no_score_and_the_reason(bundle, tmp_path):
    assert run_autograder(bundle, tmp_path, {"lab.ipynb": '{"cells": ['}).returncode == 0
    data = results(tmp_path)
    assert ("score" in data, data["tests"], data["extra_data"]) == (False, [], {"status": "error"})
    assert "lab.ipynb is not a readable notebook" in data["output"]


def test_a_grader_failure_writes_results_that_say_so_with_no_score(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(tmp_path / "broken")
    shutil.rmtree(tmp_path / "broken" / "course")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        for path in sorted((tmp_path / "broken").rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(tmp_path / "broken").as_posix())
    proc = run_autograder(broken, tmp_path / "root", {"functions.py": example("reference")})
    assert proc.returncode == 1 and "autograder failure" in proc.stdout
    data = json.loads((tmp_path / "root" / "results" / "results.json").read_text())
    jsonschema.validate(data, SCHEMA)
    assert "score" not in data and all(t["max_score"] == 0 for t in data["tests"])
    assert "autograder failed" in data["output"] and "not your fault" in data["output"]
    assert data["extra_data"] == {"status": "grader_failed"}
    assert all(t["visibility"] == "hidden" for t in data["tests"])  # the traceback is for staff


def test_a_test_the_grader_could_not_run_shows_the_student_a_note_and_staff_the_traceback():
    result = Grader(A).grade_one(EXAMPLES / A / "reference")
    broken = dataclasses.replace(result.tests[0], score=0.0, status="grader_failed",
                                 feedback="the autograder could not run this test (not your fault)",
                                 grader_error="Traceback: KeyError")
    record = dataclasses.replace(result, tests=[broken] + result.tests[1:]).settled()
    assert (record.status, record.score) == ("grader_failed", None)
    data = gradescope_json.to_dict(record)
    jsonschema.validate(data, SCHEMA)
    assert "score" not in data and "autograder failed" in data["output"]
    assert all("Traceback" not in t["output"] for t in data["tests"] if t["visibility"] != "hidden")
    (staff,) = [t for t in data["tests"] if "Traceback: KeyError" in t["output"]]
    assert (staff["visibility"], staff["max_score"]) == ("hidden", 0.0)


def test_the_bundle_is_refused_without_a_salt_unless_no_salt_is_given(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("AUTOGRADER_SALT", raising=False)
    out = tmp_path / "autograder.zip"
    assert cli.main(["gradescope", A, "--out", str(out)]) == 2
    assert "needs a salt" in capsys.readouterr().err and not out.exists()
    assert cli.main(["gradescope", A, "--out", str(out), "--salt", ""]) == 2
    assert cli.main(["gradescope", A, "--out", str(out), "--lang", "ko"]) == 2
    assert "솔트" in capsys.readouterr().err and not out.exists()
    with pytest.raises(SystemExit) as exit_:
        cli.main(["gradescope", A, "--out", str(out), "--salt", "s", "--no-salt"])
    assert exit_.value.code == 2
    assert cli.main(["gradescope", A, "--out", str(out), "--salt", "course secret"]) == 0
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("gradescope.json"))["salt"] == "course secret"
    monkeypatch.setenv("AUTOGRADER_SALT", "from the environment")
    assert cli.main(["gradescope", A, "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("gradescope.json"))["salt"] == "from the environment"


def pinned(zf) -> dict[str, str]:
    lines = zf.read("requirements.txt").decode().splitlines()
    return dict(line.split("==") for line in lines if line and not line.startswith("#"))


def test_requirements_pin_what_grading_imports_and_nothing_else(bundle):
    from importlib.metadata import version
    with zipfile.ZipFile(bundle) as zf:
        pins = pinned(zf)
    assert set(pins) == {"numpy", "pytest", "iniconfig", "packaging", "pluggy", "Pygments"}
    assert all(pins[name] == version(name) for name in pins)


def test_a_course_that_imports_the_digits_pins_scikit_learn(tmp_path):
    assert cli.main(["gradescope", "a5_two_layer_net", "--out", str(tmp_path / "a5.zip"), "--no-salt"]) == 0
    with zipfile.ZipFile(tmp_path / "a5.zip") as zf:
        pins = pinned(zf)
    assert {"numpy", "pytest", "scikit-learn", "scipy"} <= set(pins)
    assert not {"nbgrader", "nbformat", "matplotlib", "rich", "jupyterlab", "notebook"} & set(pins)


def test_a_course_import_that_is_not_installed_is_refused_with_the_file_that_imports_it():
    from autograder.integrations import gradescope
    with pytest.raises(gradescope.MissingPackage, match="figures.py imports no_such_package_here"):
        gradescope.needed({"course/figures.py": b"import numpy\nimport no_such_package_here\n"})
    assert gradescope.needed({"a.py": b"import os, b\nfrom autograder.datasets import x\n", "b.py": b""}) == [
        *gradescope.GRADING, "scikit-learn"]


def test_the_wheel_holds_the_templates_and_a_record_that_matches(bundle, tmp_path):
    import base64
    import hashlib
    with zipfile.ZipFile(bundle) as zf:
        (tmp_path / WHEEL).write_bytes(zf.read(f"package/{WHEEL}"))
        pins = pinned(zf)
    with zipfile.ZipFile(tmp_path / WHEEL) as whl:
        names = whl.namelist()
        info = WHEEL.split("-py3")[0] + ".dist-info"
        assert {"autograder/templates/suite_pytest.ini", "autograder/integrations/gradescope_run.py",
                f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD", f"{info}/entry_points.txt"} <= set(names)
        assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
        requires = [line.split(": ", 1)[1] for line in whl.read(f"{info}/METADATA").decode().splitlines()
                    if line.startswith("Requires-Dist: ")]
        assert requires == [f"{name}=={v}" for name, v in pins.items()]
        record = [line.split(",") for line in whl.read(f"{info}/RECORD").decode().splitlines()]
        assert sorted(name for name, *_ in record) == sorted(names)
        for name, digest, size in record:
            if digest:
                data = whl.read(name)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert (digest, int(size)) == (f"sha256={expected}", len(data)), name
