"""Concurrent worker children cannot touch each other or the grader.

A child may change only its own limits, priority, affinity and scheduling (the seccomp filter
checks the pid argument), and, with a root grader, each child runs as its own uid, so a fork
bomb fills only its own process cap. Each attack is tried for real against a live sibling child
or the grader, then in a ``jobs=2`` grading next to honest references that must keep full marks.
"""
from __future__ import annotations

import errno
import json
import os
import platform
import resource
import struct
import subprocess
import sys
import time

import pytest

from autograder import course, sandbox_verdict
from autograder.grading import Grader
from autograder.supervisor import Worker, Zygote
from autograder.submission import Source
from autograder.worker import confine, ids, seccomp
from autograder.worker.limits import Limits
from tests.bpf import run_filter as _run_filter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = (course.course_root() / "solutions" / "a2_functions" / "functions.py").read_text()
ROOT_GRADER = os.geteuid() == 0
# a memory limit no other grading on the machine uses: the hostile sweeps attack only its siblings
SIGNATURE = 2 * 2**30 + 7 * 4096
LIMITS = Limits(memory=SIGNATURE, cpu_seconds=60, file_size=8 * 2**20, processes=32)
MAX_SCORE = 37.0
try:
    with open("/proc/sys/kernel/pid_max") as _f:
        PID_MAX = int(_f.read())
except OSError:
    PID_MAX = 32768
# the syscalls Python has no function for, by machine (kernel uapi numbers)
NUMBERS = {"x86_64": {"ioprio_set": 251, "ioprio_get": 252, "sched_setattr": 314, "pidfd_open": 434,
                      "process_mrelease": 448},
           "aarch64": {"ioprio_set": 30, "ioprio_get": 31, "sched_setattr": 274, "pidfd_open": 434,
                       "process_mrelease": 448}}
NR = NUMBERS.get(platform.machine(), {})

needs_seccomp = pytest.mark.skipif(not (confine.SECCOMP_OK and NR), reason=f"seccomp: {confine.SECCOMP_WHY or 'no table'}")
needs_root = pytest.mark.skipif(not ROOT_GRADER or ids.CHILD_IDS_FROM is None,
                                reason=f"distinct child uids need a root grader (this one is uid {os.geteuid()})"
                                if not ROOT_GRADER else f"no free block of child uids: {ids.CHILD_IDS_WHY}")

# -- the filter, instruction by instruction ----------------------------------------------------------




PID_SYSCALLS = {  # machine → name → number, for the syscalls whose first argument is a pid
    "x86_64": {"prlimit64": 302, "sched_setaffinity": 203, "sched_setscheduler": 144, "sched_setparam": 142,
               "sched_setattr": 314},
    "aarch64": {"prlimit64": 261, "sched_setaffinity": 122, "sched_setscheduler": 119, "sched_setparam": 118,
                "sched_setattr": 274},
}
WHICH_WHO = {"x86_64": {"setpriority": (141, 0, 1, 2), "ioprio_set": (251, 1, 2, 3)},  # nr, process, group, user
             "aarch64": {"setpriority": (140, 0, 1, 2), "ioprio_set": (30, 1, 2, 3)}}


@pytest.mark.parametrize("machine", sorted(PID_SYSCALLS))
def test_the_filter_lets_a_child_change_only_its_own_limits_priority_and_scheduling(machine):
    arch = seccomp.ARCHES[machine][0]
    me = 4242
    program = _program_for(machine, me)
    allow, eperm = seccomp.RET_ALLOW, seccomp.RET_ERRNO | errno.EPERM
    for name, nr in PID_SYSCALLS[machine].items():
        for pid in (0, me, me | 0xFFFFFFFF00000000):  # the kernel reads a pid_t: the high word is ignored
            assert _run_filter(program, nr, arch, pid, 9, 0) == allow, (name, pid)
        for pid in (1, me + 1, me - 1, os.getpid(), 0xFFFFFFFF):
            assert _run_filter(program, nr, arch, pid, 9, 0) == eperm, (name, pid)
    for name, (nr, process, group, user) in WHICH_WHO[machine].items():
        for which in (process, group):  # the child leads its own process group (setsid)
            assert _run_filter(program, nr, arch, which, 0, 5) == allow, (name, which)
            assert _run_filter(program, nr, arch, which, me, 5) == allow, (name, which)
            assert _run_filter(program, nr, arch, which, me + 1, 5) == eperm, (name, which)
            assert _run_filter(program, nr, arch, which, 1, 5) == eperm, (name, which)
        for who in (0, me, 65534):  # a user's processes: with a non-root grader, the grader's too
            assert _run_filter(program, nr, arch, user, who, 5) == eperm, (name, who)
    assert _run_filter(program, NUMBERS[machine]["process_mrelease"], arch, 3, 0) == eperm
    assert _run_filter(program, NUMBERS[machine]["pidfd_open"], arch, me, 0) == eperm


