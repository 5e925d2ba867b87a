"""Who each child is: the uid and gid it drops to when the grader is root (``confine``'s ``uid``),
and which of the paths every child reads that uid cannot reach by the permission bits.

Worked out once in the zygote, before any fork.
"""
from __future__ import annotations

import os
import stat
import sys

from . import layout

LINUX = sys.platform.startswith("linux")


def _nobody() -> tuple[int, int]:
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except (ImportError, KeyError):
        return 65534, 65534


CHILD_ID_BASE = 2_000_000_000  # with a root grader, child pid p runs as uid and gid CHILD_ID_BASE + p
PID_LIMIT = 2**22  # the kernel's PID_MAX_LIMIT (64-bit): no pid reaches it, whatever pid_max says


def _mapped(kind: str, first: int, count: int) -> bool:
    """Whether the ids ``first`` … ``first + count - 1`` all exist in this user namespace
    (``/proc/self/uid_map`` or ``gid_map``: a rootless container maps only a few)."""
    try:
        with open(f"/proc/self/{kind}_map") as f:
            extents = [[int(v) for v in line.split()] for line in f if line.strip()]
    except (OSError, ValueError):
        return False
    return any(start <= first and first + count <= start + length for start, _, length in extents)


def _child_id_base() -> tuple[int | None, str]:
    """The first of the ids the children run as (``base + pid``), or None and why there is none.
    The block (below 2**31, past what distributions and systemd hand out) must be mapped in this
    user namespace and hold no account or group."""
    if not LINUX:
        return None, f"uids are dropped on Linux only (this is {sys.platform})"
    last = CHILD_ID_BASE + PID_LIMIT - 1
    for kind in ("uid", "gid"):
        if not _mapped(kind, CHILD_ID_BASE, PID_LIMIT):
            return None, f"the {kind}s {CHILD_ID_BASE}–{last} are not all mapped in this user namespace"
    try:
        import grp
        import pwd

        taken = [e.pw_name for e in pwd.getpwall() if CHILD_ID_BASE <= e.pw_uid <= last]
        taken += [e.gr_name for e in grp.getgrall() if CHILD_ID_BASE <= e.gr_gid <= last]
    except (ImportError, OSError):
        taken = []
    if taken:
        return None, f"{', '.join(taken[:3])} already use(s) ids in {CHILD_ID_BASE}–{last}"
    return CHILD_ID_BASE, ""


def child_ids(pid: int) -> tuple[int, int]:
    """The uid and gid the child ``pid`` drops to (root grader): its own pair, ``base + pid``, so
    no two live children share one; nobody's, shared, where no block of ids is free.

    Unique because pids are: with the filter in force nothing the child forks leaves its process
    group (its pid), and the kernel hands a pid out again only once no process uses it as a
    process group id, so every process with uid ``base + pid`` belongs to that one child."""
    return (CHILD_IDS_FROM + pid,) * 2 if CHILD_IDS_FROM is not None else NOBODY


NOBODY = _nobody()
CHILD_IDS_FROM, CHILD_IDS_WHY = _child_id_base()


def reachable(path: str, uid: int, gid: int) -> bool:
    """Whether ``uid``/``gid`` may reach and read ``path`` by the permission bits (ACLs ignored)."""
    def allowed(st, bits):  # bits: 4 read, 1 search
        shift = 6 if st.st_uid == uid else 3 if st.st_gid == gid else 0
        return (st.st_mode >> shift) & bits == bits

    current = "/"
    try:
        for part in [p for p in os.path.realpath(path).split("/") if p]:
            if not allowed(os.stat(current), 1):
                return False
            current = os.path.join(current, part)
        st = os.stat(current)
    except OSError:
        return False
    return allowed(st, 5 if stat.S_ISDIR(st.st_mode) else 4)


UNREACHABLE = [p for p in layout.STATIC_READS if not reachable(p, *child_ids(0))]  # as any child's ids
