"""``autograder doctor``: which protections confine a submission's worker on this machine, and why
any is missing.

Three steps, all run for real:

1. each protection is applied alone in a throwaway child (``confine.report``): available or not, and why;
2. each available one is checked in a child where it alone is applied (so one protection cannot
   hide another's failure): ``/etc/passwd`` is world-readable, so only Landlock can refuse it;
3. a probe submission in a real worker (the zygote, full confinement) tries the attacks of the
   adversarial test suite and some honest work;
4. the preflight of ``autograder run`` (``autograder.preflight``) for each assignment: its
   reference must score full marks and its stub zero, graded here.

Exit code 0 when everything available is enforced and every attack is refused; 1 otherwise
(``--strict``: also when a protection is missing).
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import shutil
import socket
import sys
import tempfile
import uuid

from .. import course
from ..worker import confine
from ..worker.limits import Limits

HELP = "show which protections confine student code on this machine, and why any is missing"

LIMITS = Limits(memory=2 * 2**30, cpu_seconds=30, file_size=8 * 2**20, processes=32)
PTRACE_ATTACH, PTRACE_DETACH = 16, 17


def add_arguments(p) -> None:
    p.add_argument("--strict", action="store_true", help="exit 1 if any protection is missing, not only if one fails")
    p.add_argument("--assignment", dest="assignments", action="append", choices=list(course.ASSIGNMENTS),
                   metavar="ID", help="preflight this assignment (repeatable; default: all)")
    p.add_argument("--no-preflight", action="store_true", help="do not grade the references and stubs")


def preflights(ids: list[str]) -> list[str]:
    """Run ``autograder run``'s preflight for each assignment; print each; return the failed ids."""
    from .. import preflight
    from ..grading import Grader

    print("\nPreflight (each reference must score full marks and its stub 0, graded here as `run` grades):")
    failed = []
    for assignment_id in ids:
        found = preflight.check(Grader(assignment_id, jobs=1), allow_unconfined=True)  # confinement: above
        ref, stub = found.reference, found.stub
        seen = ", ".join(f"{what} {r.score:g}/{r.max_score:g}" if r.graded else f"{what} {r.status}"
                         for what, r in (("reference", ref), ("stub", stub)) if r is not None)
        print(f"  {'passed' if found.ok else 'FAILED':9} {assignment_id:23} {seen}")
        for problem in found.problems:
            print(f"  {'':9} {'':23} {problem}")
        if not found.ok:
            failed.append(assignment_id)
    return failed


def attempt(fn) -> tuple[bool, str]:
    """``(succeeded, what happened)`` for ``fn()``."""
    try:
        return True, f"succeeded: {str(fn())[:80]}"
    except BaseException as exc:  # noqa: BLE001 - whatever the kernel answers is the answer
        return False, f"{type(exc).__name__}: {exc}"[:120]


