"""The nbgrader course made from source_lib goes through nbgrader's own commands
(generate_assignment → autograde → export), and nbgrader's scores are autograder's, test by test."""
import csv
import dataclasses
import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator

from autograder import build, cli
from autograder import course as autograder_course
from autograder import mistakes as declared_mistakes
from autograder import catalog
from autograder.integrations import nbgrader_cells, nbgrader_course
from autograder.integrations.nbgrader_gradebook import GradebookMismatch, write_scores
from autograder.results import Result
from autograder.writers import results_json
from tests.conftest import ROOT

A = "a2_functions"
FULL = 37.0
# student → the bundled mistakes in their notebook: bob's softmax overflows (a test worth 2 scores 0)
# and his relu writes into its input (a test worth 2 scores 1.6: nbgrader's partial credit)
STUDENTS = {"alice": [], "bob": ["softmax_no_max_shift", "relu_in_place"]}
MUTATION_TEST = "test_activations_leave_their_input_unchanged"


def nbgrader(course, *args) -> None:
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def answered(release: dict, source: dict, edits: list) -> dict:
    """The released notebook with every solution cell answered as in the source (edits applied)."""
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: build.transform("".join(c["source"]), "solution")
                 for c in source["cells"] if c["metadata"].get("nbgrader", {}).get("solution")}
    nb = json.loads(json.dumps(release))
    applied = 0
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            text = solutions[meta["grade_id"]] + "\n"
            for old, new in edits:
                applied += text.count(old)
                text = text.replace(old, new)
            cell["source"] = text
    assert applied == len(edits)
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course laid out by `autograder nbgrader-course`, released, submitted, autograded, exported."""
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    nbgrader_course.ensure_kernel()
    assert cli.main(["nbgrader-course", str(course), "--assignment", A]) == 0
    nbgrader(course, "generate_assignment", A, "--force")
    source = json.loads((course / "source" / A / f"{A}.ipynb").read_text())
    release = json.loads((course / "release" / A / f"{A}.ipynb").read_text())
    edits = {m.id: m.edits for m in declared_mistakes.of(autograder_course.get(A))}
    for student, names in STUDENTS.items():
        nb = answered(release, source, [edit for name in names for edit in edits[name]])
        for path in (course / "submitted" / student / A / f"{A}.ipynb", course.parent / "flat" / f"{student}.ipynb"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(nb))
    nbgrader(course, "autograde", A, "--create")
    nbgrader(course, "export")
    return course


@pytest.fixture(scope="module")
def run_results(course):
    """What `autograder run` gives the same notebooks: {student: Result}."""
    out = course.parent / "run"
    assert cli.main(["run", A, str(course.parent / "flat"), "--out", str(out), "--quiet", "--jobs", "2"]) == 0
    return {r.student_id: r for r in results_json.read(out / "results.json")}


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory):
    """A new gradebook file (nbgrader runs alembic, seconds, to make one: so once)."""
    path = tmp_path_factory.mktemp("gradebook") / "empty.db"
    with Gradebook(f"sqlite:///{path}"):
        pass
    return path


@pytest.fixture
def fresh_db(empty_gradebook, tmp_path) -> str:
    shutil.copyfile(empty_gradebook, tmp_path / "gradebook.db")
    return f"sqlite:///{tmp_path / 'gradebook.db'}"


def gradebook(course) -> Gradebook:
    return Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dlfs")


def exported(course) -> dict:
    with open(course / "grades.csv", newline="") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


def test_the_course_notebook_is_valid_nbformat_with_one_test_cell_per_suite_test(course):
    nb = nbformat.read(course / "source" / A / f"{A}.ipynb", as_version=4)
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)
    graded = {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points
              for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert graded == {nbgrader_course.grade_id(A, s): s.points for s in catalog.tests(A)}
    assert sum(graded.values()) == FULL


def test_the_released_notebook_hides_the_solutions_and_the_hidden_tests(course):
    text = (course / "release" / A / f"{A}.ipynb").read_text()
    specs = catalog.tests(A)
    assert "BEGIN SOLUTION" not in text and "np.max(x, axis=-1, keepdims=True)" not in text
    assert "raise NotImplementedError()" in text
    assert all(s.id in text for s in specs if s.visibility == "visible")
    assert not any(s.id in text or s.title in text for s in specs if s.visibility != "visible")


def test_nbgrader_gives_the_reference_notebook_full_marks(course):
    alice = exported(course)["alice"]
    assert (float(alice["score"]), float(alice["max_score"])) == (FULL, FULL)


@pytest.mark.parametrize("student", sorted(STUDENTS))
def test_nbgrader_scores_each_test_as_autograder_run_does(course, run_results, student):
    result = run_results[student]
    assert float(exported(course)[student]["score"]) == result.score
    with gradebook(course) as gb:
        nbgrader_scores = {s.id: gb.find_grade(nbgrader_course.grade_id(A, s), A, A, student).score
                           for s in catalog.tests(A)}
    assert nbgrader_scores == {s.id: t.score for s, t in catalog.pair(result, catalog.tests(A))}


def test_a_buggy_notebook_loses_in_nbgrader_what_it_loses_in_autograder_run(course, run_results):
    assert run_results["bob"].score == pytest.approx(FULL - 2 - 0.4)
    assert float(exported(course)["bob"]["score"]) == pytest.approx(FULL - 2 - 0.4)
    with gradebook(course) as gb:
        spec = next(s for s in catalog.tests(A) if s.id == MUTATION_TEST)
        assert gb.find_grade(nbgrader_course.grade_id(A, spec), A, A, "bob").score == pytest.approx(1.6)


def test_a_test_cell_returns_the_score_and_raises_for_no_points(course, run_results, monkeypatch):
    monkeypatch.chdir(course / "autograded" / "bob" / A)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.delenv(nbgrader_cells.STUDENT_ENV, raising=False)
    nbgrader_cells._graded.clear()
    assert nbgrader_cells.run_test(A, "test_softmax_lecture_values") == 2.0
    with pytest.raises(nbgrader_cells.TestFailed, match="contains NaN or inf"):
        nbgrader_cells.run_test(A, "test_softmax_is_stable_for_large_inputs")
    with pytest.raises(nbgrader_cells.GraderError, match="no test 'test_nothing'"):
        nbgrader_cells.run_test(A, "test_nothing")
    assert len(nbgrader_cells._graded) == 1  # the notebook was graded once for all three cells


def test_a_test_cell_outside_nbgrader_without_the_reference_points_to_autograder_check(monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(nbgrader_cells, "_reference_present", lambda assignment_id: False)
    assert nbgrader_cells.run_test(A, "test_softmax_lecture_values") is None
    assert f"autograder check {A} {A}.ipynb" in capsys.readouterr().out


def test_write_scores_fills_a_fresh_gradebook_with_autograder_run_scores(fresh_db, run_results):
    written = write_scores(list(run_results.values()), fresh_db)
    assert written.scores == {(A, s): r.score for s, r in run_results.items()}
    with Gradebook(fresh_db) as gb:
        totals = {d["student"]: (d["score"], d["max_score"]) for d in gb.submission_dicts(A)}
    assert totals == {s: (r.score, FULL) for s, r in run_results.items()}


def test_write_scores_into_the_autograded_course_keeps_nbgraders_scores(course, run_results):
    write_scores(list(run_results.values()), f"sqlite:///{course / 'gradebook.db'}")
    with gradebook(course) as gb:
        totals = {d["student"]: d["score"] for d in gb.submission_dicts(A)}
    assert totals == {s: float(row["score"]) for s, row in exported(course).items()}


def test_write_scores_never_turns_a_grader_failure_into_a_zero(fresh_db, run_results):
    alice, bob = run_results["alice"], run_results["bob"]
    broken = dataclasses.replace(alice.tests[0], score=0.0, status="grader_failed", grader_error="Traceback ...")
    failed = dataclasses.replace(alice, tests=[broken] + alice.tests[1:], score=alice.score - broken.max_score)
    lost = Result.grader_failure("dave", A, 0.0, "not graded: the grader lost 1 submission(s)")
    written = write_scores([failed.settled(), lost, bob], fresh_db)
    assert list(written.scores) == [(A, "bob")]
    assert [line.split(":")[0] for line in written.skipped] == ["alice", "dave"]
    assert all(": grader_failed (" in line for line in written.skipped)
    with Gradebook(fresh_db) as gb:
        assert {s.id for s in gb.students} == {"bob"}  # nothing at all written for alice or dave


def test_write_scores_refuses_an_assignment_without_the_suites_grade_cells(fresh_db, run_results):
    with Gradebook(fresh_db) as gb:
        gb.add_assignment(A)
        gb.add_notebook(A, A)
    with pytest.raises(GradebookMismatch, match="no grade cell 'test_step_lecture_example'"):
        write_scores([run_results["alice"]], fresh_db)
