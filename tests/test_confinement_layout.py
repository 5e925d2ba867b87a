"""What the sandbox can read, whatever the install layout.

The reference, the suites, the course sources and the examples stay unreadable when the
checkout lies inside the Python installation (a repository under ``/usr/src/app`` with Debian's
python in ``/usr``), here reproduced by a copy of the checkout inside ``sys.base_prefix`` served
by its own zygote. Where a private mount namespace is possible, ``os.stat`` of what the child
must not see (the solutions, a sibling student's folder) fails too. ``sandbox_verdict.verdict()``
says cheaply whether the sandbox holds. The attacks are the catalogue's (``worker/attacks.py``).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from autograder import course, sandbox_verdict
from autograder.grading import Grader
from autograder.supervisor import Worker, Zygote
from autograder.worker import attacks, confine, layout
from autograder.worker.limits import Limits
from tests.conftest import EXAMPLES

LIMITS = Limits(memory=2 * 2**30, cpu_seconds=60, file_size=8 * 2**20, processes=32)
ROOT = course.course_root()
PREFIX = os.path.realpath(sys.base_prefix)

# The zygote of a checkout that is not installed: ``autograder`` found by a meta path finder as
# an editable install does (nothing on sys.path), or the checkout on sys.path (PYTHONPATH).
BOOT = '''
import importlib.util, runpy, sys
checkout = sys.argv.pop(1)
spec = importlib.util.spec_from_file_location(
    "autograder", checkout + "/autograder/__init__.py", submodule_search_locations=[checkout + "/autograder"])
module = importlib.util.module_from_spec(spec)
sys.modules["autograder"] = module
spec.loader.exec_module(module)
runpy.run_module("autograder.worker", run_name="__main__", alter_sys=True)
'''


class CheckoutZygote(Zygote):
    """A zygote running the worker of the checkout copy at ``checkout``."""

    def __init__(self, checkout: str, how: str):
        super().__init__()
        self.checkout, self.how = checkout, how

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/nonexistent"}
        if self.how == "on sys.path":
            env["PYTHONPATH"] = self.checkout
            argv = [sys.executable, "-P", "-m", "autograder.worker", str(theirs.fileno())]
        else:
            argv = [sys.executable, "-P", "-c", BOOT, self.checkout, str(theirs.fileno())]
        self.process = subprocess.Popen(argv, pass_fds=(theirs.fileno(),), env=env, cwd="/",
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        theirs.close()
        self.control = ours
        self.control.settimeout(30)


def _copy(source, dest) -> None:
    shutil.copytree(source, dest, symlinks=False, ignore=shutil.ignore_patterns("__pycache__"))


@pytest.fixture(scope="module")
def checkout_in_prefix():
    """A copy of the parts of the checkout the worker and this test need, inside sys.base_prefix."""
    if not os.access(PREFIX, os.W_OK):
        pytest.skip(f"cannot write in sys.base_prefix ({PREFIX})")
    top = tempfile.mkdtemp(prefix="ag-layout-", dir=PREFIX)
    try:
        _copy(course.PACKAGE_DIR, os.path.join(top, "autograder"))
        for part in ("solutions/a2_functions", "source_lib/a2_functions", "examples/submissions/a2_functions/reference"):
            _copy(ROOT / part, os.path.join(top, part))
        yield top
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _secrets(checkout) -> dict[str, str]:
    return {
        "solutions": os.path.join(checkout, "solutions", "a2_functions", "functions.py"),
        "suites": os.path.join(checkout, "source_lib", "a2_functions", "suite", "test_a2_activations.py"),
        "course sources": os.path.join(checkout, "source_lib", "a2_functions", "functions.py"),
        "examples": os.path.join(checkout, "examples", "submissions", "a2_functions", "reference", "functions.py"),
    }


def _scratch(tmp_path) -> dict:
    """Folders laid out as the grader lays them: every submission's staged copy and run folder
    side by side in one scratch root, here with another student's folder beside this one's."""
    scratch = tmp_path / "scratch"
    for name in ("ag-1-sub-mine", "ag-1-run-mine/tmp", "ag-1-sub-bob"):
        (scratch / name).mkdir(parents=True)
    (scratch / "ag-1-sub-mine" / "hostile.py").write_text(attacks.SUBMISSION)
    (scratch / "ag-1-sub-bob" / "functions.py").write_text("def relu(x):\n    return x\n")
    (scratch / "ag-1-run-mine" / "output.txt").write_text("")
    return {"submission": str(scratch / "ag-1-sub-mine"), "tmp": str(scratch / "ag-1-run-mine" / "tmp"),
            "output": str(scratch / "ag-1-run-mine" / "output.txt"), "limits": LIMITS.to_dict(),
            "sibling": str(scratch / "ag-1-sub-bob")}


@pytest.fixture(scope="module")
def available():
    return {name: ok for name, ok, _ in sandbox_verdict.available()}


def denied(outcome: list) -> bool:
    """Whether the attack (``[succeeded, what happened]``) was refused."""
    return not outcome[0]


def _honest(hostile) -> None:
    assert hostile.honest() == "2.5 1/3 fine"


@pytest.mark.slow
@pytest.mark.parametrize("how", ["found by a finder", "on sys.path"])
def test_a_checkout_inside_the_python_prefix_keeps_its_secrets(checkout_in_prefix, how, tmp_path, available):
    if not available["landlock-files"] and not available.get("hide-paths", False):
        pytest.skip("neither Landlock nor a private mount namespace here: nothing can refuse the reads")
    spec = _scratch(tmp_path)
    zygote = CheckoutZygote(checkout_in_prefix, how)
    worker = Worker(zygote, {k: v for k, v in spec.items() if k != "sibling"}, call_timeout=20, budget=120)
    try:
        hostile = worker.module("hostile")
        state = hostile.state()
        where, in_force, missing = state["runtime"], state["in_force"], state["missing"]
        assert where.startswith(checkout_in_prefix + os.sep), where  # the copy's worker, not the checkout's
        assert "landlock-files" in in_force or not available["landlock-files"], missing
        for label, path in _secrets(checkout_in_prefix).items():
            assert os.path.isfile(path)
            assert denied(hostile.read(path)), (label, hostile.read(path))
        assert denied(hostile.exec_file(_secrets(checkout_in_prefix)["solutions"]))
        assert denied(hostile.list_dir(checkout_in_prefix))
        assert denied(hostile.list_dir(os.path.join(checkout_in_prefix, "solutions")))
        if available.get("hide-paths", False):
            assert "hide-paths" in in_force, missing
            for label, path in _secrets(checkout_in_prefix).items():
                assert denied(hostile.stat(path)), (label, hostile.stat(path))
            assert denied(hostile.stat(spec["sibling"]))
        _honest(hostile)
        assert not denied(hostile.stat(os.path.join(PREFIX, "lib")))  # the rest of the prefix is still there
    finally:
        worker.close()
        zygote.close()


def test_in_the_ordinary_layout_the_child_cannot_even_stat_the_secrets_or_a_sibling(tmp_path, available):
    if not available.get("hide-paths", False):
        pytest.skip("no private mount namespace here")
    spec = _scratch(tmp_path)
    zygote = Zygote()
    worker = Worker(zygote, {k: v for k, v in spec.items() if k != "sibling"}, call_timeout=20, budget=120)
    try:
        hostile = worker.module("hostile")
        for label, path in _secrets(str(ROOT)).items():
            assert os.path.isfile(path)
            assert denied(hostile.stat(path)), (label, hostile.stat(path))
        assert denied(hostile.stat(str(ROOT / "solutions")))
        assert denied(hostile.stat(spec["sibling"]))
        assert denied(hostile.stat(os.path.join(spec["sibling"], "functions.py")))
        assert not denied(hostile.stat(spec["output"]))  # its own output file, kept
        assert not denied(hostile.stat(os.path.join(spec["submission"], "hostile.py")))
        _honest(hostile)
    finally:
        worker.close()
        zygote.close()


# -- the verdict the grading preflight asks for ---------------------------------------------------------

def _expected_offered(available) -> bool:
    return all(available[n] for n in sandbox_verdict.expected())


def test_the_verdict_is_confined_here_and_cheap(available):
    assert _expected_offered(available)  # every protection verdict demands is what report() finds offered
    start = time.perf_counter()
    assert sandbox_verdict.verdict() == (True, [])
    assert time.perf_counter() - start < 2.0  # one throwaway child, no attacks (about 20 ms here)


def test_the_verdict_names_rules_that_would_grant_the_reference(monkeypatch):
    if confine.LANDLOCK_ABI <= 0:
        pytest.skip("no Landlock here: there are no rules to check")
    monkeypatch.setattr(layout, "STATIC_RULES", layout.STATIC_RULES + [(str(ROOT), confine.landlock.READ)])
    confined, reasons = sandbox_verdict.verdict()
    assert not confined
    assert any(r.startswith("the Landlock rules grant the reference solutions") for r in reasons), reasons


def test_the_verdict_says_when_an_offered_protection_does_not_take_hold(monkeypatch):
    if not confine.SECCOMP_OK:
        pytest.skip("no seccomp here")

    def broken(_program):
        raise OSError(1, "refused for the test")

    monkeypatch.setattr(confine.seccomp, "install", broken)
    confined, reasons = sandbox_verdict.verdict()
    assert not confined
    assert [r for r in reasons if r.startswith("seccomp is offered here")] == [
        "seccomp is offered here (seccomp filters are available) but did not take hold: "
        "installing the filter failed: [Errno 1] refused for the test"]


def test_the_verdict_says_when_student_code_can_read_the_reference(monkeypatch):
    """Landlock and the masks taken away (as on a machine without them): the uid alone does not
    keep a root grader's 0644 files (and the pyenv it must read) from the child."""
    monkeypatch.setattr(confine, "LANDLOCK_ABI", 0)
    monkeypatch.setattr(layout, "HIDE_WHY", "taken away for the test")
    confined, reasons = sandbox_verdict.verdict()
    solutions = os.path.realpath(ROOT / "solutions")
    assert not confined
    assert any(r.startswith("student code can read the reference solutions: it could list " + solutions)
               for r in reasons), reasons


