"""Whether student code graded here would be confined: the verdict the grading preflight asks.

``available()`` says which protections this machine offers, each applied alone; ``verdict()``
whether the course's secrets stay unreadable under the full confinement. Both confine a
throwaway child for real (``run_confined``), which then tries attacks of the catalogue
(``worker/attacks.py``). In the grader only, never in a worker: it reads where the course lies.
``autograder doctor`` (``sandbox_audit``) adds the whole catalogue in a real worker.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import tempfile
import time

from .worker import attacks, confine, layout
from .worker.limits import Limits, apply as apply_limits

SECRET_LABELS = {"solutions": "the reference solutions", "source_lib": "the sources and suites",
                 "examples": "the examples"}  # each of layout.SECRET_FOLDERS


def scratch_spec(root: str, limits: dict | None = None) -> dict:
    """A spec like the grader's, in the (existing) folder ``root``."""
    for name in ("sub", "tmp"):
        os.makedirs(os.path.join(root, name), exist_ok=True)
    output = os.path.join(root, "output.txt")
    open(output, "w").close()
    return {"submission": os.path.join(root, "sub"), "tmp": os.path.join(root, "tmp"), "output": output,
            "limits": limits or Limits().to_dict()}


def run_confined(spec: dict, only=None, check=None, timeout: float = 20.0) -> dict:
    """Fork a throwaway child that applies ``limits`` (if in ``spec``) and ``confine.apply(spec, only)``,
    then runs ``check()``; answer ``{"in_force", "missing", "seconds", "check"}`` (or ``{"error"}``).
    The child's whole process group is killed afterwards."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        data = b"{}"
        try:
            os.close(read)
            os.setsid()
            try:
                os.chdir(spec["tmp"])
            except OSError:
                pass
            if "limits" in spec:
                apply_limits(spec["limits"])
            in_force = confine.apply(spec, only)
            result = {"in_force": in_force, "missing": confine.STATE["missing"], "seconds": confine.STATE["seconds"]}
            if check is not None:
                result["check"] = check()
            data = json.dumps(result).encode()
        except BaseException as exc:
            data = json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode()
        finally:
            try:
                while data:
                    data = data[os.write(write, data):]
            finally:
                os._exit(0)
    os.close(write)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while (left := deadline - time.monotonic()) > 0 and select.select([read], [], [], left)[0]:
            chunk = os.read(read, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read)
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        os.waitpid(pid, 0)
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return {"error": "the probe child ended without an answer"}


def available() -> list[tuple[str, bool, str]]:
    """``(protection, available, why)`` for each protection this machine could apply.

    Each is tried for real, alone, in a throwaway child: available means the kernel (or the
    container) let it take hold; ``why`` says what it gives, or why it is missing."""
    rows = [("limits", True, confine.PROTECTIONS["limits"])]
    root = tempfile.mkdtemp(prefix="ag-confine-")
    try:
        for name in confine.PROTECTIONS:
            if name == "limits":
                continue
            result = run_confined(scratch_spec(root), {name})
            if "error" in result:
                rows.append((name, False, result["error"]))
            elif name in result["in_force"]:
                rows.append((name, True, confine.PROTECTIONS[name]))
            else:
                rows.append((name, False, result["missing"].get(name, "not applied")))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def secrets() -> dict[str, tuple[str, str | None]]:
    """What a child must never read: label → (folder, its first ``.py`` file, if any), for each
    of the course root's secret folders (``layout.SECRET_FOLDERS``) that exists."""
    from . import course

    root = course.course_root()
    found = {}
    for name in layout.SECRET_FOLDERS:
        folder = root / name
        if folder.is_dir():
            sample = None
            for top, dirs, files in os.walk(folder):
                dirs.sort()
                sample = next((os.path.join(top, f) for f in sorted(files) if f.endswith(".py")), None)
                if sample:
                    break
            found[SECRET_LABELS.get(name, f"the course's {name}")] = (os.path.realpath(folder),
                                                                        sample and os.path.realpath(sample))
    return found


def expected() -> dict[str, str]:
    """The protections this machine offers that must be in force for student code to be confined
    (uid, seccomp, Landlock as far as its ABI goes), each with what says it is offered."""
    found = {}
    if confine.LINUX and os.geteuid() == 0:
        found.update({"uid": "the grader is root", "process-cap": "the grader is root"})
    if confine.SECCOMP_OK:
        found["seccomp"] = "seccomp filters are available"
    for name, abi in (("landlock-files", 1), ("landlock-tcp", 4), ("landlock-signals", 6), ("landlock-abstract-unix", 6)):
        if confine.LANDLOCK_ABI >= abi:
            found[name] = f"Landlock ABI {confine.LANDLOCK_ABI}"
    return found


def verdict(timeout: float = 10.0) -> tuple[bool, list[str]]:
    """Whether student code graded here would be confined as ``autograder doctor`` means it: the
    reference solutions, the course sources with the suites, and the examples unreadable, and uid,
    seccomp and Landlock in force as far as this machine offers them. ``(True, [])``, or
    ``(False, reasons)`` with one sentence per reason.

    Cheap (a few ms, no attacks but reading): the course's secret folders are checked against the
    Landlock rules, then one throwaway child applies the full confinement as a worker child does,
    and tries to list each secret folder and read a file of it."""
    if not confine.LINUX:
        return False, [f"only the resource limits apply outside Linux (this is {sys.platform}): "
                       "student code can read everything the grader's user can"]
    from .supervisor import WORKER_ENV

    reasons = []
    found = secrets()
    if os.environ.get(layout.COURSE_ROOT_ENV) and layout.COURSE_ROOT_ENV not in WORKER_ENV:
        reasons.append(f"${layout.COURSE_ROOT_ENV} is set but the worker is not told: it cannot hide that course root")
    if confine.LANDLOCK_ABI > 0:
        for label, (folder, sample) in found.items():
            granting = next((p for p, _ in layout.STATIC_RULES for s in (folder, sample)
                             if s and layout.inside(s, p)), None)
            if granting:
                reasons.append(f"the Landlock rules grant {label} ({folder}) through {granting}")
    root = tempfile.mkdtemp(prefix="ag-verdict-")
    try:
        result = run_confined(scratch_spec(root), None, lambda: attacks.try_reading(found), timeout)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if "error" in result:
        return False, reasons + [f"the confined probe child failed: {result['error']}"]
    for name, offered in expected().items():
        if name not in result["in_force"]:
            reasons.append(f"{name} is offered here ({offered}) but did not take hold: "
                           f"{result['missing'].get(name, 'not applied')}")
    for label, read in result.get("check", {}).items():
        if read:
            reasons.append(f"student code can read {label}: it could {read}")
    return not reasons, reasons
