"""``autograder doctor``'s audit of the sandbox: each protection attacked alone, then the whole
attack catalogue (``worker/attacks.py``) tried by a submission in a real worker, each outcome judged.

In the grader only. ``Targets`` is what the attacks aim at; ``HOLDS`` what shows each protection
holding (run in a child forked from here, ``sandbox_verdict.run_confined``); the rows the
functions answer are for ``commands/doctor.py`` to print.
"""
from __future__ import annotations

import os
import resource
import socket
import uuid

from .sandbox_verdict import available, run_confined, scratch_spec, secrets
from .worker import attacks, confine, ids
from .worker.limits import Limits

LIMITS = Limits(memory=2 * 2**30, cpu_seconds=30, file_size=8 * 2**20, processes=32)
OWN_FILE = "probe.py"  # a file of the submission, which the child must still read


class Targets:
    """What the attacks aim at, set up in the folder ``root``: a scratch spec with a file of the
    submission, a TCP listener, an abstract UNIX socket, the grader's pid, a path outside the tmp
    dir to write, another student's folder beside the submission, the course's secrets."""

    def __init__(self, root: str):
        self.spec = scratch_spec(root, LIMITS.to_dict())
        with open(os.path.join(self.spec["submission"], OWN_FILE), "w") as f:
            f.write("X = 1\n")
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        abstract = f"\0autograder-doctor-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind(abstract)
        self.abstract.listen(8)
        sibling = os.path.join(os.path.dirname(self.spec["submission"]), "another-student")
        os.makedirs(sibling, exist_ok=True)
        self.secrets = [(label, sample) for label, (_, sample) in secrets().items() if sample]
        self.plain = {"grader": os.getpid(), "port": self.tcp.getsockname()[1], "abstract": abstract,
                      "escape": f"/tmp/autograder-doctor-escape-{uuid.uuid4().hex}",
                      "grader_cpu": resource.getrlimit(resource.RLIMIT_CPU), "limits": self.spec["limits"],
                      "tmp": self.spec["tmp"], "own": os.path.join(self.spec["submission"], OWN_FILE),
                      "hidden": self.secrets + [("another student's folder", sibling)],
                      "secrets": self.secrets, "limit": LIMITS.file_size, "cap": LIMITS.processes}

    def __enter__(self) -> Targets:
        return self

    def __exit__(self, *_) -> None:
        self.tcp.close()
        self.abstract.close()
        if os.path.exists(self.plain["escape"]):
            os.unlink(self.plain["escape"])


# -- what shows each protection holding, in a child where it alone is applied: [holds, detail] ----------

def _outcomes(results: dict) -> str:
    return "; ".join(f"{k}: {'ALLOWED' if ok else v.split(':')[0]}" for k, (ok, v) in results.items())


def _limits(t):
    want = {resource.RLIMIT_AS: t["limits"]["memory"], resource.RLIMIT_CPU: t["limits"]["cpu_seconds"],
            resource.RLIMIT_FSIZE: t["limits"]["file_size"], resource.RLIMIT_NPROC: t["limits"]["processes"]}
    wrong = [str(k) for k, v in want.items() if resource.getrlimit(k) != (v, v)]
    return [not wrong, "all four limits set" if not wrong else f"limits not set: {wrong}"]


def _tmp_quota(t):
    st = os.statvfs(t["tmp"])
    total, error = attacks.fill(t["tmp"], 3, t["limits"]["file_size"])
    return [total <= t["limits"]["file_size"] and error == "ENOSPC",
            f"tmpfs of {st.f_blocks * st.f_frsize // 2**20} MiB; three files stopped at "
            f"{total // 2**20} MiB in all with {error}"]


def _hide_paths(t):
    seen = {f"stat {label}": attacks.stat(path) for label, path in t["hidden"]}
    own, o = attacks.read(t["own"], 1)
    return [own and not any(ok for ok, _ in seen.values()), f"{_outcomes(seen)}; own submission: {o}"]


def _uid(t):
    uids = os.getresuid()
    killed, what = attacks.signal(t["grader"])
    return [set(uids) == {ids.child_ids(os.getpid())[0]} and not killed, f"uids {uids}; signal to the grader: {what}"]


def _process_cap(t):
    def fork_with_a_cap_of_one():
        resource.setrlimit(resource.RLIMIT_NPROC, (1, resource.getrlimit(resource.RLIMIT_NPROC)[1]))
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        return "forked past a cap of 1"

    forked, what = attacks.attempt(fork_with_a_cap_of_one)
    return [not forked, f"fork with RLIMIT_NPROC=1: {what}"]


def _landlock_files(t):
    (r_ok, r), (w_ok, w) = attacks.read("/etc/passwd", 1), attacks.write(t["escape"], "")
    (o_ok, o), (s_ok, s) = attacks.write(os.path.join(t["tmp"], "mine.txt"), "ok"), attacks.read(t["own"], 1)
    return [not r_ok and not w_ok and o_ok and s_ok, f"/etc/passwd: {r}; /tmp: {w}; own tmp: {o}; submission: {s}"]