PEEK = '''
import os
from autograder.worker import attacks as _attacks

for _label, _path in PATHS.items():
    for _how, (_ok, _detail) in (("read", (_attacks.read(_path, 1) if os.path.isfile(_path) else _attacks.list_dir(_path))),
                                 ("stat", _attacks.stat(_path))):
        print("ALLOWED" if _ok else "denied", _how, _label, _detail.split(":")[0])
'''


def test_grading_in_the_ordinary_layout_hides_the_secrets_and_other_students_and_scores_honest_work(
        tmp_path, monkeypatch, available):
    if not available["landlock-files"]:
        pytest.skip("no Landlock here")
    scratch = tmp_path / "scratch"  # the grader's scratch root: every submission is staged in it
    (scratch / "bob").mkdir(parents=True)
    (scratch / "bob" / "functions.py").write_text("def relu(x):\n    return x\n")
    monkeypatch.setenv("TMPDIR", str(scratch))
    paths = {**_secrets(str(ROOT)), "another student": str(scratch / "bob"),
             "the checkout": str(ROOT / "README.md")}
    reference = (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text()
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "functions.py").write_text(f"PATHS = {paths!r}\n" + PEEK + reference)
    result = Grader("a2_functions", jobs=1, call_timeout=5).grade_one(tmp_path / "mallory")
    assert (result.status, result.score, result.max_score) == ("graded", 37.0, 37.0), result.tests
    assert "ALLOWED" not in result.output.replace("ALLOWED stat", ""), result.output
    for label in paths:
        assert f"denied read {label} " in result.output, (label, result.output)
        if available["hide-paths"]:
            assert f"denied stat {label} FileNotFoundError" in result.output, (label, result.output)


