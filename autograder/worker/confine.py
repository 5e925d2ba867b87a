"""OS-level confinement of a submission's child, applied after ``limits.apply``.

``apply(spec)`` is called in the forked child before any student code runs. Each protection is
applied when the kernel offers it; ``sandbox_verdict.available()`` says which this machine offers
and ``autograder doctor`` attacks each (the attacks: ``attacks.py``).
Every step fails soft: what cannot be applied is skipped and recorded in ``STATE["missing"]``
with the reason, and the child goes on (honest work is always graded). See docs/sandbox.md.

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
    ``setresuid`` to the child's own ids (``child_ids``: 2000000000 + its pid, so concurrent
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

from . import landlock, seccomp

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


# -- what this machine offers, computed once in the zygote (before any fork) ---------------------

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


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


def _installation() -> tuple[list[str], list[str]]:
    """The Python installation's trees: the prefixes, and the sys.path folders of installed packages
    (``site-packages``/``dist-packages`` or beneath a prefix). A source checkout on sys.path
    (an editable install, pytest's rootdir) is not part of it."""
    prefixes = []
    for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix):
        p = os.path.realpath(p)
        if p not in prefixes and p != "/" and os.path.isdir(p):
            prefixes.append(p)
    listable = []
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        p = os.path.realpath(entry)
        parts = p.split(os.sep)
        if any(_inside(p, pre) for pre in prefixes) or "site-packages" in parts or "dist-packages" in parts:
            if p not in listable and p != "/":
                listable.append(p)
    return prefixes, listable


def _grant_tree(tree: str, excluded: list[str], access: int, listable: set, out: list, depth: int = 0) -> None:
    """Grant ``tree`` minus ``excluded`` subtrees: whole when none is beneath it, else entry by
    entry (Landlock rules only add). Folders Python lists to import from stay listable."""
    if any(_inside(tree, e) for e in excluded):
        return
    if not any(_inside(e, tree) for e in excluded):
        out.append((tree, access))
        return
    if tree in listable:
        out.append((tree, landlock.READ_DIR))
    if depth > 6:
        return
    try:
        names = sorted(os.listdir(tree))
    except OSError:
        return
    for name in names:
        path = os.path.realpath(os.path.join(tree, name))
        if _inside(path, tree) and path != tree:
            _grant_tree(path, excluded, access, listable, out, depth + 1)


def _shared_library_dirs() -> list[str]:
    dirs = ["/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib"]
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                fields = line.split(None, 5)
                path = fields[5].strip() if len(fields) == 6 else ""
                if path.startswith("/") and ".so" in os.path.basename(path) and os.path.isfile(path):
                    dirs.append(os.path.dirname(path))
    except OSError:
        pass
    return [d for d in dict.fromkeys(os.path.realpath(d) for d in dirs) if os.path.isdir(d)]


COURSE_ROOT_ENV = "AUTOGRADER_COURSE"  # course.course_root()'s override, passed on to the zygote
SECRET_FOLDERS = ("solutions", "source_lib", "examples")  # of a course root, hidden wherever it lies
SITE_NAMES = ("site-packages", "dist-packages")


def _installation_folder(path: str, prefixes: list[str]) -> bool:
    """Whether ``path`` is itself a folder of the installation (a prefix, a site or stdlib folder):
    the folder holding the package of a normal install, never a source checkout."""
    import sysconfig

    stdlib = {os.path.realpath(p) for key, p in sysconfig.get_paths().items() if "stdlib" in key or "lib" in key}
    return path in prefixes or os.path.basename(path) in SITE_NAMES or path in stdlib


