"""OS-level confinement of the worker: each attack is refused, and honest work is still scored.

Which protections this machine offers is asked exactly as ``autograder doctor`` asks it
(``sandbox_verdict.available()``: each applied alone in a throwaway child). The attacks are those
of the catalogue ``autograder/worker/attacks.py``, served by a one-line submission. A test that needs a protection
is skipped only where it is reported unavailable; where it is reported available and does not
hold, the test fails.
"""
from __future__ import annotations

import errno
import os
import signal
import socket
import struct
import time
import uuid

import pytest

from autograder import course, sandbox_audit, sandbox_verdict
from autograder.grading import Grader
from autograder.supervisor import Worker, Zygote
from autograder.worker import attacks, confine, ids, landlock, layout, seccomp
from autograder.worker.limits import Limits
from tests.conftest import EXAMPLES
from tests.bpf import run_filter as _run_filter

LIMITS = Limits(memory=2 * 2**30, cpu_seconds=60, file_size=8 * 2**20, processes=32)
SOLUTION = str(course.course_root() / "solutions" / "a2_functions" / "functions.py")
SUITE = str(course.get("a2_functions").suite / "test_a2_activations.py")


@pytest.fixture(scope="module")
def available():
    """Protection → (available, why), as ``autograder doctor`` reports it."""
    return {name: (ok, why) for name, ok, why in sandbox_verdict.available()}


def need(available, *names, any_of=False):
    """Skip unless the protections are available here (all of them, or one with ``any_of``)."""
    missing = [n for n in names if not available[n][0]]
    if (len(missing) == len(names)) if any_of else missing:
        pytest.skip("; ".join(f"{n}: {available[n][1]}" for n in missing))


@pytest.fixture
def sandbox(tmp_path):
    """A real zygote child serving the attack catalogue as its module ``hostile``, with small limits."""
    for name in ("sub", "tmp"):
        (tmp_path / name).mkdir()
    (tmp_path / "sub" / "hostile.py").write_text(attacks.SUBMISSION)
    spec = {"submission": str(tmp_path / "sub"), "tmp": str(tmp_path / "tmp"),
            "output": str(tmp_path / "out.txt"), "limits": LIMITS.to_dict()}
    zygote = Zygote()
    worker = Worker(zygote, spec, call_timeout=20, budget=120)
    worker.tmp_path = tmp_path
    yield worker
    worker.close()
    zygote.close()


def honest_work_still_scores(worker) -> None:
    assert worker.module("hostile").honest() == "2.5 1/3 fine"


def denied(outcome: list) -> bool:
    """Whether the attack (``[succeeded, what happened]``) was refused."""
    return not outcome[0]


# -- the worker in force ----------------------------------------------------------------------------

def test_the_worker_child_reports_every_available_protection_in_force(sandbox, available):
    state = sandbox.module("hostile").state()
    wanted = [n for n in confine.PROTECTIONS if n != "limits" and n not in confine.FALLBACK and available[n][0]]
    assert wanted, "no protection available on this machine"
    assert set(wanted) <= set(state["in_force"]), state["missing"]


def test_reading_etc_passwd_and_listing_the_root_are_denied(sandbox, available):
    need(available, "landlock-files")
    hostile = sandbox.module("hostile")
    assert denied(hostile.read("/etc/passwd"))
    assert denied(hostile.list_dir("/"))
    assert denied(hostile.list_dir(str(course.course_root())))
    honest_work_still_scores(sandbox)


def test_the_solutions_and_the_suites_are_unreadable(sandbox, available):
    need(available, "landlock-files")
    assert os.path.exists(SOLUTION) and os.path.exists(SUITE)
    hostile = sandbox.module("hostile")
    assert denied(hostile.read(SOLUTION))
    assert denied(hostile.read(SUITE))
    assert denied(hostile.read(str(course.course_root() / "examples" / "submissions" / "a2_functions"
                                   / "reference" / "functions.py")))
    honest_work_still_scores(sandbox)


def test_writes_outside_the_private_tmp_dir_are_denied(sandbox, available):
    need(available, "landlock-files")
    escape = f"/tmp/escape-{uuid.uuid4().hex}"
    hostile = sandbox.module("hostile")
    try:
        assert denied(hostile.write(escape))
        assert denied(hostile.write(str(sandbox.tmp_path / "out.txt")))  # the output file, by path
        assert denied(hostile.write(str(sandbox.tmp_path / "planted.txt")))
        assert not os.path.exists(escape) and not (sandbox.tmp_path / "planted.txt").exists()
    finally:
        if os.path.exists(escape):
            os.unlink(escape)
    honest_work_still_scores(sandbox)