def _ptrace(pid: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    libc.ptrace(PTRACE_DETACH, pid, None, None)
    return 0


class Context:
    """What the checks aim at: a TCP listener, an abstract UNIX socket, the grader's pid."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.grader = os.getpid()
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        self.port = self.tcp.getsockname()[1]
        self.abstract_name = f"\0autograder-doctor-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind(self.abstract_name)
        self.abstract.listen(8)
        self.escape = f"/tmp/autograder-doctor-escape-{uuid.uuid4().hex}"

    def close(self) -> None:
        self.tcp.close()
        self.abstract.close()
        if os.path.exists(self.escape):
            os.unlink(self.escape)


def _connect_tcp(port: int):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
    finally:
        s.close()
    return "connected"


def _connect_abstract(name: str):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(name)
    finally:
        s.close()
    return "connected"


def _fill(folder: str, files: int, limit: int) -> tuple[int, str]:
    """Write up to ``files`` files of ``limit`` bytes in ``folder``; answer (bytes written, last error)."""
    total, error, chunk = 0, "no error", b"\0" * 2**20
    for i in range(files):
        try:
            with open(os.path.join(folder, f"fill-{i}"), "wb", buffering=0) as f:
                written = 0
                while written <= limit:
                    written += f.write(chunk)
                    total += len(chunk)
        except OSError as exc:
            error = errno.errorcode.get(exc.errno, str(exc.errno))
    return total, error


def _exec_in_grandchild() -> str:
    pid = os.fork()
    if pid == 0:
        try:
            os.execv("/bin/sh", ["/bin/sh", "-c", "exit 0"])
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return "ran /bin/sh"
    raise PermissionError("execve refused")


def _fork_with_nproc_one() -> str:
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    resource.setrlimit(resource.RLIMIT_NPROC, (1, hard))
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return "forked past a cap of 1"


def checks(ctx: Context) -> dict:
    """Protection → a function run in a child where only that protection is applied, answering
    ``[enforced, detail]``."""
    spec = ctx.spec

    def limits():
        want = {resource.RLIMIT_AS: spec["limits"]["memory"], resource.RLIMIT_CPU: spec["limits"]["cpu_seconds"],
                resource.RLIMIT_FSIZE: spec["limits"]["file_size"], resource.RLIMIT_NPROC: spec["limits"]["processes"]}
        wrong = [str(k) for k, v in want.items() if resource.getrlimit(k) != (v, v)]
        return [not wrong, "all four limits set" if not wrong else f"limits not set: {wrong}"]

    def tmp_quota():
        st = os.statvfs(spec["tmp"])
        total, error = _fill(spec["tmp"], 3, spec["limits"]["file_size"])
        ok = total <= spec["limits"]["file_size"] and error == "ENOSPC"
        return [ok, f"tmpfs of {st.f_blocks * st.f_frsize // 2**20} MiB; three files stopped at "
                    f"{total // 2**20} MiB in all with {error}"]

    def uid():
        ids = os.getresuid()
        killed, what = attempt(lambda: os.kill(ctx.grader, 0))
        return [set(ids) == {confine.child_ids(os.getpid())[0]} and not killed, f"uids {ids}; signal to the grader: {what}"]

    def process_cap():
        forked, what = attempt(_fork_with_nproc_one)
        return [not forked, f"fork with RLIMIT_NPROC=1: {what}"]

    def landlock_files():
        read, r = attempt(lambda: open("/etc/passwd").read(1))
        wrote, w = attempt(lambda: open(ctx.escape, "w").close())
        own, o = attempt(lambda: open(os.path.join(spec["tmp"], "mine.txt"), "w").write("ok"))
        sub, s = attempt(lambda: open(os.path.join(spec["submission"], "probe.py")).read(1))
        return [not read and not wrote and own and sub,
                f"/etc/passwd: {r}; /tmp: {w}; own tmp: {o}; submission: {s}"]

    def landlock_tcp():
        connected, what = attempt(lambda: _connect_tcp(ctx.port))
        return [not connected, f"connect to 127.0.0.1:{ctx.port}: {what}"]

    def landlock_signals():
        sent, what = attempt(lambda: os.kill(ctx.grader, 0))
        return [not sent, f"signal to the grader (this root process): {what}"]

    def landlock_abstract_unix():
        connected, what = attempt(lambda: _connect_abstract(ctx.abstract_name))
        return [not connected, f"connect to the grader's abstract socket: {what}"]

    grader_cpu = resource.getrlimit(resource.RLIMIT_CPU)  # read here, in the grader

    def seccomp():
        results = {"socket(AF_INET)": attempt(lambda: socket.socket(socket.AF_INET).close()),
                   "ptrace": attempt(lambda: _ptrace(ctx.grader)),
                   "setsid": attempt(os.setsid),
                   "exec": attempt(_exec_in_grandchild),
                   # the grader's own CPU limit set again (nothing changes if allowed): only its pid is refused
                   "prlimit(grader)": attempt(lambda: resource.prlimit(ctx.grader, resource.RLIMIT_CPU, grader_cpu))}
        return [not any(ok for ok, _ in results.values()),
                "; ".join(f"{k}: {'ALLOWED' if ok else v.split(':')[0]}" for k, (ok, v) in results.items())]

    def netns():
        connected, what = attempt(lambda: _connect_tcp(ctx.port))
        return [not connected, f"interfaces {[n for _, n in socket.if_nameindex()]}; connect: {what}"]

    sibling = os.path.join(os.path.dirname(spec["submission"]), "another-student")  # made here, outside
    os.makedirs(sibling, exist_ok=True)
    hidden = secrets() + [("another student's folder", sibling)]

    def hide_paths():
        seen = {label: attempt(lambda: os.stat(path).st_size) for label, path in hidden}
        own, o = attempt(lambda: open(os.path.join(spec["submission"], "probe.py")).read(1))
        return [own and not any(ok for ok, _ in seen.values()),
                "; ".join(f"stat {label}: {'ALLOWED' if ok else what.split(':')[0]}" for label, (ok, what) in seen.items())
                + f"; own submission: {o}"]

    return {"limits": limits, "tmp-quota": tmp_quota, "hide-paths": hide_paths, "uid": uid, "process-cap": process_cap,
            "landlock-files": landlock_files, "landlock-tcp": landlock_tcp, "landlock-signals": landlock_signals,
            "landlock-abstract-unix": landlock_abstract_unix, "seccomp": seccomp, "netns": netns}


PROBE = '''
import ctypes, os, socket, subprocess, time
import numpy as np

def _try(fn):
    try:
        return [True, "succeeded: " + str(fn())[:80]]
    except BaseException as exc:
        return [False, (type(exc).__name__ + ": " + str(exc))[:120]]

def _read(path):
    with open(path) as f:
        return f.read(20)

def _write(path):
    with open(path, "w") as f:
        f.write("escaped")
    return path

def _connect(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect(("127.0.0.1", port))
    s.close()
    return "connected"

def _ptrace(pid):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    if libc.ptrace(16, pid, None, None) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    libc.ptrace(17, pid, None, None)
    return "attached"

def _fill(limit):
    total, error = 0, None
    for i in range(3):
        try:
            with open("fill-%d" % i, "wb", buffering=0) as f:
                while total < 4 * limit:
                    total += f.write(bytes(2**20))
        except OSError as exc:
            error = exc
    for i in range(3):
        if os.path.exists("fill-%d" % i):
            os.unlink("fill-%d" % i)
    if total > limit:
        return "wrote %d MiB in all" % (total // 2**20)
    raise OSError(error.errno if error else 0, "stopped at %d MiB: %s" % (total // 2**20, error.strerror if error else ""))

def _bomb(cap):
    count = 0
    while count < 4 * cap:
        pid = os.fork()
        if pid == 0:
            try:
                time.sleep(120)
            finally:
                os._exit(0)
        count += 1
    return "forked %d processes" % count

def _honest():
    import fractions
    with open("honest.txt", "w") as f:
        f.write("fine")
    x = np.linspace(0, 1, 5)
    return str(float(x.sum())) + " " + str(fractions.Fraction(1, 3)) + " " + open("honest.txt").read()

def attacks(grader, zygote, port, secrets, escape, limit, cap):
    found = {"honest work": _try(_honest)}
    found["read /etc/passwd"] = _try(lambda: _read("/etc/passwd"))
    for label, path in secrets:
        found["read " + label] = _try(lambda: _read(path))
    found["list /"] = _try(lambda: os.listdir("/"))
    found["write outside the tmp dir"] = _try(lambda: _write(escape))
    found["fill the disk"] = _try(lambda: _fill(limit))
    found["connect to 127.0.0.1"] = _try(lambda: _connect(port))
    found["signal the grader"] = _try(lambda: os.kill(grader, 0))
    found["signal the zygote"] = _try(lambda: os.kill(zygote, 0))
    found["ptrace the grader"] = _try(lambda: _ptrace(grader))
    found["run a program"] = _try(lambda: subprocess.run(["/bin/sh", "-c", "exit 0"]).returncode)
    found["leave the process group"] = _try(os.setsid)
    found["fork bomb"] = _try(lambda: _bomb(cap))
    found["honest work after all that"] = _try(_honest)
    return found

def state():
    from autograder.worker import confine
    return confine.STATE
'''


# attack → the protections that stop it (any one is enough)
STOPPED_BY = {
    "read /etc/passwd": {"landlock-files"},
    "read": {"landlock-files"},
    "list /": {"landlock-files"},
    "write outside the tmp dir": {"landlock-files"},
    "fill the disk": {"tmp-quota"},
    "connect to 127.0.0.1": {"seccomp", "landlock-tcp", "netns"},
    "signal the grader": {"landlock-signals", "uid", "seccomp"},
    "signal the zygote": {"landlock-signals", "uid", "seccomp"},
    "ptrace the grader": {"seccomp", "landlock-files", "uid"},
    "run a program": {"seccomp", "landlock-files"},
    "leave the process group": {"seccomp"},
    "fork bomb": {"process-cap"},
}


def secrets() -> list[tuple[str, str]]:
    """A file of the reference solutions and one of the grading suites, if present."""
    found = []
    for label, folder in (("the reference solutions", course.course_root() / "solutions"),
                          ("the grading suites", course.PACKAGE_DIR / "suites")):
        first = next(iter(sorted(folder.rglob("*.py"))), None) if folder.is_dir() else None
        if first is not None:
            found.append((label, str(first)))
    return found


def worker_attacks(ctx: Context, root: str) -> tuple[dict, dict]:
    """Run the probe submission in a real worker; answer (attack → [succeeded, detail], confine.STATE)."""
    from ..problems import WorkerProblem
    from ..supervisor import Worker, Zygote

    spec = confine.scratch_spec(os.path.join(root, "worker"), LIMITS.to_dict())
    with open(os.path.join(spec["submission"], "probe.py"), "w") as f:
        f.write(PROBE)
    zygote = Zygote()
    worker = Worker(zygote, spec, call_timeout=60, budget=120)
    try:
        probe = worker.module("probe")
        state = probe.state()
        zygote_pid = zygote.process.pid
        found = probe.attacks(ctx.grader, zygote_pid, ctx.port, secrets(), ctx.escape,
                              LIMITS.file_size, LIMITS.processes)
        if zygote.process.poll() is not None:
            found["signal the zygote"] = [True, "the zygote died"]
    except WorkerProblem as exc:
        return {"the probe worker": [True, f"could not run: {exc}"]}, {}
    finally:
        worker.close()
        zygote.close()
    if os.path.exists(ctx.escape):
        found["write outside the tmp dir"] = [True, f"{ctx.escape} exists"]
    return found, state


def main(args) -> int:
    print("autograder doctor: how student code is confined on this machine")
    print(f"{platform.system()} {platform.release()} {platform.machine()}, Python {platform.python_version()}, "
          f"grader uid {os.geteuid()}, Landlock ABI {confine.LANDLOCK_ABI or 'none'}")
    if platform.system() != "Linux":
        print("only the resource limits apply outside Linux")
        return 1 if args.strict else 0
    root = tempfile.mkdtemp(prefix="ag-doctor-")
    failures, missing = [], []
    try:
        rows = confine.report()
        print("\nProtections (each applied alone in a throwaway child, then checked):")
        spec = confine.scratch_spec(os.path.join(root, "checks"), LIMITS.to_dict())
        with open(os.path.join(spec["submission"], "probe.py"), "w") as f:
            f.write("X = 1\n")
        ctx = Context(spec)
        try:
            tests = checks(ctx)
            seccomp_on = any(name == "seccomp" and ok for name, ok, _ in rows)
            for name, available, why in rows:
                if not available:
                    missing.append(name)
                    print(f"  {'MISSING':9} {name:23} {why}")
                    continue
                result = confine.probe(spec, [] if name == "limits" else {name}, tests[name])
                enforced, detail = result.get("check", [False, result.get("error", "no answer")])
                if not enforced:
                    failures.append(name)
                    status = "FAILED"
                elif name in confine.FALLBACK and seccomp_on:
                    status = "standby"
                    detail = f"works, used only if seccomp is not ({detail})"
                else:
                    status = "in force"
                print(f"  {status:9} {name:23} {why}")
                print(f"  {'':9} {'':23} {detail}")
            found, state = worker_attacks(ctx, root)
        finally:
            ctx.close()
        print("\nAttacks tried by a probe submission in a real worker (zygote child, full confinement):")
        if state:
            print(f"  in force: {', '.join(state['in_force'])}; applied in {state['seconds'] * 1000:.2f} ms")
            for name, why in state.get("missing", {}).items():
                print(f"  not in force: {name}: {why}")
            if state.get("kept_caps"):
                print(f"  the child kept {state['kept_caps']}")
        in_force = set(state.get("in_force", [])) | {"limits"}
        for name, (succeeded, detail) in found.items():
            if name.startswith("honest work"):
                label = "works" if succeeded else "BROKEN"
                if not succeeded:
                    failures.append(name)
            elif not succeeded:
                label = "refused"
            else:
                label = "ALLOWED"
                guards = STOPPED_BY.get(name.split(" the ")[0] if name.startswith("read the") else name, set())
                if guards & in_force or not guards:
                    failures.append(name)
                else:
                    detail += f" (nothing here stops it: {', '.join(sorted(guards))} missing)"
                    missing.append(name)
            print(f"  {label:9} {name:32} {detail}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    missing = [m for m in missing if m not in confine.FALLBACK]
    confined, reasons = confine.verdict()  # what `run` asks before grading, plus the attacks above
    if not args.no_preflight:
        failures += [f"the {a} preflight" for a in preflights(args.assignments or list(course.ASSIGNMENTS))]
    print()
    if failures or not confined:
        print("NOT CONFINED: " + "; ".join(reasons + [f"{f} does not hold" for f in failures]), file=sys.stderr)
        return 1
    if missing:
        print(f"missing here: {', '.join(missing)} (see docs/sandbox.md)")
        return 1 if args.strict else 0
    print("every protection is in force")
    return 0