def _program_for(machine: str, pid: int) -> bytes:
    code, slots = seccomp._template(machine)
    program = bytearray(code)
    for index, sign in slots:
        struct.pack_into("=I", program, index * 8 + 4, (sign * pid) & 0xFFFFFFFF)
    return bytes(program)


def _extents(kind: str) -> list[tuple[int, int]]:
    with open(f"/proc/self/{kind}_map") as f:
        return [(int(a), int(a) + int(n)) for a, _, n in (line.split() for line in f if line.strip())]


def test_the_block_of_child_uids_is_found_where_this_user_namespace_maps_it():
    """So that a bug cannot turn the distinct-uid tests into skips by finding no block."""
    first, last = ids.CHILD_ID_BASE, ids.CHILD_ID_BASE + 2**22
    mapped = all(any(a <= first and last <= b for a, b in _extents(kind)) for kind in ("uid", "gid"))
    assert (ids.CHILD_IDS_FROM is not None) == mapped, ids.CHILD_IDS_WHY
    if mapped:
        assert ids.child_ids(4242) == (first + 4242, first + 4242)
    else:
        assert ids.child_ids(4242) == ids.NOBODY and "mapped" in ids.CHILD_IDS_WHY


# -- a child aims at the grader -------------------------------------------------------------------------

def _grader_state(pid: int) -> dict:
    return {"limits": [resource.prlimit(pid, r) for r in
                       (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_NPROC)],
            "nice": os.getpriority(os.PRIO_PROCESS, pid), "cpus": sorted(os.sched_getaffinity(pid)),
            "policy": os.sched_getscheduler(pid)}


def _current(pid: int) -> dict:
    """The values ``pid`` has now, to set again: a call that is allowed changes nothing."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return {"cpu": resource.prlimit(pid, resource.RLIMIT_CPU), "fsize": resource.prlimit(pid, resource.RLIMIT_FSIZE),
            "nice": os.getpriority(os.PRIO_PROCESS, pid), "cpus": os.sched_getaffinity(pid),
            "policy": os.sched_getscheduler(pid), "param": os.sched_getparam(pid),
            "ioprio": libc.syscall(ctypes.c_long(NR["ioprio_get"]), ctypes.c_long(1), ctypes.c_long(pid))}


def _at(pid: int, now: dict) -> dict:
    """Each call aimed at ``pid`` with the values ``now``: call → "allowed" or the errno's name."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def ioprio():
        if libc.syscall(ctypes.c_long(NR["ioprio_set"]), ctypes.c_long(1), ctypes.c_long(pid),
                        ctypes.c_long(now["ioprio"])) == -1:
            raise OSError(ctypes.get_errno(), "ioprio_set")

    def outcome(fn):
        try:
            fn()
            return "allowed"
        except OSError as exc:
            return errno.errorcode.get(exc.errno, str(exc.errno))

    return {
        "prlimit RLIMIT_CPU": outcome(lambda: resource.prlimit(pid, resource.RLIMIT_CPU, now["cpu"])),
        "prlimit RLIMIT_FSIZE": outcome(lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, now["fsize"])),
        "read limits": outcome(lambda: resource.prlimit(pid, resource.RLIMIT_AS)),
        "setpriority": outcome(lambda: os.setpriority(os.PRIO_PROCESS, pid, now["nice"])),
        "sched_setaffinity": outcome(lambda: os.sched_setaffinity(pid, now["cpus"])),
        "sched_setscheduler": outcome(lambda: os.sched_setscheduler(pid, now["policy"], now["param"])),
        "sched_setparam": outcome(lambda: os.sched_setparam(pid, now["param"])),
        "ioprio_set": outcome(ioprio),
    }