def test_a_tcp_connection_to_a_local_listener_is_denied(sandbox, available):
    need(available, "seccomp", "landlock-tcp", "netns", any_of=True)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    try:
        outcome = sandbox.module("hostile").connect_tcp(listener.getsockname()[1])
        assert denied(outcome), outcome
        with pytest.raises(socket.timeout):
            listener.accept()[0].close()
    finally:
        listener.close()
    honest_work_still_scores(sandbox)


def test_the_zygote_and_the_grader_cannot_be_signalled(sandbox, available):
    need(available, "landlock-signals", "uid", "seccomp", any_of=True)
    received = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: received.append(True))
    try:
        hostile = sandbox.module("hostile")
        assert denied(hostile.signal(sandbox.zygote.process.pid, int(signal.SIGKILL)))  # its parent
        assert denied(hostile.signal(os.getpid(), int(signal.SIGUSR1)))
        assert denied(hostile.signal(-1, int(signal.SIGKILL)))  # every process it could reach
        time.sleep(0.2)
        assert not received
        assert sandbox.zygote.process.poll() is None
    finally:
        signal.signal(signal.SIGUSR1, previous)
    honest_work_still_scores(sandbox)


def test_ptrace_of_the_grader_and_the_zygote_is_denied(sandbox, available):
    need(available, "seccomp", "uid", "landlock-files", any_of=True)
    hostile = sandbox.module("hostile")
    assert denied(hostile.ptrace(os.getpid()))
    assert denied(hostile.ptrace(sandbox.zygote.process.pid))
    honest_work_still_scores(sandbox)


def test_filling_the_disk_stops_at_the_file_size_limit(sandbox, available):
    hostile = sandbox.module("hostile")
    written, code = hostile.fill(".", 1)
    assert code == "EFBIG" and written == LIMITS.file_size  # RLIMIT_FSIZE, from limits.py
    honest_work_still_scores(sandbox)


def test_many_files_cannot_fill_the_disk_either(sandbox, available):
    need(available, "tmp-quota")
    total, code = sandbox.module("hostile").fill(".", 6)
    assert code == "ENOSPC" and total <= LIMITS.file_size
    assert os.listdir(sandbox.tmp_path / "tmp") == []  # it all went to the child's private tmpfs
    honest_work_still_scores(sandbox)


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry))
    return members


