"""`autograder run` never silently replaces another batch's results: --update merges, --force replaces."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from autograder import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "a1_perceptron"
A = "a1_perceptron"


def section(tmp_path: Path, name: str, students: dict[str, str]) -> Path:
    folder = tmp_path / name
    for student, example in students.items():
        shutil.copytree(EXAMPLES / example, folder / student)
    return folder


def grades(out: Path) -> dict[str, tuple[str, str]]:
    return {r["student_id"]: (r["score"], r["status"]) for r in csv.DictReader((out / "grades.csv").open())}


def test_another_batch_in_out_is_refused_then_merged_with_update_or_replaced_with_force(tmp_path, capsys):
    out = tmp_path / "out"
    monday = section(tmp_path, "monday", {"alice": "reference", "bob": "stub"})
    tuesday = section(tmp_path, "tuesday", {"bob": "reference", "carol": "reference"})
    base = ["run", A, "--jobs", "1", "--quiet", "--no-preflight", "--out", str(out)]
    assert cli.main(base[:2] + [str(monday)] + base[2:]) == 0
    first = grades(out)
    assert first == {"alice": ("19", "graded"), "bob": ("0", "graded")}

    capsys.readouterr()
    assert cli.main(base[:2] + [str(tuesday)] + base[2:]) == 2
    err = capsys.readouterr().err
    assert "--update" in err and "--force" in err and str(monday.resolve()) in err
    assert grades(out) == first  # nothing replaced

    assert cli.main(base[:2] + [str(tuesday)] + base[2:] + ["--update"]) == 0
    assert grades(out) == {"alice": ("19", "graded"), "bob": ("19", "graded"), "carol": ("19", "graded")}

    assert cli.main(base[:2] + [str(monday)] + base[2:] + ["--force"]) == 0
    assert grades(out) == first


def test_re_running_the_same_batch_into_its_own_out_is_allowed(tmp_path):
    out = tmp_path / "out"
    monday = section(tmp_path, "monday", {"alice": "reference"})
    args = ["run", A, str(monday), "--jobs", "1", "--quiet", "--no-preflight", "--out", str(out)]
    assert cli.main(args) == 0 and cli.main(args) == 0
    assert grades(out) == {"alice": ("19", "graded")}


def test_a_submission_cannot_see_the_other_students_originals_nor_the_out_folder(tmp_path):
    out = tmp_path / "out"
    subs = section(tmp_path, "subs", {"bob": "reference"})
    probe = f'''
import os
for path in ({str(subs / "bob" / "perceptron.py")!r}, {str(out / "batch.json")!r}):
    try:
        os.stat(path)
        print("VISIBLE", path)
    except OSError as exc:
        print("hidden", type(exc).__name__)
for folder in ({str(subs)!r}, {str(out)!r}):  # a mask over each: empty, or not even listable
    try:
        print("hidden" if not os.listdir(folder) else "VISIBLE " + folder)
    except OSError as exc:
        print("hidden", type(exc).__name__)
'''
    (subs / "alice").mkdir()
    (subs / "alice" / "perceptron.py").write_text((EXAMPLES / "reference" / "perceptron.py").read_text() + probe)
    assert cli.main(["run", A, str(subs), "--jobs", "1", "--quiet", "--no-preflight", "--out", str(out)]) == 0
    from autograder.writers import results_json

    alice = next(r for r in results_json.read(out / "results.json") if r.student_id == "alice")
    assert alice.output.count("hidden") >= 4 and "VISIBLE" not in alice.output, alice.output  # per import
    assert (alice.status, alice.score) == ("graded", 19)


def test_resume_into_another_batchs_folder_is_refused_and_keeps_its_records(tmp_path, capsys):
    out = tmp_path / "out"
    monday = section(tmp_path, "monday", {"alice": "reference", "bob": "stub"})
    tuesday = section(tmp_path, "tuesday", {"carol": "reference"})
    base = ["--jobs", "1", "--quiet", "--no-preflight", "--out", str(out)]
    assert cli.main(["run", A, str(monday), *base]) == 0
    assert cli.main(["run", A, str(tuesday), *base, "--resume"]) == 2
    assert "--update" in capsys.readouterr().err
    assert set(grades(out)) == {"alice", "bob"}


def test_update_matches_student_ids_as_discovery_does(tmp_path):
    out = tmp_path / "out"
    monday = section(tmp_path, "monday", {"alice": "stub"})
    tuesday = section(tmp_path, "tuesday", {"Alice": "reference"})
    base = ["--jobs", "1", "--quiet", "--no-preflight", "--out", str(out)]
    assert cli.main(["run", A, str(monday), *base]) == 0
    assert cli.main(["run", A, str(tuesday), *base, "--update"]) == 0
    assert grades(out) == {"Alice": ("19", "graded")}  # one student, graded once more
