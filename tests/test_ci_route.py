"""The CI route: `autograder run ... --fail-under SCORE` exits 3 when a submission of the batch scores
below SCORE or is not graded, so a CI step goes red; the JUnit file from `export --junit` names the
failing tests. Real runs of bundled examples through `autograder.cli.main`."""
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograder import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "submissions" / "a1_perceptron"
A = "a1_perceptron"
MISTAKE = "train_update_sign"  # scores 11/19


@pytest.fixture
def run(tmp_path, capsys):
    """``run(folder, *options)`` → (exit code, stderr) of ``autograder run a1_perceptron folder``."""
    def call(folder, *options, preflight=False):
        argv = ["run", A, str(folder), "--out", str(tmp_path / "out"), "--quiet", "--jobs", "1", "--force",
                *([] if preflight else ["--no-preflight"]), *options]
        code = cli.main(argv)
        return code, capsys.readouterr().err
    return call


def _class(tmp_path, *students) -> Path:
    folder = tmp_path / "class"
    for student in students:
        shutil.copytree(EXAMPLES / student, folder / student)
    return folder


def test_the_reference_passes_full_marks(run):
    code, err = run(EXAMPLES / "reference", "--fail-under", "100%", preflight=True)
    assert code == 0 and "--fail-under" not in err
    assert run(EXAMPLES / "reference", "--fail-under", "19")[0] == 0


def test_a_mistake_goes_red_and_is_named(run):
    code, err = run(EXAMPLES / MISTAKE, "--fail-under", "100%")
    assert code == 3
    assert "--fail-under 100%: 1 of 1 submission(s) scored below it or were not graded (exit code 3)" in err
    assert f"  {MISTAKE}: 11/19" in err
    assert run(EXAMPLES / MISTAKE)[0] == 0  # without --fail-under the scores do not set the exit code


def test_the_threshold_is_points_or_a_share_of_the_maximum(run):
    assert run(EXAMPLES / MISTAKE, "--fail-under", "11")[0] == 0  # 11/19 is not below 11
    assert run(EXAMPLES / MISTAKE, "--fail-under", "11.5")[0] == 3
    assert run(EXAMPLES / MISTAKE, "--fail-under", "57%")[0] == 0  # 11/19 = 57.9 %
    assert run(EXAMPLES / MISTAKE, "--fail-under", "58%")[0] == 3


def test_one_low_submission_in_a_class_turns_the_step_red_and_only_it_is_listed(run, tmp_path):
    code, err = run(_class(tmp_path, "reference", MISTAKE), "--fail-under", "19")
    assert code == 3 and "1 of 2 submission(s)" in err
    assert f"  {MISTAKE}: 11/19" in err and "  reference:" not in err


def test_a_submission_that_cannot_be_graded_goes_red_whatever_the_threshold(run, tmp_path):
    folder = tmp_path / "class" / "eve"
    folder.mkdir(parents=True)
    (folder / "a1_perceptron.ipynb").write_text("{not json", encoding="utf-8")
    code, err = run(tmp_path / "class", "--fail-under", "0")
    assert code == 3 and "  eve: error" in err


def test_a_threshold_that_is_not_a_number_is_bad_usage(run, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", A, str(EXAMPLES / "reference"), "--fail-under", "most"])
    assert exc.value.code == 2 and "wants points (37) or a percentage (90%)" in capsys.readouterr().err


def test_the_junit_file_of_a_red_run_names_the_failing_tests(run, tmp_path, capsys):
    assert run(_class(tmp_path, "reference", MISTAKE), "--fail-under", "100%")[0] == 3
    assert cli.main(["export", str(tmp_path / "out" / "results.json"), "--junit", str(tmp_path / "junit.xml")]) == 0
    assert capsys.readouterr().out == ""  # no "Points X/Y" line: nothing reads one
    suites = {s.get("name"): s for s in ET.parse(tmp_path / "junit.xml").getroot()}
    assert set(suites) == {f"{A}/reference", f"{A}/{MISTAKE}"}
    assert suites[f"{A}/reference"].get("failures") == "0" == suites[f"{A}/reference"].get("errors")
    red = suites[f"{A}/{MISTAKE}"]
    assert int(red.get("failures")) + int(red.get("errors")) > 0
    props = {p.get("name"): p.get("value") for p in red.find("properties")}
    assert props["score"] == "11" and props["max_score"] == "19"


def test_no_document_claims_github_classroom_reads_a_points_line():
    root = Path(__file__).resolve().parent.parent
    for path in (root / "README.md", root / "docs" / "workflows.md", root / "autograder" / "writers" / "junit_xml.py"):
        text = path.read_text(encoding="utf-8")
        assert "Points 31/37" not in text and "Points X/Y` line" not in text, path