def _processes_of(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.stat(f"/proc/{entry}").st_uid == uid:
                found.append(int(entry))
        except OSError:
            pass
    return found


def test_a_fork_bomb_hits_the_process_cap_and_dies_with_its_group(sandbox, available):
    need(available, "process-cap")
    hostile = sandbox.module("hostile")
    # The cap counts every process of the uid, zombies too: wait until init has reaped those of
    # earlier tests' fork bombs (it may take a second), so that this bomb gets some forks in.
    deadline = time.monotonic() + 10
    while set(_processes_of(ids.NOBODY[0])) - {sandbox.pid} and time.monotonic() < deadline:
        time.sleep(0.05)
    forks, error = hostile.forks_until_refused(10 * LIMITS.processes)
    assert error == "BlockingIOError" and forks < LIMITS.processes
    assert sandbox.zygote.process.poll() is None
    assert denied(hostile.new_session())  # so nothing it forked can leave the group killed below
    honest_work_still_scores(sandbox)
    pgid = sandbox.pid
    if os.geteuid() == 0:  # as nobody the cap counts nobody's processes only: some forks got in
        assert forks > 0 and len(_group_members(pgid)) > 1
    sandbox.kill()
    deadline = time.monotonic() + 5
    while _group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(pgid) == []


def test_programs_cannot_be_run(sandbox, available):
    need(available, "seccomp", "landlock-files", any_of=True)
    hostile = sandbox.module("hostile")
    assert denied(hostile.run_program(["/bin/sh", "-c", "exit 0"]))
    assert denied(hostile.run_program(["/usr/bin/env"]))
    honest_work_still_scores(sandbox)


def _can_unshare(flags: int) -> bool:
    pid = os.fork()
    if pid == 0:
        os._exit(0 if confine._libc.unshare(flags) == 0 else 1)
    return os.waitpid(pid, 0)[1] == 0


def test_the_report_agrees_with_what_the_kernel_says(available):
    """So that a bug cannot turn a protection's test into a skip by reporting it unavailable."""
    abi, _ = landlock.abi()
    root = os.geteuid() == 0
    userns = 0 if root else confine.CLONE_NEWUSER
    expected = {
        "limits": True,
        "tmp-quota": _can_unshare(userns | confine.CLONE_NEWNS),
        "hide-paths": _can_unshare(userns | confine.CLONE_NEWNS),
        "netns": _can_unshare(userns | confine.CLONE_NEWNET),
        "uid": root,
        "process-cap": True,
        "landlock-files": abi >= 1,
        "landlock-tcp": abi >= 4,
        "landlock-signals": abi >= 6,
        "landlock-abstract-unix": abi >= 6,
        "seccomp": seccomp.available()[0],
    }
    assert {n: ok for n, (ok, _) in available.items()} == expected


# -- each protection alone, as doctor checks it -------------------------------------------------------

@pytest.mark.parametrize("name", list(confine.PROTECTIONS))
def test_each_protection_reported_available_is_enforced(name, available, tmp_path):
    need(available, name)
    with sandbox_audit.Targets(str(tmp_path)) as targets:
        enforced, detail, result = sandbox_audit.holds(name, targets)
    assert "check" in result, result
    assert enforced, detail
    if name != "limits":
        assert name in result["in_force"]


def test_apply_never_raises_and_says_why_when_it_cannot(tmp_path, available):
    spec = sandbox_verdict.scratch_spec(str(tmp_path), LIMITS.to_dict())
    spec["tmp"] = str(tmp_path / "missing")  # no such folder: the tmpfs and the Landlock rule fail
    result = sandbox_verdict.run_confined(spec)
    in_force, missing = result["in_force"], result["missing"]
    if available["landlock-files"][0]:
        assert "landlock-files" in missing and "tmp dir" in missing["landlock-files"]
    if available["tmp-quota"][0]:
        assert "tmp-quota" in missing
    for name in ("seccomp", "uid", "process-cap"):  # the others still apply
        if available[name][0]:
            assert name in in_force, missing


def test_the_read_rules_hold_nothing_of_the_checkout_but_the_worker_runtime():
    package = os.path.realpath(course.PACKAGE_DIR)
    checkout = os.path.dirname(package)
    allowed = {os.path.join(package, "__init__.py"), os.path.join(package, "wire.py"), os.path.join(package, "worker")}
    for path, _ in layout.STATIC_RULES:
        if layout.inside(path, checkout) or layout.inside(checkout, path):
            assert path in allowed, path
    assert allowed <= {p for p, _ in layout.STATIC_RULES}


# -- the filter, instruction by instruction -------------------------------------------------------------



@pytest.mark.parametrize("machine", sorted(seccomp.ARCHES))
def test_the_seccomp_filter_denies_exactly_what_it_says(machine):
    arch, table, _ = seccomp.ARCHES[machine]
    code, slots = seccomp._template(machine)
    program = bytearray(code)
    for index, sign in slots:
        struct.pack_into("=I", program, index * 8 + 4, (sign * 4242) & 0xFFFFFFFF)
    program = bytes(program)
    allow, eperm = seccomp.RET_ALLOW, seccomp.RET_ERRNO | errno.EPERM
    special = {"clone", "clone3", "socket", "socketpair", "kill", "tkill", "tgkill", "rt_sigqueueinfo",
               "rt_tgsigqueueinfo", "ioctl"}
    by_number = {nr: name for name, nr in table.items()}
    for nr in range(600):
        name = by_number.get(nr)
        if name in special:
            continue
        expected = eperm if name in seccomp.DENY else allow
        assert _run_filter(program, nr, arch) == expected, (nr, name)
    assert _run_filter(program, table["clone3"], arch) == seccomp.RET_ERRNO | errno.ENOSYS
    assert _run_filter(program, table["clone"], arch, 0x01200011) == allow  # what fork() passes
    assert _run_filter(program, table["clone"], arch, 0x10000000) == eperm  # CLONE_NEWUSER
    for name in ("socket", "socketpair"):
        assert _run_filter(program, table[name], arch, socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC) == allow
        assert _run_filter(program, table[name], arch, socket.AF_UNIX, socket.SOCK_DGRAM) == eperm
        for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK, socket.AF_PACKET):
            assert _run_filter(program, table[name], arch, family, socket.SOCK_STREAM) == eperm
    for pid in (4242, 0, -4242):
        assert _run_filter(program, table["kill"], arch, pid, 9) == allow
    for pid in (1, -1, 4243, -1000):
        assert _run_filter(program, table["kill"], arch, pid, 9) == eperm
    assert _run_filter(program, table["tgkill"], arch, 4242, 4250, 9) == allow
    assert _run_filter(program, table["tgkill"], arch, 1, 1, 9) == eperm
    assert _run_filter(program, table["ioctl"], arch, 0, 0x5412) == eperm  # TIOCSTI
    assert _run_filter(program, table["ioctl"], arch, 0, 0x5401) == allow  # TCGETS
    assert _run_filter(program, 1, 0x40000003) == seccomp.RET_ERRNO | errno.ENOSYS  # i386 int 0x80
    if machine == "x86_64":
        assert _run_filter(program, 0x40000000 | 41, arch) == seccomp.RET_ERRNO | errno.ENOSYS  # x32