def _hidden_trees(package: str, prefixes: list[str]) -> list[str]:
    """The trees no child may read or see, wherever they lie (inside the Python prefix too): the
    autograder package (the worker runtime is granted apart), the course root (the checkout the
    package came from, and ``$AUTOGRADER_COURSE_ROOT``) unless it is an installation folder
    itself (``site-packages`` of a normal install), and each course root's secret folders."""
    roots = [os.path.dirname(package)]
    if os.environ.get(COURSE_ROOT_ENV):
        roots.append(os.path.realpath(os.environ[COURSE_ROOT_ENV]))
    hidden = [package]
    for root in roots:
        if not _installation_folder(root, prefixes):
            hidden.append(root)
        hidden += [os.path.join(root, name) for name in SECRET_FOLDERS]
    return [h for h in dict.fromkeys(hidden) if h != "/" and os.path.exists(h)]


def _static_rules() -> tuple[list[tuple[str, int]], list[str]]:
    """Landlock rules that are the same for every child, and the folders nobody must reach.

    Each allowed tree (a prefix, a site folder, a shared-library folder) is granted minus the
    hidden trees beneath it. Nearest wins: a prefix inside a hidden checkout (a ``.venv`` in it)
    is still granted; a hidden checkout inside a prefix (``/usr/src/app`` under ``/usr``) stays
    hidden, even when it is on ``sys.path``."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # autograder/
    prefixes, listable = _installation()
    hidden = _hidden_trees(package, prefixes)

    def under_hidden(path: str) -> bool:
        return any(_inside(path, h) for h in hidden)

    roots = ([(p, set(listable)) for p in prefixes]
             + [(p, set(listable)) for p in listable if not under_hidden(p) or os.path.basename(p) in SITE_NAMES]
             + [(d, set()) for d in _shared_library_dirs() if not under_hidden(d)])
    rules: list[tuple[str, int]] = []
    for tree, folders in roots:
        if tree not in hidden:
            _grant_tree(tree, [h for h in hidden if h != tree and _inside(h, tree)], landlock.READ, folders, rules)
    runtime = [os.path.join(package, "__init__.py"), os.path.join(package, "wire.py"),
               os.path.join(package, "worker")]
    rules += [(p, landlock.READ) for p in runtime]
    rules += [(p, landlock.READ_FILE) for p in ("/etc/ld.so.cache", "/etc/localtime", "/dev/urandom", "/dev/random")]
    rules += [(p, landlock.READ_FILE | landlock.WRITE_FILE | landlock.TRUNCATE | landlock.IOCTL_DEV)
              for p in ("/dev/null", "/dev/zero")]
    rules += [("/sys/devices/system/cpu", landlock.READ)]  # os.cpu_count()
    rules = [(p, a) for p, a in dict.fromkeys(rules) if os.path.exists(p)]
    rules = [(p, a) for p, a in rules  # drop what a rule on a parent folder already grants
             if not any(q != p and _inside(p, q) and b & a == a for q, b in rules)]
    return rules, prefixes + runtime


def _reachable(path: str, uid: int, gid: int) -> bool:
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


def _holds_capabilities() -> bool:
    """Whether this process has effective capabilities (a user namespace would lose them)."""
    try:
        with open("/proc/self/status") as f:
            return any(line.startswith("CapEff:") and int(line.split()[1], 16) for line in f)
    except (OSError, ValueError):
        return False


NOBODY = _nobody()
CHILD_IDS_FROM, CHILD_IDS_WHY = _child_id_base()
if CHILD_IDS_FROM is None:
    PROTECTIONS["uid"] = f"the children run as nobody, one uid for all ({CHILD_IDS_WHY})"
LANDLOCK_ABI, LANDLOCK_WHY = landlock.abi()
SECCOMP_OK, SECCOMP_WHY = seccomp.available()
try:
    with open("/proc/sys/kernel/cap_last_cap") as _f:
        CAP_LAST = int(_f.read())
except (OSError, ValueError):
    CAP_LAST = 40
try:
    STATIC_RULES, STATIC_READS = _static_rules()
except Exception as _exc:  # the zygote must start whatever happens here; Landlock is then skipped
    STATIC_RULES, STATIC_READS = [], []
    LANDLOCK_ABI, LANDLOCK_WHY = 0, f"could not list the paths to allow: {_exc}"
STATIC_UNREACHABLE = [p for p in STATIC_READS if not _reachable(p, *child_ids(0))]  # as any child's ids


def _open_static() -> list[tuple[int, int, bool]]:
    """The static rules' paths, opened once here (``O_PATH``) so that each child only adds rules."""
    opened = []
    if LANDLOCK_ABI > 0 and LINUX:
        for path, access in STATIC_RULES:
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


