"""Grading on a dask.distributed cluster gives the records local grading gives, even when a
worker dies in the middle of a batch; a submission shipped as data stages exactly like the
original; a worker with other grading files or data refuses, and every student gets a record."""
from __future__ import annotations

import os
import re
import signal
import threading
import time

import pytest

from autograder import course
from autograder.grading import GraderFailure, Options
from autograder.submission import MAX_FILE, Source, SubmissionError, discover, stage
from tests.conftest import EXAMPLES

distributed = pytest.importorskip("distributed")

from autograder.executors import dask_executor, grade_on_dask, parcel, warm  # noqa: E402 - after the skip

A = "a2_functions"
STAGED_DIR = re.compile(r"/\S*/ag-sub-[A-Za-z0-9_]+")  # each run stages into a fresh temporary folder


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    # a worker killed mid-batch leaves its temporary folders behind: keep them in pytest's tmp
    scratch = tmp_path_factory.mktemp("dask-workers")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  env={"TMPDIR": str(scratch)}) as cluster:
        yield cluster


def comparable(result) -> dict:
    """The record without what may differ between two runs: timing and temporary paths."""
    data = result.to_dict()
    data["duration"] = None
    data["output"] = STAGED_DIR.sub("<staged>", data["output"])
    return data


def test_dask_grading_equals_local_grading(cluster, graded_examples):
    sources = discover(EXAMPLES / A, course.get(A))
    local = graded_examples(A)

    results = grade_on_dask(A, sources, Options(), scheduler=cluster.scheduler_address, chunk=3)

    assert [r.student_id for r in results] == [s.student_id for s in sources]
    for result in results:
        assert comparable(result) == comparable(local[result.student_id]), result.student_id


def test_workers_with_other_grading_files_refuse_and_every_record_says_so(cluster, monkeypatch):
    sources = discover(EXAMPLES / A, course.get(A))[:3]
    monkeypatch.setattr(dask_executor, "fingerprint", lambda assignment_id, environ: "another suite")

    with pytest.raises(GraderFailure, match="differ from the client") as failure:
        grade_on_dask(A, sources, Options(), scheduler=cluster.scheduler_address)

    records = failure.value.results
    assert [r.student_id for r in records] == [s.student_id for s in sources]
    assert all(r.status == "grader_failed" and r.score is None and "not the student's fault" in r.reason for r in records)


def slow_references(folder, count: int, seconds: float):
    """``count`` copies of the reference that spend ``seconds`` importing (the grade is unchanged)."""
    code = (EXAMPLES / A / "reference" / "functions.py").read_text()
    for i in range(count):
        student = folder / f"slow{i}"
        student.mkdir()
        (student / "functions.py").write_text(f"import time\ntime.sleep({seconds})\n{code}")
    return discover(folder, course.get(A))


def _executing(dask_worker):
    return os.getpid(), [str(ts.key) for ts in dask_worker.state.executing]