def test_landlock_rights_follow_the_abi():
    assert landlock.fs_rights(0) == 0
    assert landlock.fs_rights(1) == (1 << 13) - 1
    assert landlock.fs_rights(3) & landlock.TRUNCATE and not landlock.fs_rights(3) & landlock.IOCTL_DEV
    assert landlock.fs_rights(7) == (1 << 16) - 1


# -- grading and doctor, end to end -------------------------------------------------------------------------

A2_HOSTILE = '''
import os
from autograder.worker import attacks as _attacks

for _label, _, _ok, _detail in _attacks.try_every_attack(dict(TARGETS, zygote=os.getppid())):
    print(("works" if _ok else "BROKEN") if _label.startswith("honest") else ("ESCAPED" if _ok else "denied"),
          _label + ":", _detail)
'''


def test_a_hostile_a2_submission_is_refused_everything_and_scores_full_marks(tmp_path, available):
    """The whole catalogue, tried at import by a submission graded as any other, with real signals."""
    need(available, "landlock-files", "seccomp", "process-cap", "landlock-signals")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    example = str(EXAMPLES / "a2_functions" / "reference" / "functions.py")
    targets = {"grader": os.getpid(), "port": listener.getsockname()[1], "escape": f"/tmp/escape-{uuid.uuid4().hex}",
               "secrets": [("the solution", SOLUTION), ("the suite", SUITE), ("the example", example)],
               "limit": Limits().file_size, "cap": Limits().processes, "signal": int(signal.SIGUSR1)}
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "functions.py").write_text(
        f"TARGETS = {targets!r}\n" + A2_HOSTILE + (EXAMPLES / "a2_functions" / "reference" / "functions.py").read_text())
    received = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: received.append(True))
    try:
        result = Grader("a2_functions", jobs=1, call_timeout=2).grade_one(tmp_path / "mallory")
    finally:
        signal.signal(signal.SIGUSR1, previous)
        listener.close()
        if os.path.exists(targets["escape"]):
            os.unlink(targets["escape"])
            pytest.fail("the submission wrote outside its tmp dir")
    assert (result.status, result.score) == ("graded", result.max_score), result.tests
    assert result.max_score == 37.0
    refused = ["read /etc/passwd", "read the solution", "read the suite", "read the example", "list /",
               "write outside the tmp dir", "connect to 127.0.0.1", "signal the grader", "signal the zygote",
               "ptrace the grader", "run a program", "leave the process group", "fork bomb"]
    refused += ["fill the disk"] if available["tmp-quota"][0] else []  # else RLIMIT_FSIZE stops each file only
    for label in refused:
        assert f"denied {label}: " in result.output, (label, result.output)
    assert "works honest work: " in result.output and "works honest work after all that: " in result.output
    escaped = [line for line in result.output.splitlines() if line.startswith(("ESCAPED", "BROKEN"))]
    assert all(line.startswith("ESCAPED fill the disk: ") for line in escaped) and not received, escaped


def test_doctor_reports_every_protection_and_refuses_every_attack(capsys, available):
    from autograder import cli

    code = cli.main(["doctor", "--assignment", "a2_functions"])
    out = capsys.readouterr().out
    assert "  passed    a2_functions            reference 37/37, stub 0/37" in out  # run's preflight
    for name, (ok, why) in available.items():
        line = next(line for line in out.splitlines() if line[12:36].strip() == name)
        if ok:
            assert line.split()[0] in ("in", "standby"), line
        else:
            assert line.split()[0] == "MISSING" and why[:40] in line
    assert "ALLOWED" not in out and "FAILED" not in out and "BROKEN" not in out
    assert "refused   read the sources and suites" in out and "works     honest work" in out
    assert code == 0


def test_an_attack_that_works_fails_doctor_unless_nothing_here_could_stop_it():
    found = [["honest work", "honest", True, "succeeded: 2.5 1/3 fine"], ["read /etc/passwd", "read", True, "succeeded: root"],
             ["fork bomb", "fork_bomb", False, "BlockingIOError"], ["the probe worker", "", True, "could not run"]]
    rows, failures, missing = sandbox_audit.judge(found, {"in_force": ["landlock-files"]})
    assert [status for status, _, _ in rows] == ["works", "ALLOWED", "refused", "ALLOWED"]
    assert (failures, missing) == (["read /etc/passwd", "the probe worker"], [])
    rows, failures, missing = sandbox_audit.judge(found[1:2], {"in_force": []})
    assert (failures, missing) == ([], ["read /etc/passwd"])
    assert rows[0][2] == "succeeded: root (nothing here stops it: landlock-files missing)"