def _static_masks() -> tuple[list[str], list[str], str]:
    """The trees each child hides (``hide-paths``), the static paths beneath them it must still
    reach (the worker runtime; a ``.venv`` in the checkout), and why nothing is hidden when so."""
    if not LINUX:
        return [], [], "mount namespaces are Linux-only"
    if not STATIC_RULES:
        return [], [], "the paths to allow could not be listed, so those to keep could not be either"
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    hidden = _hidden_trees(package, _installation()[0])
    return hidden, [p for p, _ in STATIC_RULES if any(_inside(p, h) for h in hidden)], ""


STATIC_HIDDEN, STATIC_KEEPS, HIDE_WHY = _static_masks()


def _ancestors(paths: list[str]) -> set[str]:
    found = {"/"}
    for path in paths:
        while path not in found:
            found.add(path)
            path = os.path.dirname(path)
    return found


# A per-child mask never covers a path every child reads (a scratch root of / or /root): computed
# here once, so that the child only looks folders up in a set (Python work in a fresh fork is
# dear: every first touch of a page copies it).
_NEEDED_ANCESTORS = _ancestors([p for p, _ in STATIC_RULES] + STATIC_READS)


def _parent(path: str) -> str:
    return path.rpartition("/")[0] or "/"


def _scratch_masks(spec: dict, own: list[str]) -> list[str]:
    """The folders to hide for this child: the folder its own folders lie in and the one that was
    made in (other submissions' staged copies and run folders lie beside them: the grader's
    scratch root), and ``spec["hide"]`` (what the grader names: the submissions, the output
    folder). Never one that holds a path every child reads: that one is left visible."""
    found = []
    for path in own:
        parent = _parent(path)
        found += (parent, _parent(parent))
    for path in spec.get("hide", ()):
        if isinstance(path, str) and os.path.isdir(path):
            found.append(os.path.realpath(path))
    return [f for f in dict.fromkeys(found) if f not in _NEEDED_ANCESTORS and f not in own]


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
        for path in STATIC_KEEPS:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            kept.append((path, fd, stat.S_ISDIR(os.fstat(fd).st_mode)))
        masks = dict.fromkeys(m for m in STATIC_HIDDEN + _scratch_masks(spec, own) if m not in own)
        ops = sorted([(m + "/", m, None, True) for m in masks] + [(p + "/", p, fd, d) for p, fd, d in kept])
        applied: list[tuple[str, bool]] = []  # (path, is a mask), outer before inner
        try:
            for _, path, fd, is_dir in ops:
                cover = next((a for a in reversed(applied) if _inside(path, a[0])), None)
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
        if HIDE_WHY:
            done["hide-paths"] = HIDE_WHY
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
    """Become this child's own uid and gid (``child_ids``); keep CAP_DAC_READ_SEARCH only if a path
    to read is out of that uid's reach. The grader, root, still reads and removes what it owns."""
    uid, gid = child_ids(os.getpid())
    for path in ([] if on_tmpfs else [spec["tmp"]]) + [spec["output"]]:
        try:  # the child must write in tmp and read its output back; without them the drop still holds
            os.chown(path, uid, gid)
        except OSError:
            pass
    unreachable = STATIC_UNREACHABLE or [p for p in (spec["submission"], spec["tmp"], spec["output"])
                                         if not _reachable(p, uid, gid)]
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
    os.environ.pop(COURSE_ROOT_ENV, None)  # where the course lies is not the student's business
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
        owner = child_ids(os.getpid()) if dropping else (os.geteuid(), os.getegid())  # of the tmpfs
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
