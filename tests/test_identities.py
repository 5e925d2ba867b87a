"""Who a submission is: no look-alike takes an id, no batch overwrites another's outputs, every input
is capped, and no staging folder outlives its run."""
import json
import os
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from autograder import course
from autograder.cli import main
from autograder.notebook import MAX_NOTEBOOK
from autograder.scratch import scratch_dir, sweep
from autograder.submission import MAX_FILE, Source, SubmissionError, discover, stage
from tests.conftest import EXAMPLES

A = course.get("a2_functions")
REFERENCE = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_bytes()
NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "source": REFERENCE.decode(), "metadata": {}}]})


def folder(path: Path, files: dict[str, bytes | str]) -> Path:
    path.mkdir(parents=True)
    for name, data in files.items():
        (path / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def by_name(sources):
    return {os.fsencode(s.path.name): s for s in sources}


def refusal(source: Source, tmp_path: Path) -> dict[str, str] | None:
    """The reason ``stage`` refuses ``source`` with, or None when it stages."""
    try:
        stage(source, A, tmp_path / "staged" / os.fsencode(source.path.name).hex())
    except SubmissionError as exc:
        return exc.reason
    return None


def assert_safe(text: str) -> None:
    text.encode("utf-8")  # raises on a lone surrogate


# --- duplicate ids: each is an error record naming the files; nobody takes another's id ---

@pytest.mark.parametrize("names", [
    ("alice.py", "alice.ipynb"),
    ("alice/", "alice.py"),
    ("alice/", "alice.ipynb"),
    ("Alice.py", "alice/"),                                                            # differ only by case
    (unicodedata.normalize("NFC", "김민지.py"), unicodedata.normalize("NFD", "김민지") + "/"),  # NFC vs NFD (macOS)
])
def test_entries_that_would_share_an_id_are_each_refused_naming_both(tmp_path, names):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in names:
        if name.endswith("/"):
            folder(subs / name[:-1], {"functions.py": REFERENCE})
        else:
            (subs / name).write_bytes(NOTEBOOK.encode() if name.endswith(".ipynb") else REFERENCE)
    folder(subs / "bob", {"functions.py": REFERENCE})

    sources = discover(subs, A)

    assert len(sources) == 3 and not any("~" in s.student_id for s in sources)
    bob = next(s for s in sources if s.student_id == "bob")
    assert bob.rejection is None and refusal(bob, tmp_path) is None
    twins = [s for s in sources if s is not bob]
    for twin in twins:
        reason = refusal(twin, tmp_path)
        assert reason is not None and twin.rejection == reason
        for name in names:
            assert name.rstrip("/") in reason["en"] and name.rstrip("/") in reason["ko"]
        assert "same student id" in reason["en"] and "학생 ID" in reason["ko"]


def test_two_undecodable_names_do_not_merge_and_every_id_and_reason_is_safe_text(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for raw in (b"caf\xff", b"caf\xfe"):  # differ only by bytes that are not UTF-8
        folder(Path(os.fsdecode(os.fsencode(subs) + b"/" + raw)), {"functions.py": REFERENCE})
    (Path(os.fsdecode(os.fsencode(subs) + b"/ok\xff.py"))).write_bytes(REFERENCE)
    bad = Path(os.fsdecode(os.fsencode(subs) + b"/nothing\xfe"))
    bad.mkdir()
    Path(os.fsdecode(os.fsencode(bad) + b"/function\xff.py")).write_bytes(REFERENCE)

    sources = by_name(discover(subs, A))

    for source in sources.values():
        assert_safe(source.student_id)
    first, second = sources[b"caf\xff"], sources[b"caf\xfe"]
    assert first.student_id == second.student_id == "caf\ufffd"  # the same id: both refused, not merged
    assert first.rejection and second.rejection and refusal(first, tmp_path) == first.rejection
    assert "caf\\xff/" in first.rejection["en"] and "caf\\xfe/" in first.rejection["ko"]  # which files: told apart
    assert sources[b"ok\xff.py"].student_id == "ok\ufffd" and refusal(sources[b"ok\xff.py"], tmp_path) is None
    reason = refusal(sources[b"nothing\xfe"], tmp_path)  # names a file with an undecodable name
    assert reason and "function\\xff.py" in reason["en"]
    for reason in (first.rejection, reason):
        assert_safe(reason["en"])
        assert_safe(reason["ko"])


# --- links: named by the link itself and refused ---

def test_a_linked_entry_is_named_by_the_link_and_refused(tmp_path):
    subs = tmp_path / "subs"
    folder(subs / "zed", {"functions.py": REFERENCE})
    (subs / "aaron").symlink_to(subs / "zed")                              # inside: would grade zed's work as aaron's
    outside = folder(tmp_path / "elsewhere" / "work", {"functions.py": REFERENCE})
    (subs / "carol").symlink_to(outside)                                   # outside the submissions folder
    (subs / "dave.py").symlink_to(outside / "functions.py")
    (subs / "erin.py").symlink_to(tmp_path / "gone.py")                    # dangling

    sources = {s.student_id: s for s in discover(subs, A)}

    assert set(sources) == {"zed", "aaron", "carol", "dave", "erin"}
    assert sources["zed"].rejection is None and refusal(sources["zed"], tmp_path) is None
    assert "symbolic link to zed" in refusal(sources["aaron"], tmp_path)["en"]
    assert "outside the submissions folder" in refusal(sources["carol"], tmp_path)["en"]
    assert "outside the submissions folder" in refusal(sources["dave"], tmp_path)["en"]
    assert "symbolic link" in refusal(sources["erin"], tmp_path)["en"]
    assert all("심볼릭 링크" in sources[i].rejection["ko"] for i in ("aaron", "carol", "dave", "erin"))


def test_a_submission_path_given_as_a_link_is_named_by_the_link(tmp_path):
    work = folder(tmp_path / "work", {"functions.py": REFERENCE})
    (tmp_path / "alice").symlink_to(work)
    assert [s.student_id for s in discover(tmp_path / "alice", A)] == ["alice"]


# --- caps ---

def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)
    return path


@pytest.mark.parametrize("where", ["flat", "in_folder"])
def test_a_huge_notebook_is_refused_with_its_size_before_it_is_read(tmp_path, where):
    subs = tmp_path / "subs"
    subs.mkdir()
    target = subs / "alice.ipynb" if where == "flat" else folder(subs / "alice", {}) / "lab.ipynb"
    sparse(target, 200_000_000)
    source = discover(subs, A)[0]

    tracemalloc.start()
    try:
        reason = refusal(source, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 5_000_000
    assert reason and "larger than" in reason["en"] and "200000 kB" in reason["en"]
    assert f"{MAX_NOTEBOOK // 1000} kB" in reason["en"] and "200000 kB" in reason["ko"]


def test_a_notebook_just_over_its_limit_is_refused_and_one_under_it_is_read(tmp_path):
    padding = MAX_NOTEBOOK - len(NOTEBOOK.encode())
    under = json.loads(NOTEBOOK)
    under["metadata"] = {"pad": "x" * (padding - 40)}
    over = dict(under, metadata={"pad": "x" * (padding + 10)})
    (tmp_path / "under.ipynb").write_text(json.dumps(under))
    (tmp_path / "over.ipynb").write_text(json.dumps(over))
    assert refusal(Source("under", tmp_path / "under.ipynb"), tmp_path) is None
    assert "larger than" in refusal(Source("over", tmp_path / "over.ipynb"), tmp_path)["en"]


def test_a_linked_or_special_notebook_in_a_folder_is_refused(tmp_path):
    outside = tmp_path / "other.ipynb"
    outside.write_text(NOTEBOOK)
    linked = folder(tmp_path / "linked", {})
    (linked / "lab.ipynb").symlink_to(outside)
    special = folder(tmp_path / "special", {})
    (special / "lab.ipynb").mkdir()
    fifo = folder(tmp_path / "fifo", {})
    os.mkfifo(fifo / "lab.ipynb")  # reading it would wait forever
    assert "symbolic link" in refusal(Source("linked", linked), tmp_path)["en"]
    assert "not a regular file" in refusal(Source("special", special), tmp_path)["en"]
    assert "not a regular file" in refusal(Source("fifo", fifo), tmp_path)["en"]


def test_a_folder_with_too_many_entries_or_bytes_is_refused(tmp_path):
    many = folder(tmp_path / "many", {"functions.py": REFERENCE})
    for i in range(1100):
        (many / f"m{i}.py").touch()
    big = folder(tmp_path / "big", {"functions.py": REFERENCE})
    for i in range(12):
        sparse(big / f"helper{i}.py", MAX_FILE - 1)
    assert "more than" in refusal(Source("many", many), tmp_path)["en"]
    assert "in all" in refusal(Source("big", big), tmp_path)["en"]
    assert not (tmp_path / "staged").exists() or sum(
        f.stat().st_size for f in (tmp_path / "staged").rglob("*") if f.is_file()) <= 10 * MAX_FILE


# --- end to end ---

@pytest.mark.slow
def test_a_run_over_look_alikes_gives_each_an_error_record_and_nobody_the_others_score(tmp_path):
    subs = tmp_path / "subs"
    folder(subs, {"alice.py": REFERENCE, "alice.ipynb": NOTEBOOK})
    folder(Path(os.fsdecode(os.fsencode(subs) + b"/caf\xff")), {"functions.py": REFERENCE})
    assert main(["run", "a2_functions", str(subs), "--out", str(tmp_path / "out"), "--quiet", "--jobs", "1"]) == 0
    records = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    alices = [r for r in records if r["student_id"].startswith("alice")]
    assert [r["student_id"] for r in alices] == ["alice", "alice"]
    assert all(r["status"] == "error" and "alice.py" in r["reason"] and "alice.ipynb" in r["reason"] for r in alices)
    cafe = next(r for r in records if r["student_id"] == "caf\ufffd")
    assert cafe["status"] == "graded" and cafe["score"] == cafe["max_score"]


# --- staging folders ---

@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    return tmp_path


def test_staging_folders_carry_the_owner_pid_are_private_and_never_reused(scratch):
    first, second = scratch_dir("ag-sub-"), scratch_dir("ag-sub-")
    assert first.parent == scratch and first != second
    assert first.name.startswith(f"ag-{os.getpid()}-sub-")
    assert (first.stat().st_mode & 0o777) == 0o700


def dead_pid() -> int:
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
    return pid_max + 1  # no process can have it


def test_sweep_removes_folders_of_dead_runs_and_leaves_live_ones(scratch):
    stale = scratch / f"ag-{dead_pid()}-sub-abc"
    (stale / "deep" / "er").mkdir(parents=True)
    (stale / "deep" / "functions.py").write_text("x = 1\n")
    mine = scratch_dir("ag-run-")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        theirs = scratch / f"ag-{sleeper.pid}-sub-xyz"
        theirs.mkdir()
        unrelated = [scratch / "ag-batch-123", scratch / "ag-sub-old", scratch / "agenda"]
        for path in unrelated:
            path.mkdir()
        keep = folder(scratch / "precious", {"a.txt": "keep"})
        (scratch / f"ag-{dead_pid()}-sub-link").symlink_to(keep)  # never followed

        removed = sweep()

        assert not stale.exists() and removed == [stale]
        assert mine.is_dir() and theirs.is_dir() and all(p.is_dir() for p in unrelated)
        assert (keep / "a.txt").read_text() == "keep"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_sweep_knows_a_reused_pid_is_not_the_owner(scratch):
    old = scratch / f"ag-{os.getpid()}-sub-old"
    old.mkdir()
    an_hour_ago = time.time() - 3600  # made before this process started: another run's, with our pid
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert sweep() == [old] and not old.exists()


# --- output folders: a batch never silently replaces another's results ---

def claim(out, assignment="a2_functions", submissions=None, **flags):
    from autograder.outdir import claim as claim_
    return claim_(out, assignment, submissions, **flags)


@pytest.fixture
def two_folders(tmp_path):
    return folder(tmp_path / "subs", {}), folder(tmp_path / "late", {})


def results_of(out: Path, assignment: str = "a2_functions") -> None:
    (out / "results.json").write_text("[]")
    (out / "grades.csv").write_text(f"student_id,assignment,score,max_score,status\nalice,{assignment},1,1,graded\n")


def test_a_fresh_folder_is_claimed_with_what_the_batch_is(tmp_path, two_folders):
    subs, _ = two_folders
    out = tmp_path / "new" / "out"
    before = time.time()
    claim(out, submissions=tmp_path / "subs" / ".." / "subs")
    batch = json.loads((out / "batch.json").read_text())
    assert batch["assignment"] == "a2_functions" and batch["submissions"] == [str(subs.resolve())]
    assert before - 1 <= batch["when"] <= time.time() + 1 and batch["pid"] == os.getpid()


def test_the_same_batch_may_run_again_into_its_folder(tmp_path, two_folders):
    subs, _ = two_folders
    out = tmp_path / "out"
    claim(out, submissions=subs)
    results_of(out)
    claim(out, submissions=subs)  # a re-run or --resume
    assert json.loads((out / "batch.json").read_text())["submissions"] == [str(subs.resolve())]


@pytest.mark.parametrize("other", ["assignment", "submissions", "no_batch_file"])
def test_results_of_another_batch_are_never_silently_replaced(tmp_path, two_folders, other):
    from autograder.outdir import OutDirTaken
    subs, late = two_folders
    out = tmp_path / "out"
    if other == "no_batch_file":
        out.mkdir()
        (out / "journal.jsonl").write_text('{"assignment": "a2_functions"}\n')
    else:
        claim(out, "a1_perceptron" if other == "assignment" else "a2_functions", subs)
        results_of(out, "a1_perceptron" if other == "assignment" else "a2_functions")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    with pytest.raises(OutDirTaken) as caught:
        claim(out, submissions=late)

    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert str(out) in message and "--update" in message and "--force" in message and "--out" in message
    if other == "assignment":
        assert "a1_perceptron" in message
    elif other == "submissions":
        assert str(subs.resolve()) in message
    else:
        assert "no batch.json" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing touched


def test_update_merges_folders_of_one_assignment_and_force_replaces(tmp_path, two_folders):
    from autograder.outdir import OutDirTaken
    subs, late = two_folders
    out = tmp_path / "out"
    claim(out, submissions=subs)
    results_of(out)

    claim(out, submissions=late, update=True)
    assert json.loads((out / "batch.json").read_text())["submissions"] == [str(subs.resolve()), str(late.resolve())]
    claim(out, submissions=late, update=True)  # once is enough
    assert len(json.loads((out / "batch.json").read_text())["submissions"]) == 2
    with pytest.raises(OutDirTaken):  # re-running one folder alone would drop the other's records
        claim(out, submissions=subs)
    with pytest.raises(OutDirTaken, match="a2_functions"):  # merging by student id across assignments: never
        claim(out, "a1_perceptron", subs, update=True)

    claim(out, "a1_perceptron", subs, force=True)
    batch = json.loads((out / "batch.json").read_text())
    assert batch["assignment"] == "a1_perceptron" and batch["submissions"] == [str(subs.resolve())]
    assert (out / "results.json").read_text() == "[]"  # claim never deletes; the run replaces


def test_update_without_a_batch_file_reads_the_assignment_of_what_is_there(tmp_path, two_folders):
    from autograder.outdir import OutDirTaken
    subs, _ = two_folders
    out = tmp_path / "out"
    out.mkdir()
    results_of(out, "a1_perceptron")
    with pytest.raises(OutDirTaken, match="a1_perceptron"):
        claim(out, submissions=subs, update=True)
    claim(out, "a1_perceptron", subs, update=True)
    assert json.loads((out / "batch.json").read_text())["assignment"] == "a1_perceptron"


def test_a_folder_another_live_run_is_writing_is_refused(tmp_path, two_folders):
    from autograder.outdir import OutDirTaken
    subs, _ = two_folders
    out = tmp_path / "out"
    claim(out, submissions=subs)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        batch = json.loads((out / "batch.json").read_text())
        (out / "batch.json").write_text(json.dumps(dict(batch, pid=sleeper.pid)))
        with pytest.raises(OutDirTaken, match=f"process {sleeper.pid}"):
            claim(out, submissions=subs)
    finally:
        sleeper.kill()
        sleeper.wait()
    claim(out, submissions=subs)  # that run is over


def test_an_unreadable_batch_file_counts_as_none(tmp_path, two_folders):
    from autograder.outdir import OutDirTaken
    subs, _ = two_folders
    out = tmp_path / "out"
    out.mkdir()
    (out / "batch.json").write_bytes(b"\xff{not json")
    claim(out, submissions=subs)  # no results there: nothing to protect
    (out / "batch.json").write_bytes(b"[1, 2]")
    results_of(out)
    with pytest.raises(OutDirTaken, match="no batch.json"):
        claim(out, submissions=subs)