def kill_a_worker_mid_task(client, after: float = 0.5, timeout: float = 30.0) -> str:
    """SIGKILL a worker process ``after`` seconds into a task; return the task's key."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid, keys in client.run(_executing).values():
            if keys:
                time.sleep(after)  # well inside the batch: each submission takes a second
                os.kill(pid, signal.SIGKILL)
                return keys[0]
        time.sleep(0.05)
    raise AssertionError("no worker started a grading task")


def test_a_batch_lost_with_its_worker_is_retried_and_every_record_arrives(cluster, tmp_path):
    sources = slow_references(tmp_path, count=6, seconds=1.0)
    outcome: dict = {}

    def grade():
        outcome["results"] = grade_on_dask(A, sources, Options(), scheduler=cluster.scheduler_address, chunk=2)

    grading = threading.Thread(target=grade)
    with distributed.Client(cluster.scheduler_address) as client:
        grading.start()
        key = kill_a_worker_mid_task(client)
        grading.join(timeout=50)
        story = client.story(key)

    assert not grading.is_alive()
    results = outcome["results"]
    assert [r.student_id for r in results] == [s.student_id for s in sources]
    assert all((r.status, r.score) == ("graded", 37.0) for r in results)
    assert all(t.status == "passed" for r in results for t in r.tests)
    assert sum(1 for event in story if event[0] == "scheduler" and event[3] == "processing") >= 2, \
        "the killed worker's batch was not run again"


def staging_outcome(source, folder):
    try:
        staged = stage(source, course.get("a3_gradient"), folder)
    except SubmissionError as exc:
        return exc.reason
    files = {p.name: p.read_bytes() for p in sorted(staged.directory.iterdir())}
    return staged.present, staged.problems, files


@pytest.mark.parametrize("shape", ["folder", "linked_module", "oversized_module", "not_utf8", "folder_named_py",
                                   "linked_folder", "single_file", "missing"])
def test_a_shipped_submission_stages_exactly_like_the_original(tmp_path, shape):
    student = tmp_path / "original" / "alice"
    student.mkdir(parents=True)
    (student / "gradient.py").write_text("def f():\n    return 1\n")
    (student / "optimizer.py").write_text("x = 2\n")
    (student / "notes.txt").write_text("not shipped, never read")
    if shape == "linked_module":
        (student / "optimizer.py").unlink()
        (student / "optimizer.py").symlink_to(student / "gradient.py")
    elif shape == "oversized_module":
        (student / "optimizer.py").write_bytes(b"#" * (MAX_FILE + 1))
    elif shape == "not_utf8":
        (student / "optimizer.py").write_bytes(b"x = '\xff'\n")
    elif shape == "folder_named_py":
        (student / "optimizer.py").unlink()
        (student / "optimizer.py").mkdir()
    elif shape == "linked_folder":
        (tmp_path / "original" / "bob").symlink_to(student)
        student = tmp_path / "original" / "bob"
    elif shape == "single_file":
        student = student / "gradient.py"
    elif shape == "missing":
        student = tmp_path / "original" / "nobody"
    source = Source("alice", student)

    shipped = parcel.unpack(parcel.pack(source), tmp_path / "shipped")

    assert shipped.student_id == "alice"
    assert staging_outcome(shipped, tmp_path / "b") == staging_outcome(source, tmp_path / "a")


def test_the_fingerprint_covers_the_data_file_a_grading_variable_names(tmp_path):
    data = tmp_path / "mnist.npz"
    data.write_bytes(b"one version")
    first = warm.fingerprint("a5_two_layer_net", {"AUTOGRADER_MNIST": str(data)})
    data.write_bytes(b"another version")

    assert warm.fingerprint("a5_two_layer_net", {"AUTOGRADER_MNIST": str(data)}) != first
    assert warm.fingerprint("a5_two_layer_net") != first


def test_a_worker_without_the_clients_data_file_refuses_before_grading(tmp_path):
    data = tmp_path / "mnist.npz"
    data.write_bytes(b"the client's copy")
    expected = warm.fingerprint("a5_two_layer_net", {"AUTOGRADER_MNIST": str(data)})
    data.unlink()  # as on a worker that lacks the file

    with pytest.raises(GraderFailure, match="AUTOGRADER_MNIST"):
        warm.grade_batch("a5_two_layer_net", [], warm.options_to_dict(Options()), expected,
                         {"AUTOGRADER_MNIST": str(data)})


def test_run_with_the_dask_executor_writes_the_same_records_as_local_grading(tmp_path, graded_examples):
    from autograder.cli import main
    from autograder.writers import results_json

    out = tmp_path / "out"
    assert main(["run", A, str(EXAMPLES / A), "--executor", "dask", "--jobs", "2", "--quiet", "--out", str(out)]) == 0
    local = graded_examples(A)
    for result in results_json.read(out / "results.json"):
        assert comparable(result) == comparable(local[result.student_id]), result.student_id
