"""One atomic write (``writers.atomic_file``): a reader sees the old file or the new one, never
half; text and bytes alike; a failure inside leaves the old file and no temporary beside it."""
from __future__ import annotations

import os
import zipfile

import pytest

from autograder.writers import atomic_file, write_atomic


def test_text_and_bytes_replace_the_file_whole(tmp_path):
    path = tmp_path / "deep" / "out.json"
    write_atomic(path, ["{", '"a": 1', "}"])
    assert path.read_text() == '{"a": 1}'
    with atomic_file(path, binary=True) as f, zipfile.ZipFile(f, "w") as zf:
        zf.writestr("x.txt", "x")
    assert zipfile.ZipFile(path).read("x.txt") == b"x"
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary new file, not mkstemp's 0600
    assert os.listdir(path.parent) == ["out.json"]


def test_an_error_inside_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_file(path) as f:
            f.write("half")
            raise RuntimeError("stop")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["grades.csv"]


def test_the_batch_record_is_written_atomically(tmp_path):
    from autograder import outdir

    outdir.claim(tmp_path / "out", "a2_functions", tmp_path)
    assert sorted(os.listdir(tmp_path / "out")) == ["batch.json"]


def test_a_notebook_problem_is_a_submission_error(tmp_path):
    from autograder import notebook, submission

    assert notebook.NotebookError is submission.SubmissionError
    bad = tmp_path / "lab.ipynb"
    bad.write_text("{not json")
    from autograder import course

    with pytest.raises(submission.SubmissionError, match="not a readable notebook"):
        notebook.extract(bad, course.get("a2_functions"))