def _landlock_tcp(t):
    connected, what = attacks.connect_tcp(t["port"])
    return [not connected, f"connect to 127.0.0.1:{t['port']}: {what}"]


def _landlock_signals(t):
    sent, what = attacks.signal(t["grader"])
    return [not sent, f"signal to the grader (this root process): {what}"]


def _landlock_abstract_unix(t):
    connected, what = attacks.connect_abstract(t["abstract"])
    return [not connected, f"connect to the grader's abstract socket: {what}"]


def _seccomp(t):
    results = {"socket(AF_INET)": attacks.attempt(lambda: socket.socket(socket.AF_INET).close()),
               "ptrace": attacks.ptrace(t["grader"]), "setsid": attacks.new_session(), "exec": attacks.run_program(),
               "prlimit(grader)": attacks.prlimit(t["grader"], t["grader_cpu"])}  # only the grader's pid is refused
    return [not any(ok for ok, _ in results.values()), _outcomes(results)]


def _netns(t):
    connected, what = attacks.connect_tcp(t["port"])
    return [not connected, f"interfaces {[n for _, n in socket.if_nameindex()]}; connect: {what}"]


HOLDS = {  # protection → its attacks on Targets.plain
         "limits": _limits, "tmp-quota": _tmp_quota, "hide-paths": _hide_paths, "uid": _uid,
         "process-cap": _process_cap, "landlock-files": _landlock_files, "landlock-tcp": _landlock_tcp,
         "landlock-signals": _landlock_signals, "landlock-abstract-unix": _landlock_abstract_unix,
         "seccomp": _seccomp, "netns": _netns}


def holds(name: str, targets: Targets) -> tuple[bool, str, dict]:
    """Whether protection ``name`` holds, applied alone in a throwaway child that attacks what it
    should refuse: ``(holds, detail, the child's answer)``."""
    result = run_confined(targets.spec, [] if name == "limits" else {name},
                          lambda: HOLDS[name](targets.plain))
    enforced, detail = result.get("check", [False, result.get("error", "no answer")])
    return enforced, detail, result


def protections(targets: Targets) -> list[tuple[str, str, str, str | None]]:
    """``(status, protection, why, detail)``: each protection available alone (``sandbox_verdict.available``),
    then attacked alone. Status: ``MISSING`` (detail None), ``FAILED``, ``standby`` (a fallback
    that works but is not needed) or ``in force``."""
    rows = available()
    seccomp_on = any(name == "seccomp" and ok for name, ok, _ in rows)
    found = []
    for name, ok, why in rows:
        if not ok:
            found.append(("MISSING", name, why, None))
            continue
        enforced, detail, _ = holds(name, targets)
        if not enforced:
            found.append(("FAILED", name, why, detail))
        elif name in confine.FALLBACK and seccomp_on:
            found.append(("standby", name, why, f"works, used only if seccomp is not ({detail})"))
        else:
            found.append(("in force", name, why, detail))
    return found


def worker_attacks(targets: Targets, root: str) -> tuple[list[list], dict]:
    """The catalogue tried by a submission in a real worker (a zygote child, full confinement):
    ``([label, attack, succeeded, detail] each, the child's confine.STATE)``."""
    from .problems import WorkerProblem
    from .supervisor import Worker, Zygote

    spec = scratch_spec(root, LIMITS.to_dict())
    with open(os.path.join(spec["submission"], "hostile.py"), "w") as f:
        f.write(attacks.SUBMISSION)
    zygote = Zygote()
    worker = Worker(zygote, spec, call_timeout=60, budget=120)
    try:
        hostile = worker.module("hostile")
        state = hostile.state()
        found = hostile.try_every_attack({**targets.plain, "zygote": zygote.process.pid})
        if zygote.process.poll() is not None:
            found = [row[:2] + [True, "the zygote died"] if row[0] == "signal the zygote" else row for row in found]
    except WorkerProblem as exc:
        return [["the probe worker", "", True, f"could not run: {exc}"]], {}
    finally:
        worker.close()
        zygote.close()
    if os.path.exists(targets.plain["escape"]):
        found = [row[:2] + [True, f"{targets.plain['escape']} exists"] if row[0] == "write outside the tmp dir" else row for row in found]
    return found, state


def judge(found: list[list], state: dict) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    """``(rows of (works/BROKEN/refused/ALLOWED, label, detail), failures, missing)`` for the
    outcomes of ``worker_attacks``. An attack that worked is a failure unless nothing here stops it
    (none of the protections that refuse it is in force): then it is missing."""
    in_force = set(state.get("in_force", [])) | {"limits"}
    rows, failures, missing = [], [], []
    for label, name, succeeded, detail in found:
        if name == "honest":
            status = "works" if succeeded else "BROKEN"
            if not succeeded:
                failures.append(label)
        elif not succeeded:
            status = "refused"
        else:
            status = "ALLOWED"
            guards = attacks.STOPPED_BY.get(name, set())
            if guards & in_force or not guards:
                failures.append(label)
            else:
                detail += f" (nothing here stops it: {', '.join(sorted(guards))} missing)"
                missing.append(label)
        rows.append((status, label, detail))
    return rows, failures, missing