@needs_seccomp
def test_the_filter_alone_refuses_a_child_the_graders_limits_priority_and_scheduling(tmp_path):
    """Without the uid drop (the child stays the grader's uid, as with a non-root grader), only
    the filter stands between the child and the grader's limits."""
    grader = os.getpid()
    before = _grader_state(grader)
    now = _current(grader)
    check = lambda: {"grader": _at(grader, now), "self": _at(0, _current(0)),  # noqa: E731
                     "own pid": _at(os.getpid(), _current(os.getpid()))}
    result = sandbox_verdict.run_confined(sandbox_verdict.scratch_spec(str(tmp_path), LIMITS.to_dict()), {"seccomp"}, check)
    assert "seccomp" in result["in_force"], result
    found = result["check"]
    assert found["grader"] == {k: "EPERM" for k in found["grader"]}, found["grader"]
    assert found["self"] == {k: "allowed" for k in found["self"]}, found["self"]
    assert found["own pid"] == {k: "allowed" for k in found["own pid"]}, found["own pid"]
    assert _grader_state(grader) == before


# -- two live children of one zygote ----------------------------------------------------------------------

CHILD = '''
import ctypes, errno, os, resource, threading
from autograder.worker.attacks import forks_until_refused  # the catalogue's fork bomb

NR = %r
_libc = ctypes.CDLL(None, use_errno=True)


def _syscall(nr, *args):
    if _libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args]) == -1:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


def _outcome(fn):
    try:
        fn()
        return "allowed"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))


def ids():
    return [list(os.getresuid()), list(os.getresgid()), os.getpid()]


def attack(pid):
    """Every call a child could use to hurt a sibling ``pid``, with values that would."""
    attr = (48).to_bytes(4, "little") + (5).to_bytes(4, "little") + bytes(40)  # sched_attr: SCHED_IDLE
    buf = ctypes.create_string_buffer(attr, 48)
    return {
        "read its limits": _outcome(lambda: resource.prlimit(pid, resource.RLIMIT_AS)),
        "RLIMIT_AS": _outcome(lambda: resource.prlimit(pid, resource.RLIMIT_AS, (64 * 2**20, 64 * 2**20))),
        "RLIMIT_CPU": _outcome(lambda: resource.prlimit(pid, resource.RLIMIT_CPU, (1, 1))),
        "RLIMIT_NPROC": _outcome(lambda: resource.prlimit(pid, resource.RLIMIT_NPROC, (0, 0))),
        "setpriority process": _outcome(lambda: os.setpriority(os.PRIO_PROCESS, pid, 19)),
        "setpriority group": _outcome(lambda: os.setpriority(os.PRIO_PGRP, pid, 19)),
        "setpriority user": _outcome(lambda: os.setpriority(os.PRIO_USER, 0, 19)),
        "sched_setaffinity": _outcome(lambda: os.sched_setaffinity(pid, {min(os.sched_getaffinity(0))})),
        "sched_setscheduler": _outcome(lambda: os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))),
        "sched_setparam": _outcome(lambda: os.sched_setparam(pid, os.sched_param(0))),
        "sched_setattr": _outcome(lambda: _syscall(NR["sched_setattr"], pid, ctypes.addressof(buf), 0)),
        "ioprio_set": _outcome(lambda: _syscall(NR["ioprio_set"], 1, pid, 3 << 13)),  # WHO_PROCESS, idle
        "ioprio_set user": _outcome(lambda: _syscall(NR["ioprio_set"], 3, 0, 3 << 13)),  # WHO_USER
        "kill": _outcome(lambda: os.kill(pid, 0)),
        "pidfd_open": _outcome(lambda: _syscall(NR["pidfd_open"], pid, 0)),
    }


def state():
    return {"AS": list(resource.getrlimit(resource.RLIMIT_AS)), "CPU": list(resource.getrlimit(resource.RLIMIT_CPU)),
            "NPROC": list(resource.getrlimit(resource.RLIMIT_NPROC)),
            "nice": os.getpriority(os.PRIO_PROCESS, 0), "cpus": sorted(os.sched_getaffinity(0)),
            "policy": os.sched_getscheduler(0)}


def threads(count):
    """Honest work that needs new tasks: ``count`` threads and one forked process."""
    done = []
    started = [threading.Thread(target=done.append, args=(i,)) for i in range(count)]
    for t in started:
        t.start()
    for t in started:
        t.join()
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    return [sorted(done), os.WEXITSTATUS(os.waitpid(pid, 0)[1])]
''' % (NR,)


