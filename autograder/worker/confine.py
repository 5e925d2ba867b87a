"""OS-level confinement of a submission's child, applied after ``limits.apply``.

``apply(spec)`` is called in the forked child before any student code runs. Each protection is
applied when the kernel offers it; ``sandbox_verdict.available()`` says which this machine offers
and ``autograder doctor`` attacks each (the attacks: ``attacks.py``).
Every step fails soft: what cannot be applied is skipped and recorded in ``STATE["missing"]``
with the reason, and the child goes on (honest work is always graded). See docs/sandbox.md.

What to confine to is worked out once in the zygote, before any fork: ``layout.py`` (what a
child may read and what it must not see) and ``ids.py`` (the uid it becomes). This module
applies it in the child. It is longer than ~300 lines because its steps share the half-built
child (its namespaces, what took hold so far) and must run in this order.

The protections, in the order they are applied:

``tmp-quota``
    the private tmp dir becomes a tmpfs of ``limits["file_size"]`` bytes in a private mount
    namespace (``unshare(CLONE_NEWNS)``; through a user namespace when not root): writing many
    files cannot fill the disk, and nothing in it can be executed (``noexec``).
``hide-paths``
    in that mount namespace, an empty tmpfs over the checkout (the reference, the suites, the
    course sources, the examples), the autograder package and the folder the child's own
    scratch folders were made in (other submissions); the paths the child needs (the worker
    runtime, its submission, tmp dir and output) are bound back in. Not even ``stat`` reaches
    the rest, which Landlock alone cannot refuse.
``netns``
    a private network namespace with no interface up. Only a fallback, used when seccomp is not
    available: the filter already denies network sockets, and a namespace costs 1–5 ms per child.
``uid``
    when the grader is root (as on Gradescope): ``setgroups([])``, ``setresgid`` and
    ``setresuid`` to the child's own ids (``ids.child_ids``: 2000000000 + its pid, so concurrent
    children never share a uid; nobody where that block of ids is not free), every capability
    dropped from the bounding set. The child keeps ``CAP_DAC_READ_SEARCH`` only when a path it
    must read (the Python installation, the submission) is not reachable by that uid's file
    permissions; Landlock then limits reads.
``process-cap``
    ``RLIMIT_NPROC`` (set by ``limits.apply``) is enforced: the kernel ignores it for root.
``landlock-files``
    reads only beneath the submission, the private tmp dir, the Python installation and the
    shared libraries minus the hidden trees (the autograder package, the course root and its
    ``solutions/``, ``source_lib/``, ``examples/``, wherever they lie: inside the prefix too),
    the worker runtime (``autograder/__init__.py``, ``wire.py``, ``worker/``), a few devices,
    ``/proc/self``; writes only in the tmp dir (and ``/dev/null``); nothing may be executed.
``landlock-tcp``
    no TCP ``bind``/``connect`` on any port (ABI 4).
``landlock-signals`` / ``landlock-abstract-unix``
    no signals to, and no abstract UNIX sockets of, processes outside the child's own Landlock
    domain: the grader, the zygote, other submissions (ABI 6).
``seccomp``
    see ``seccomp.py``: no network sockets, ``ptrace``, ``exec``, namespaces or mounts; signals
    only to itself and its process group; ``setsid``/``setpgid`` refused so everything the child
    forks stays in the process group the grader kills.
"""
from __future__ import annotations

import ctypes
import os
import resource
import stat
import sys
import time

from . import ids, landlock, layout, seccomp

PROTECTIONS = {
    "limits": "memory, CPU time, file size and process count capped (setrlimit, limits.py)",
    "tmp-quota": "the private tmp dir is a size-capped tmpfs in a private mount namespace",
    "hide-paths": "the checkout, the suites and other submissions are hidden: not even stat reaches them",
    "netns": "a private network namespace with no interface up",
    "uid": "each child runs as its own uid (2000000000 + its pid), not as the grader's user",
    "process-cap": "the process cap (RLIMIT_NPROC) is enforced: fork bombs stop there",
    "landlock-files": "reads limited to the submission, Python and the worker runtime; writes to the tmp dir",
    "landlock-tcp": "no TCP bind or connect on any port (Landlock)",
    "landlock-signals": "no signals to processes outside the child's sandbox (Landlock scope)",
    "landlock-abstract-unix": "no abstract UNIX sockets outside the child's sandbox (Landlock scope)",
    "seccomp": "syscall filter: no network sockets, ptrace, exec, namespaces, mounts, setsid, "
               "no other process's limits, priority or scheduling",
}
FALLBACK = {"netns"}  # applied only when what it backs up (seccomp) is not in force
DEFAULT = [name for name in PROTECTIONS if name != "limits" and name not in FALLBACK]
NEEDS = {"process-cap": {"uid"}}  # a protection and what it cannot work without