@pytest.mark.slow
def test_a_course_root_named_by_the_environment_inside_the_prefix_stays_hidden(tmp_path, monkeypatch, available):
    """AUTOGRADER_COURSE_ROOT=/usr/src/course with python in /usr: the zygote is told, the child is not."""
    if not os.access(PREFIX, os.W_OK):
        pytest.skip(f"cannot write in sys.base_prefix ({PREFIX})")
    course_root = tempfile.mkdtemp(prefix="ag-course-", dir=PREFIX)
    try:
        _copy(ROOT / "solutions" / "a2_functions", os.path.join(course_root, "solutions", "a2_functions"))
        solution = os.path.join(course_root, "solutions", "a2_functions", "functions.py")
        monkeypatch.setenv(layout.COURSE_ROOT_ENV, course_root)
        spec = _scratch(tmp_path)
        (tmp_path / "scratch" / "ag-1-sub-mine" / "env.py").write_text(
            "import os\n\ndef course_root():\n    return os.environ.get('AUTOGRADER_COURSE_ROOT')\n")
        zygote = Zygote()
        worker = Worker(zygote, {k: v for k, v in spec.items() if k != "sibling"}, call_timeout=20, budget=120)
        try:
            hostile = worker.module("hostile")
            assert denied(hostile.read(solution)), hostile.read(solution)
            if available["hide-paths"]:
                assert denied(hostile.stat(solution))
            assert worker.module("env").course_root() is None
            _honest(hostile)
        finally:
            worker.close()
            zygote.close()
    finally:
        shutil.rmtree(course_root, ignore_errors=True)