@pytest.fixture
def siblings(tmp_path):
    """Two live children of one zygote, each serving CHILD, as two concurrent submissions would."""
    zygote = Zygote()
    workers = []
    for name in ("mallory", "alice"):
        for part in ("sub", "tmp"):
            (tmp_path / name / part).mkdir(parents=True)
        (tmp_path / name / "sub" / "child.py").write_text(CHILD)
        spec = {"submission": str(tmp_path / name / "sub"), "tmp": str(tmp_path / name / "tmp"),
                "output": str(tmp_path / name / "out.txt"), "limits": LIMITS.to_dict()}
        workers.append(Worker(zygote, spec, call_timeout=20, budget=120))
    modules = [w.module("child") for w in workers]
    yield workers, modules
    for w in workers:
        w.close()
    zygote.close()


def _limits_of(pid: int) -> dict:
    """``/proc/<pid>/limits``: name → (soft, hard), numbers or "unlimited"."""
    with open(f"/proc/{pid}/limits") as f:
        rows = f.read().splitlines()[1:]
    return {row[:26].strip(): tuple(int(v) if v.isdigit() else v for v in row[26:].split()[:2]) for row in rows}


@needs_seccomp
def test_a_child_cannot_change_a_sibling_childs_limits_priority_or_scheduling(siblings):
    (mallory, alice), (attacker, victim) = siblings
    before = victim.state()
    found = attacker.attack(alice.pid)
    assert found == {k: "EPERM" for k in found}, found
    assert victim.state() == before
    seen = _limits_of(alice.pid)  # as the grader sees them (a root without CAP_SYS_RESOURCE cannot prlimit)
    assert (seen["Max address space"], seen["Max cpu time"]) == ((LIMITS.memory,) * 2, (LIMITS.cpu_seconds,) * 2)
    assert victim.threads(2) == [[0, 1], 7]


@needs_root
def test_concurrent_children_run_as_distinct_unprivileged_uids(siblings):
    (mallory, alice), (attacker, victim) = siblings
    seen = [attacker.ids(), victim.ids()]
    assert [pid for _, _, pid in seen] == [mallory.pid, alice.pid]
    for uids, gids, _ in seen:
        assert len(set(uids)) == 1 and len(set(gids)) == 1, seen
        assert uids[0] not in (0, ids.NOBODY[0]) and gids[0] not in (0, ids.NOBODY[1]), seen
    assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1], seen
    # what the child must read and write is its own: the output file, the tmp dir
    assert os.stat(mallory.spec["output"]).st_uid == seen[0][0][0]
    assert os.stat(alice.spec["output"]).st_uid == seen[1][0][0]


@needs_root
def test_a_fork_bomb_fills_only_its_own_process_cap(siblings):
    (mallory, alice), (attacker, victim) = siblings
    forks, error = attacker.forks_until_refused(10 * LIMITS.processes, 0)  # every process sleeps: they hold the cap
    assert error == "BlockingIOError" and 0 < forks < LIMITS.processes
    # while the bomb holds its cap, the sibling still starts threads and forks
    assert victim.threads(8) == [list(range(8)), 7]


# -- graded side by side: jobs=2 ----------------------------------------------------------------------------