STATE: dict = {"in_force": [], "missing": {}, "seconds": 0.0, "uid": None, "kept_caps": "", "hidden": []}

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x8, 0x4000, 0x40000
MS_BIND, MNT_DETACH = 0x1000, 2
MASK_OPTIONS = b"size=64k,nr_inodes=1024,mode=0711"  # an empty tmpfs laid over a hidden tree
PR_SET_KEEPCAPS, PR_CAPBSET_DROP = 8, 24
CAP_DAC_READ_SEARCH = 2
TMP_INODES = 10_000

LINUX = sys.platform.startswith("linux")
_libc = ctypes.CDLL(None, use_errno=True)
if LINUX:
    for _name, _types in (("unshare", [ctypes.c_int]),
                          ("mount", [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]),
                          ("prctl", [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]),
                          ("capset", [ctypes.c_char_p, ctypes.c_char_p]),
                          ("umount2", [ctypes.c_char_p, ctypes.c_int])):
        getattr(_libc, _name).argtypes = _types
        getattr(_libc, _name).restype = ctypes.c_int


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _holds_capabilities() -> bool:
    """Whether this process has effective capabilities (a user namespace would lose them)."""
    try:
        with open("/proc/self/status") as f:
            return any(line.startswith("CapEff:") and int(line.split()[1], 16) for line in f)
    except (OSError, ValueError):
        return False


if ids.CHILD_IDS_FROM is None:
    PROTECTIONS["uid"] = f"the children run as nobody, one uid for all ({ids.CHILD_IDS_WHY})"
LANDLOCK_ABI, LANDLOCK_WHY = landlock.abi()
SECCOMP_OK, SECCOMP_WHY = seccomp.available()
try:
    with open("/proc/sys/kernel/cap_last_cap") as _f:
        CAP_LAST = int(_f.read())
except (OSError, ValueError):
    CAP_LAST = 40
if layout.RULES_WHY:  # Landlock is then skipped
    LANDLOCK_ABI, LANDLOCK_WHY = 0, layout.RULES_WHY


def _open_static() -> list[tuple[int, int, bool]]:
    """The static rules' paths, opened once here (``O_PATH``) so that each child only adds rules."""
    opened = []
    if LANDLOCK_ABI > 0 and LINUX:
        for path, access in layout.STATIC_RULES:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            opened.append((fd, access, stat.S_ISDIR(os.fstat(fd).st_mode)))
    return opened


STATIC_FDS = _open_static()


def _close_static() -> None:
    """In the child: the zygote's ``O_PATH`` descriptors are not the student's business."""
    for fd, _, _ in STATIC_FDS:
        try:
            os.close(fd)
        except OSError:
            pass