def _stat_all(paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        try:
            os.stat(path)
            found.append("seen")
        except OSError as exc:
            found.append(type(exc).__name__)
    return found


def test_hide_paths_is_all_or_nothing(tmp_path, monkeypatch, available):
    """A mount that fails half-way (here the mask runs out of inodes for the paths to bind back)
    lifts the masks already laid: the child keeps the ordinary view, with its runtime, and says why."""
    if not available["hide-paths"]:
        pytest.skip("no private mount namespace here")
    monkeypatch.setattr(confine, "MASK_OPTIONS", b"size=64k,nr_inodes=2,mode=0711")
    spec = _scratch(tmp_path)
    watched = [_secrets(str(ROOT))["solutions"], spec["sibling"], str(course.PACKAGE_DIR / "worker" / "serve.py")]
    result = sandbox_verdict.run_confined(spec, {"hide-paths"}, lambda: _stat_all(watched))
    assert "hide-paths" not in result["in_force"]
    assert "No space left on device" in result["missing"]["hide-paths"], result["missing"]
    assert result["check"] == ["seen", "seen", "seen"]
    monkeypatch.undo()
    result = sandbox_verdict.run_confined(_scratch(tmp_path / "again"), {"hide-paths"}, lambda: _stat_all(watched[:1] + [watched[2]]))
    assert result["in_force"] == ["hide-paths"] and result["check"] == ["FileNotFoundError", "seen"]


NON_ROOT = 47112


@pytest.fixture
def open_folder():
    """A folder every user can reach (pytest's tmp_path is beneath a 0700 folder)."""
    folder = tempfile.mkdtemp(prefix="ag-nonroot-")
    os.chmod(folder, 0o755)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def test_hide_paths_holds_for_a_non_root_grader_too(open_folder):
    """Without root the masks go through an unprivileged user namespace: same view."""
    if os.geteuid() != 0:
        pytest.skip("the test makes its non-root grader by dropping root's uid")
    import pwd

    if any(e.pw_uid == NON_ROOT for e in pwd.getpwall()):
        pytest.skip(f"uid {NON_ROOT} is taken here")
    tmp_path = open_folder
    spec = _scratch(tmp_path)
    for top, dirs, files in os.walk(tmp_path / "scratch"):
        for name in [top] + [os.path.join(top, n) for n in dirs + files]:
            os.chown(name, NON_ROOT, NON_ROOT)
    watched = [_secrets(str(ROOT))["solutions"], spec["sibling"], os.path.join(spec["submission"], "hostile.py"),
               str(course.PACKAGE_DIR / "worker" / "serve.py")]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        answer = b"{}"
        try:
            os.close(read)
            os.setgroups([])
            os.setresgid(NON_ROOT, NON_ROOT, NON_ROOT)
            os.setresuid(NON_ROOT, NON_ROOT, NON_ROOT)
            confine._libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: /proc/self is ours again, as for any user
            in_force = confine.apply(spec, {"hide-paths", "tmp-quota"})
            answer = json.dumps([in_force, confine.STATE["missing"], _stat_all(watched)]).encode()
        finally:
            os.write(write, answer)
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    in_force, missing, seen = json.loads(data)
    if "hide-paths" not in in_force and "CLONE_NEWUSER" in str(missing):
        pytest.skip(f"no unprivileged user namespaces here: {missing}")
    assert in_force == ["tmp-quota", "hide-paths"], missing
    assert seen == ["FileNotFoundError", "FileNotFoundError", "seen", "seen"]


@pytest.mark.slow
def test_doctor_says_not_confined_when_the_verdict_does(monkeypatch, capsys):
    from autograder import cli

    monkeypatch.setattr(sandbox_verdict, "verdict", lambda: (False, ["the Landlock rules grant the reference solutions"]))
    assert cli.main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert "NOT CONFINED: the Landlock rules grant the reference solutions" in err