SWEEP = '''
import os, resource, threading, time

def _sweep(hits):
    """Every pid of a plausible range: read its limits; a sibling submission's (known by the
    memory limit every grading child has) gets a tiny memory and CPU limit, the idle scheduling
    class and nice 19, on this process's own (busy) core."""
    mine = {os.getpid()} | {t.native_id for t in threading.enumerate()}
    for pid in range(2, PID_MAX):
        if pid in mine:
            continue
        try:
            hard = resource.prlimit(pid, resource.RLIMIT_AS)[1]
        except OSError:
            continue
        hits.add(pid)
        if hard == SIGNATURE:
            for attack in (lambda: resource.prlimit(pid, resource.RLIMIT_AS, (48 * 2**20, 48 * 2**20)),
                           lambda: resource.prlimit(pid, resource.RLIMIT_CPU, (1, 1)),
                           lambda: os.setpriority(os.PRIO_PROCESS, pid, 19),
                           lambda: os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0)),
                           lambda: os.sched_setaffinity(pid, {min(os.sched_getaffinity(0))})):
                try:
                    attack()
                except OSError:
                    pass

def _forever(hits):
    while True:
        _sweep(hits)
        time.sleep(0.01)

_HITS = set()
_start = time.monotonic()
while time.monotonic() - _start < HOLD:
    _sweep(_HITS)
print("sweep: limits of %d other pids were readable" % len(_HITS))
threading.Thread(target=_forever, args=(_HITS,), daemon=True).start()
'''

BOMB = '''
import time
from autograder.worker.attacks import forks_until_refused as _bomb

print("bomb: %d processes hold the cap" % _bomb(10**6, 0)[0])
time.sleep(HOLD)
'''

THREADED = '''
from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(4) as _pool:  # honest code that starts threads (new tasks, so counted by the cap)
    _TABLE = list(_pool.map(lambda k: k * k, range(64)))
'''


def _grade_side_by_side(tmp_path, hostile: str, honest: str, copies: int = 4):
    """Grade the hostile submission first (this process's job is held by it) while the spawned
    job grades ``copies`` honest ones; answer (hostile result, [honest results])."""
    header = f"PID_MAX = {PID_MAX}\nSIGNATURE = {SIGNATURE}\nHOLD = 2.0\n"
    sources = []
    for name, text in [("00_hostile", header + hostile + REFERENCE)] + \
            [(f"honest_{i}", honest + REFERENCE) for i in range(copies)]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "functions.py").write_text(text)
        sources.append(Source(name, tmp_path / name))
    results = Grader("a2_functions", jobs=2, limits=LIMITS, call_timeout=3, budget=30).grade(sources)
    return results[0], results[1:]


@pytest.mark.slow
@needs_seccomp
def test_a_pid_sweep_of_prlimit_setpriority_and_affinity_costs_concurrent_references_nothing(tmp_path):
    hostile, honest = _grade_side_by_side(tmp_path, SWEEP, THREADED)
    assert [(r.status, r.score, r.max_score) for r in honest] == [("graded", MAX_SCORE, MAX_SCORE)] * len(honest), \
        [(r.student_id, r.score, [(t.name, t.status, t.feedback[:80]) for t in r.tests if t.score < t.max_score][:3])
         for r in honest]
    assert "sweep: limits of 0 other pids were readable" in hostile.output, hostile.output


@pytest.mark.slow
@needs_root
def test_a_fork_bomb_in_one_child_leaves_concurrent_threaded_references_full_marks(tmp_path):
    hostile, honest = _grade_side_by_side(tmp_path, BOMB, THREADED, copies=3)
    forks = int(hostile.output.split("bomb: ")[1].split()[0])
    assert 0 < forks < LIMITS.processes, hostile.output
    for r in honest:
        assert (r.status, r.score) == ("graded", MAX_SCORE), \
            (r.student_id, [(t.name, t.status, t.feedback[:80]) for t in r.tests if t.score < t.max_score])


# -- a grader that is not root --------------------------------------------------------------------------------

UNPRIVILEGED = 47_111  # the uid the grader runs as below; no process on the machine has it