def _hide(spec: dict) -> list[str]:
    """``hide-paths``, in the child's own mount namespace: an empty tmpfs over each hidden tree,
    then each path the child needs beneath one is bound back from a descriptor opened before.
    Parents come before children, so a mask inside a kept path and a kept path inside a mask
    both work. All or nothing: on a failure the masks are lifted again. Return the masks."""
    kept = []  # (path, fd, is_dir): opened in this mount namespace, as a bind from it needs
    try:
        for path in (spec["submission"], spec["tmp"], spec["output"]):
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            kept.append((os.readlink(f"/proc/self/fd/{fd}"), fd, stat.S_ISDIR(os.fstat(fd).st_mode)))
        own = [path for path, _, _ in kept]
        for path in layout.STATIC_KEEPS:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            kept.append((path, fd, stat.S_ISDIR(os.fstat(fd).st_mode)))
        masks = dict.fromkeys(m for m in layout.STATIC_HIDDEN + layout.scratch_masks(spec, own) if m not in own)
        ops = sorted([(m + "/", m, None, True) for m in masks] + [(p + "/", p, fd, d) for p, fd, d in kept])
        applied: list[tuple[str, bool]] = []  # (path, is a mask), outer before inner
        try:
            for _, path, fd, is_dir in ops:
                cover = next((a for a in reversed(applied) if layout.inside(path, a[0])), None)
                if fd is None:  # a mask
                    if cover is None or not cover[1]:
                        _check(_libc.mount(b"tmpfs", path.encode(), b"tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                                           MASK_OPTIONS), f"hiding {path}")
                        applied.append((path, True))
                elif cover is not None and cover[1]:  # a path to keep, beneath a mask: bind it back
                    folder = cover[0]
                    for part in path[len(cover[0]) + 1:].split("/")[:-1]:
                        folder += "/" + part
                        try:
                            os.mkdir(folder, 0o711)
                        except FileExistsError:
                            pass
                    if is_dir:
                        os.mkdir(path, 0o700)
                    else:
                        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                    _check(_libc.mount(f"/proc/self/fd/{fd}".encode(), path.encode(), None, MS_BIND, None),
                           f"binding {path} back")
                    applied.append((path, False))
        except OSError:
            for path, _ in reversed(applied):
                _libc.umount2(path.encode(), MNT_DETACH)
            raise
        return [path for path, is_mask in applied if is_mask]
    finally:
        for _, fd, _ in kept:
            os.close(fd)


# -- the steps -------------------------------------------------------------------------------------

def _namespaces(spec: dict, quota: bool, net: bool, root: bool, owner: tuple[int, int], done: dict,
                hide: bool = False) -> None:
    uid, gid = os.geteuid(), os.getegid()
    if not root:  # an unprivileged user namespace gives the capabilities to unshare and mount in it
        if _holds_capabilities():
            raise OSError("the grader is not root but holds capabilities, which a user namespace would drop "
                          "(it may need them to read the Python installation)")
        _check(_libc.unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)")
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
    if net:
        try:
            _check(_libc.unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)")
            done["netns"] = None
        except OSError as exc:
            done["netns"] = str(exc)
    if quota or hide:
        _check(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
        _check(_libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "making mounts private")
    if hide:
        if layout.HIDE_WHY:
            done["hide-paths"] = layout.HIDE_WHY
        else:
            try:
                STATE["hidden"] = _hide(spec)
                os.chdir(spec["tmp"])  # the same folder, now reached through the view
                done["hide-paths"] = None
            except OSError as exc:
                done["hide-paths"] = str(exc)
    if quota:
        tmp = spec["tmp"].encode()
        size = int(spec["limits"]["file_size"]) if "limits" in spec else 64 * 2**20
        options = f"size={size},nr_inodes={TMP_INODES},mode=0700,uid={owner[0]},gid={owner[1]}".encode()
        _check(_libc.mount(b"tmpfs", tmp, b"tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options), "mounting tmpfs")
        os.chdir(spec["tmp"])
        done["tmp-quota"] = None


def _drop_uid(spec: dict, on_tmpfs: bool) -> None:
    """Become this child's own uid and gid (``ids.child_ids``); keep CAP_DAC_READ_SEARCH only if a path
    to read is out of that uid's reach. The grader, root, still reads and removes what it owns."""
    uid, gid = ids.child_ids(os.getpid())
    for path in ([] if on_tmpfs else [spec["tmp"]]) + [spec["output"]]:
        try:  # the child must write in tmp and read its output back; without them the drop still holds
            os.chown(path, uid, gid)
        except OSError:
            pass
    unreachable = ids.UNREACHABLE or [p for p in (spec["submission"], spec["tmp"], spec["output"])
                                         if not ids.reachable(p, uid, gid)]
    keep = bool(unreachable)
    for cap in range(CAP_LAST + 1):
        if not (keep and cap == CAP_DAC_READ_SEARCH):
            _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    if keep:
        _check(_libc.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if keep:
        mask = 1 << CAP_DAC_READ_SEARCH
        header = (0x20080522).to_bytes(4, sys.byteorder) + (0).to_bytes(4, sys.byteorder)
        data = b"".join(v.to_bytes(4, sys.byteorder) for v in (mask, mask, 0, 0, 0, 0))
        if _libc.capset(header, data) != 0:
            # Still holding root's permitted capabilities as the child's uid: never run student code so.
            os._exit(71)
        _libc.prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)
        STATE["kept_caps"] = (f"CAP_DAC_READ_SEARCH, because uid {uid} cannot reach "
                              + ", ".join(unreachable[:3]) + (" …" if len(unreachable) > 3 else ""))
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise OSError("the uid did not change")
    STATE["uid"] = uid


def _landlock(spec: dict, wanted: set, done: dict) -> None:
    names = [n for n in ("landlock-files", "landlock-tcp", "landlock-signals", "landlock-abstract-unix") if n in wanted]
    if not names:
        return
    if LANDLOCK_ABI <= 0:
        for n in names:
            done[n] = LANDLOCK_WHY
        return
    abi = LANDLOCK_ABI
    if abi < 4 and "landlock-tcp" in names:
        done["landlock-tcp"] = f"Landlock ABI {abi} has no TCP rules (needs ABI 4, Linux ≥ 6.7)"
    for n in ("landlock-signals", "landlock-abstract-unix"):
        if abi < 6 and n in names:
            done[n] = f"Landlock ABI {abi} has no scoping (needs ABI 6, Linux ≥ 6.12)"
    scoped = ((landlock.SCOPE_SIGNAL if "landlock-signals" in names else 0)
              | (landlock.SCOPE_ABSTRACT_UNIX_SOCKET if "landlock-abstract-unix" in names else 0))
    ruleset = landlock.Ruleset(abi, fs="landlock-files" in names, net="landlock-tcp" in names, scoped=scoped)
    try:
        if "landlock-files" in names:
            for fd, access, is_dir in STATIC_FDS:
                ruleset.allow_fd(fd, access, is_dir)
            ruleset.allow(spec["submission"], landlock.READ)
            ruleset.allow(spec["output"], landlock.READ_FILE)
            ruleset.allow("/proc/self", landlock.READ)  # resolved now: this process's own /proc/<pid>
            if not ruleset.allow(spec["tmp"], landlock.WRITE_TREE):
                raise OSError(f"cannot open the tmp dir {spec['tmp']}")
        seccomp.no_new_privs()
        ruleset.restrict_self()
    finally:
        ruleset.close()
    for n in names:
        done.setdefault(n, None)


def apply(spec: dict, only=None) -> list[str]:
    """Confine this process; return the names of the protections now in force.

    ``only``: the protections to try (default: all but the fallbacks, which are tried when what
    they back up is unavailable); ``NEEDS`` are added. Never raises.
    """
    start = time.perf_counter()
    os.environ.pop(layout.COURSE_ROOT_ENV, None)  # where the course lies is not the student's business
    wanted = set(DEFAULT if only is None else only)
    for name in list(wanted):
        wanted |= NEEDS.get(name, set())
    done: dict[str, str | None] = {}  # name → None (in force) or why not
    try:
        if not LINUX:
            raise OSError(f"OS-level confinement is Linux-only (this is {sys.platform}); only the limits apply")
        root = os.geteuid() == 0
        if only is None and not ("seccomp" in wanted and SECCOMP_OK):
            wanted.add("netns")  # the fallback for the filter's denial of network sockets
        net = "netns" in wanted
        quota = "tmp-quota" in wanted
        hide = "hide-paths" in wanted
        dropping = root and "uid" in wanted
        owner = ids.child_ids(os.getpid()) if dropping else (os.geteuid(), os.getegid())  # of the tmpfs
        if quota or net or hide:
            try:
                _namespaces(spec, quota, net, root, owner, done, hide)
            except OSError as exc:
                for n in [n for n in ("tmp-quota", "hide-paths", "netns") if n in wanted]:
                    hint = " (unprivileged user namespaces disabled?)" if "CLONE_NEWUSER" in str(exc) else ""
                    done.setdefault(n, str(exc) + hint)
        if "uid" in wanted:
            if not root:
                done["uid"] = (f"the grader runs as uid {os.geteuid()}, not root: the child keeps that uid "
                               "(drop to nobody needs a root grader, as on Gradescope)")
            else:
                try:
                    _drop_uid(spec, done.get("tmp-quota", "") is None)
                    done["uid"] = None
                except OSError as exc:
                    done["uid"] = str(exc)
        if "process-cap" in wanted:
            soft = resource.getrlimit(resource.RLIMIT_NPROC)[0]
            if os.getuid() == 0:
                done["process-cap"] = "the child runs as root, for which the kernel ignores RLIMIT_NPROC"
            elif soft == resource.RLIM_INFINITY:
                done["process-cap"] = "no RLIMIT_NPROC is set"
            else:
                done["process-cap"] = None
        try:
            _landlock(spec, wanted, done)
        except OSError as exc:
            for n in ("landlock-files", "landlock-tcp", "landlock-signals", "landlock-abstract-unix"):
                if n in wanted:
                    done.setdefault(n, f"Landlock failed: {exc}")
        if "seccomp" in wanted:
            if not SECCOMP_OK:
                done["seccomp"] = SECCOMP_WHY
            else:
                try:
                    seccomp.install(seccomp.program(os.getpid()))
                    done["seccomp"] = None
                except OSError as exc:
                    done["seccomp"] = f"installing the filter failed: {exc}"
    except BaseException as exc:  # never stop the child: report what happened
        for n in wanted:
            done.setdefault(n, f"{type(exc).__name__}: {exc}")
    _close_static()
    in_force = [n for n in PROTECTIONS if n in wanted and done.get(n, "?") is None]
    STATE.update(in_force=in_force, seconds=time.perf_counter() - start,
                 missing={n: done.get(n) or "not applied" for n in PROTECTIONS if n in wanted and n not in in_force})
    return in_force
