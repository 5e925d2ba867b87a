"""Run a command and measure it: wall time and the peak memory of each process of its tree.

Peak memory is ``VmHWM`` (the resident-set high-water mark) from ``/proc/<pid>/status``,
sampled every ``interval`` seconds for every process descended from the command, and grouped
by role:

- ``grader``: the ``autograder`` process itself (``--jobs 1`` grades in it);
- ``jobs``: its ``--jobs N`` grading processes (``multiprocessing`` spawn children);
- ``zygote``: the warm worker ``python -m autograder.worker`` of each grading session;
- ``children``: the per-submission processes the zygote forks (the student's code runs there);
- ``other``: anything else (multiprocessing's resource tracker, nbgrader's kernels …).

A process that lives less than ``interval`` may be missed; VmHWM is monotonic, so a sampled
process is missed by at most ``interval`` of growth. ``ru_maxrss`` of ``RUSAGE_CHILDREN`` (the
largest process waited for, whatever its role) is reported as a cross-check: it is taken in a
fresh wrapper process, so that it covers this command only.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("grader", "jobs", "zygote", "children", "other")
WRAPPER = ("import json, resource, subprocess, sys, time\n"
           "t = time.perf_counter()\n"
           "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
           "wall = time.perf_counter() - t\n"
           "print(json.dumps([code, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")


@dataclass
class Run:
    """One measured command: ``wall`` seconds, exit ``code``, peak KiB per role, processes seen."""

    wall: float
    code: int
    peak_kib: dict = field(default_factory=dict)   # role → largest VmHWM of one process (KiB)
    count: dict = field(default_factory=dict)      # role → processes seen
    ru_maxrss_kib: int = 0


def _status(pid: int) -> tuple[int, int] | None:
    """(ppid, VmHWM KiB) of ``pid``, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    hwm = fields.get("VmHWM", "0 kB").split()[0]
    return int(fields["PPid"].strip()), int(hwm)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _role(pid: int, ppid: int, top: int, roles: dict[int, str]) -> str:
    cmd = _cmdline(pid)
    if pid == top:
        return "grader"
    if "autograder.worker" in cmd:
        return "children" if roles.get(ppid) in ("zygote", "children") else "zygote"
    if "spawn_main" in cmd and roles.get(ppid) == "grader":
        return "jobs"
    return "other"


class TreeSampler:
    """Track the processes descended from ``top`` and the peak VmHWM of each."""

    def __init__(self, top: int):
        self.top = top
        self.roles: dict[int, str] = {}
        self.peak: dict[int, int] = {}

    def sample(self) -> None:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                status = _status(int(entry))
                if status:
                    parents[int(entry)] = status
        tree, frontier = set(), [self.top]
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in parents.items():
            children.setdefault(ppid, []).append(pid)
        while frontier:
            pid = frontier.pop()
            if pid in parents and pid not in tree:
                tree.add(pid)
                frontier += children.get(pid, [])
        for pid in sorted(tree):
            ppid, hwm = parents[pid]
            if pid not in self.roles:
                self.roles[pid] = _role(pid, ppid, self.top, self.roles)
            self.peak[pid] = max(self.peak.get(pid, 0), hwm)

    def summary(self) -> tuple[dict, dict]:
        peak = {r: 0 for r in ROLES}
        count = {r: 0 for r in ROLES}
        for pid, role in self.roles.items():
            peak[role] = max(peak[role], self.peak.get(pid, 0))
            count[role] += 1
        return peak, count


def run(command: list[str], *, interval: float = 0.1, cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run ``command`` (through a wrapper that times it and reports ``ru_maxrss``); measure it."""
    wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, *command], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    sampler, top = None, None
    while wrapper.poll() is None:
        if sampler is None:
            kids = [p for p in _children_of(wrapper.pid)]
            if kids:
                top = kids[0]
                sampler = TreeSampler(top)
        if sampler is not None:
            sampler.sample()
        time.sleep(interval)
    code, wall, maxrss = json.loads(wrapper.stdout.read().decode().strip().splitlines()[-1])
    peak, count = sampler.summary() if sampler else ({}, {})
    return Run(wall, code, peak, count, maxrss)


def _children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _cpu_times() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return values[3] + values[4], sum(values)  # idle + iowait, all


def idle_fraction(seconds: float = 1.0) -> float:
    """How much of the machine's CPU was idle over the next ``seconds``."""
    idle0, all0 = _cpu_times()
    time.sleep(seconds)
    idle1, all1 = _cpu_times()
    return (idle1 - idle0) / max(1, all1 - all0)


QUIET_WAIT = 120.0  # seconds wait_for_quiet waits at most (bench.py --quiet-wait)


def wait_for_quiet(threshold: float = 0.85, max_wait: float | None = None) -> float:
    """Wait (up to ``max_wait`` s, default ``QUIET_WAIT``) for a second in which ≥ ``threshold`` of the CPU was idle:
    other people's jobs on a shared machine distort wall times. Returns the last idle fraction."""
    deadline = time.monotonic() + (QUIET_WAIT if max_wait is None else max_wait)
    idle = idle_fraction()
    while idle < threshold and time.monotonic() < deadline:
        idle = idle_fraction()
    return idle