NON_ROOT_HOSTILE = """
import os, resource
def _hit(pid):
    done = []
    for name, kind, value in (("cpu", resource.RLIMIT_CPU, 1), ("fsize", resource.RLIMIT_FSIZE, 0),
                              ("as", resource.RLIMIT_AS, 64 * 2**20), ("nofile", resource.RLIMIT_NOFILE, 3)):
        try:
            resource.prlimit(pid, kind, (value, value))
            done.append(name)
        except OSError:
            pass
    for attack in (lambda: os.setpriority(os.PRIO_PROCESS, pid, 19), lambda: os.sched_setaffinity(pid, {0})):
        try:
            attack()
            done.append("sched")
        except OSError:
            pass
    return done
print("grader:", _hit(GRADER) or "EPERM")
print("others hit:", len([pid for pid in range(2, PID_MAX) if pid != os.getpid() and _hit(pid)]))
"""

NON_ROOT_GRADER = r"""
import ctypes, json, os, pathlib, resource, sys

UID, WORK, ROOT, PID_MAX = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
TASK = json.loads(sys.stdin.read())
HOSTILE, HONEST, PROCESSES = TASK["hostile"], TASK.get("honest", ""), TASK.get("processes", 64)
libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]


def check(result, what):
    if result != 0:
        raise OSError(ctypes.get_errno(), what)


def first_closed(path):
    # (the first folder on the way to path that others may not enter, the entry below it), or None
    current = "/"
    for part in [p for p in path.split("/") if p]:
        below = os.path.join(current, part)
        if not os.stat(current).st_mode & 0o001:
            return current, below
        current = below
    return None


# In a private mount namespace (this process and its children only), a closed folder on the way
# to the Python installation (pyenv's /root) becomes a tmpfs anyone may enter, holding a bind of
# the one entry below it that leads to the installation.
closed = first_closed(os.path.realpath(sys.base_prefix))
if closed is not None:
    folder, below = closed
    aside = os.path.join(WORK, "aside")
    os.mkdir(aside)
    check(libc.unshare(0x00020000), "unshare(CLONE_NEWNS)")
    check(libc.mount(None, b"/", None, 0x4000 | 0x40000, None), "making mounts private")  # MS_REC | MS_PRIVATE
    check(libc.mount(below.encode(), aside.encode(), None, 0x1000 | 0x4000, None), "bind aside")  # MS_BIND | MS_REC
    check(libc.mount(b"tmpfs", folder.encode(), b"tmpfs", 0, b"mode=0755"), "tmpfs")
    os.mkdir(below)
    check(libc.mount(aside.encode(), below.encode(), None, 0x1000 | 0x4000, None), "bind back")
    check(libc.umount2(aside.encode(), 2), "umount aside")  # MNT_DETACH
    os.rmdir(aside)
os.setgroups([])
os.setresgid(UID, UID, UID)
os.setresuid(UID, UID, UID)
os.environ.update(HOME=WORK, TMPDIR=WORK)
import tempfile
tempfile.tempdir = WORK
sys.path.insert(0, ROOT)
try:
    from autograder.grading import Grader
    from autograder.submission import Source
    from autograder.worker.limits import Limits
except ImportError as exc:
    print(json.dumps({"skip": "uid %d cannot import the autograder: %s" % (UID, exc)}))
    sys.exit(0)

KINDS = {"RLIMIT_AS": resource.RLIMIT_AS, "RLIMIT_CPU": resource.RLIMIT_CPU, "RLIMIT_FSIZE": resource.RLIMIT_FSIZE,
         "RLIMIT_NOFILE": resource.RLIMIT_NOFILE}
before = {k: resource.getrlimit(v) for k, v in KINDS.items()}
reference = open(os.path.join(ROOT, "solutions", "a2_functions", "functions.py")).read()
header = "GRADER = %d\nPID_MAX = %d\nHOLD = 2.0\n" % (os.getpid(), PID_MAX)
sources = []
for name, text in (("00_hostile", header + HOSTILE + reference), ("honest_0", HONEST + reference),
                   ("honest_1", HONEST + reference)):
    os.mkdir(os.path.join(WORK, name))
    with open(os.path.join(WORK, name, "functions.py"), "w") as f:
        f.write(text)
    sources.append(Source(name, pathlib.Path(WORK, name)))
results = Grader("a2_functions", jobs=2, limits=Limits(processes=PROCESSES), call_timeout=10, budget=60).grade(sources)
after = {k: resource.getrlimit(v) for k, v in KINDS.items()}
print(json.dumps({"before": before, "after": after, "uid": os.getuid(),
                  "results": [[r.student_id, r.status, r.score, r.max_score, r.output] for r in results]}))
"""


def _owner(path: str) -> int | None:
    try:
        return os.stat(path).st_uid
    except OSError:
        return None


def _non_root_grading(task: dict) -> dict:
    """Grade ``task`` (hostile code, honest prefix, process cap) in a grader that runs as
    ``UNPRIVILEGED``; answer what NON_ROOT_GRADER printed (or skip where this machine cannot)."""
    if not ROOT_GRADER:
        pytest.skip("this test makes a non-root grader by dropping root's uid in a subprocess; the suite runs "
                    f"as uid {os.geteuid()} and cannot")
    if any(p.isdigit() and _owner(f"/proc/{p}") == UNPRIVILEGED for p in os.listdir("/proc")):
        pytest.skip(f"uid {UNPRIVILEGED} is in use on this machine")
    if os.stat(ROOT).st_mode & 0o005 != 0o005:
        pytest.skip(f"the checkout {ROOT} is not readable by other users")
    import shutil
    import tempfile

    work = tempfile.mkdtemp(prefix="ag-nonroot-")  # in /tmp: pytest's tmp folders are closed to others
    started = time.monotonic()
    try:
        os.chown(work, UNPRIVILEGED, UNPRIVILEGED)
        run = subprocess.run([sys.executable, "-c", NON_ROOT_GRADER, str(UNPRIVILEGED), work, ROOT, str(PID_MAX)],
                             input=json.dumps(task), capture_output=True, text=True, timeout=180, cwd=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, (f"the non-root grader died (exit {run.returncode}) after {time.monotonic() - started:.1f} s "
                   f"with no results:\n{run.stderr[-3000:]}")
    found = json.loads(lines[-1])
    if "skip" in found:
        pytest.skip(found["skip"])
    return found


@pytest.mark.slow
@needs_seccomp
def test_a_non_root_grader_survives_a_child_aiming_prlimit_at_it_and_at_every_pid():
    """The children keep the grader's uid here, so the kernel allows them everything on the grader
    and on each other: the filter (and Landlock's signal scope) is what keeps them apart."""
    found = _non_root_grading({"hostile": NON_ROOT_HOSTILE})
    assert found["uid"] == UNPRIVILEGED
    assert found["after"] == found["before"]
    by_id = {sid: (status, score, max_score, output) for sid, status, score, max_score, output in found["results"]}
    hostile = by_id["00_hostile"][3]
    assert "grader: EPERM" in hostile and "others hit: 0" in hostile, hostile
    for sid in ("honest_0", "honest_1"):
        assert by_id[sid][:3] == ("graded", MAX_SCORE, MAX_SCORE), by_id[sid]


@pytest.mark.slow
def test_a_non_root_graders_children_each_have_their_own_process_cap():
    """The cap is set once the child is in its own user namespace: it counts that child's
    processes only, not the grader user's, so a fork bomb stops at its own cap and the
    concurrent children still start threads."""
    found = _non_root_grading({"hostile": BOMB, "honest": THREADED, "processes": 16})
    by_id = {sid: (status, score, output) for sid, status, score, max_score, output in found["results"]}
    forks = int(by_id["00_hostile"][2].split("bomb: ")[1].split()[0])
    assert 8 <= forks < 16, by_id["00_hostile"][2]  # nearly its whole cap: not the grader user's processes
    for sid in ("honest_0", "honest_1"):
        assert by_id[sid][:2] == ("graded", MAX_SCORE), by_id[sid]
