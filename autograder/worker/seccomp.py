"""A seccomp-BPF syscall filter for a submission's child, assembled by hand (no libseccomp).

What the filter refuses (``EPERM`` unless said otherwise), everything else is allowed:

- network: ``socket``/``socketpair`` of any family but ``AF_UNIX`` stream/seqpacket (so no TCP, UDP,
  raw, netlink or packet sockets), and ``connect``, ``bind``, ``listen``, ``accept`` outright:
  the child's only socket is the one it inherits, already connected to the grader;
- other processes: ``ptrace``, ``process_vm_readv/writev``, ``kcmp``, pidfds, ``process_madvise``,
  ``process_mrelease``; ``kill``, ``tkill``, ``tgkill`` and ``rt_(tg)sigqueueinfo`` except to the
  child itself or its own process group;
- another process's limits, priority, affinity or scheduling: ``prlimit64``, ``sched_setaffinity``,
  ``sched_setscheduler``, ``sched_setparam`` and ``sched_setattr`` unless the pid is 0 or the
  child's own; ``setpriority`` and ``ioprio_set`` unless they name the child or its own process
  group (0 or its pid, which is also its group's id), never a user's processes (with a non-root
  grader that user is the grader). ``setrlimit`` only ever acts on the caller;
- escaping the process group (``setsid``, ``setpgid``): whatever the child forks stays in the group
  the grader kills;
- new namespaces, mounts, ``chroot``, ``clone`` with namespace flags (``clone3``: ``ENOSYS``, so
  libc falls back to ``clone``); ``execve``; ``io_uring`` (it would bypass this filter); BPF,
  perf, ``userfaultfd``, keyrings, modules, kexec, reboot, swap, clocks, ``syslog``,
  ``open_by_handle_at``; ``ioctl(TIOCSTI)``; System V IPC and POSIX message queues (they would
  outlive the child);
- any other syscall ABI (i386 ``int 0x80``, x32): ``ENOSYS``.

The kernel reads a pid argument as a 32-bit ``pid_t``, so the filter compares the low word only.
``program(pid)`` is the filter as bytes for the process ``pid``; ``install(program)`` sets
``no_new_privs`` and loads it. Tables exist for x86_64 and aarch64.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_GET_NO_NEW_PRIVS = 39
PR_SET_SECCOMP = 22
PR_GET_SECCOMP = 21
SECCOMP_MODE_FILTER = 2

RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000

# BPF opcodes
LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
JSET = 0x45  # BPF_JMP | BPF_JSET | BPF_K
AND = 0x54  # BPF_ALU | BPF_AND | BPF_K
RET = 0x06  # BPF_RET | BPF_K

# struct seccomp_data: nr, arch, instruction_pointer, args[6] (little-endian: low word first)
OFF_NR, OFF_ARCH = 0, 4


def _arg(i: int) -> int:
    return 16 + 8 * i


AF_UNIX = 1
SOCK_STREAM, SOCK_SEQPACKET = 1, 5
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
CLONE_NAMESPACES = 0x7E020000  # NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET

DENY = (
    "ptrace process_vm_readv process_vm_writev kcmp pidfd_open pidfd_getfd pidfd_send_signal "
    "process_madvise setsid setpgid mount umount2 pivot_root chroot move_mount open_tree open_tree_attr "
    "fsopen fsconfig fsmount fspick mount_setattr unshare setns execve execveat connect bind listen "
    "accept accept4 open_by_handle_at name_to_handle_at bpf perf_event_open userfaultfd keyctl add_key "
    "request_key io_uring_setup io_uring_enter io_uring_register kexec_load kexec_file_load init_module "
    "finit_module delete_module reboot swapon swapoff acct iopl ioperm quotactl quotactl_fd "
    "fanotify_init syslog settimeofday clock_settime clock_adjtime adjtimex sethostname setdomainname "
    "migrate_pages move_pages vhangup uselib lookup_dcookie shmget shmat msgget semget mq_open "
    "process_mrelease"
).split()
PID_FIRST = "prlimit64 sched_setaffinity sched_setscheduler sched_setparam sched_setattr".split()
WHICH_WHO = {"setpriority": 2, "ioprio_set": 3}  # (which, who, …) calls → the ``which`` of a user's processes

# syscall numbers (from the kernel's uapi headers); open_tree_attr is new in 6.15
X86_64 = {
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "pidfd_open": 434,
    "pidfd_getfd": 438, "pidfd_send_signal": 424, "process_madvise": 440, "mount": 165, "umount2": 166,
    "pivot_root": 155, "chroot": 161, "move_mount": 429, "open_tree": 428, "open_tree_attr": 467,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "unshare": 272,
    "setns": 308, "setsid": 112, "setpgid": 109, "open_by_handle_at": 304, "name_to_handle_at": 303,
    "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250, "add_key": 248,
    "request_key": 249, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
    "delete_module": 176, "reboot": 169, "swapon": 167, "swapoff": 168, "acct": 163, "iopl": 172,
    "ioperm": 173, "quotactl": 179, "quotactl_fd": 443, "execve": 59, "execveat": 322, "connect": 42,
    "bind": 49, "listen": 50, "accept": 43, "accept4": 288, "fanotify_init": 300, "syslog": 103,
    "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305, "adjtimex": 159,
    "sethostname": 170, "setdomainname": 171, "migrate_pages": 256, "move_pages": 279, "vhangup": 153,
    "uselib": 134, "lookup_dcookie": 212, "clone": 56, "clone3": 435, "socket": 41, "socketpair": 53,
    "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
    "ioctl": 16, "shmget": 29, "shmat": 30, "msgget": 68, "semget": 64, "mq_open": 240,
    "prlimit64": 302, "sched_setaffinity": 203, "sched_setscheduler": 144, "sched_setparam": 142,
    "sched_setattr": 314, "setpriority": 141, "ioprio_set": 251, "process_mrelease": 448,
}
AARCH64 = {
    "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "pidfd_open": 434,
    "pidfd_getfd": 438, "pidfd_send_signal": 424, "process_madvise": 440, "mount": 40, "umount2": 39,
    "pivot_root": 41, "chroot": 51, "move_mount": 429, "open_tree": 428, "open_tree_attr": 467,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "unshare": 97,
    "setns": 268, "setsid": 157, "setpgid": 154, "open_by_handle_at": 265, "name_to_handle_at": 264,
    "bpf": 280, "perf_event_open": 241, "userfaultfd": 282, "keyctl": 219, "add_key": 217,
    "request_key": 218, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "kexec_load": 104, "kexec_file_load": 294, "init_module": 105, "finit_module": 273,
    "delete_module": 106, "reboot": 142, "swapon": 224, "swapoff": 225, "acct": 89, "quotactl": 60,
    "quotactl_fd": 443, "execve": 221, "execveat": 281, "connect": 203, "bind": 200, "listen": 201,
    "accept": 202, "accept4": 242, "fanotify_init": 262, "syslog": 116, "settimeofday": 170,
    "clock_settime": 112, "clock_adjtime": 266, "adjtimex": 171, "sethostname": 161,
    "setdomainname": 162, "migrate_pages": 238, "move_pages": 239, "vhangup": 58, "lookup_dcookie": 18,
    "clone": 220, "clone3": 435, "socket": 198, "socketpair": 199, "kill": 129, "tkill": 130,
    "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240, "ioctl": 29,
    "shmget": 194, "shmat": 196, "msgget": 186, "semget": 190, "mq_open": 180,
    "prlimit64": 261, "sched_setaffinity": 122, "sched_setscheduler": 119, "sched_setparam": 118,
    "sched_setattr": 274, "setpriority": 140, "ioprio_set": 30, "process_mrelease": 448,
}
ARCHES = {  # machine → (AUDIT_ARCH_*, table, lowest number of another ABI sharing this arch or None)
    "x86_64": (0xC000003E, X86_64, 0x40000000),  # x32 syscalls carry bit 30
    "aarch64": (0xC00000B7, AARCH64, None),
}


JA = 0x05  # BPF_JMP | BPF_JA (32-bit offset)


def _insn(code: int, k: int = 0, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k & 0xFFFFFFFF)


def _own(arg: int) -> list[tuple]:
    """Allowed when argument ``arg`` (a ``pid_t``) is 0 or ``"PID"``, the process's own pid."""
    return [(LD_ABS, _arg(arg), 0, 0), (JEQ, "PID", 1, 0), (JEQ, 0, 0, 1), (RET, RET_ALLOW, 0, 0),
            (RET, RET_ERRNO | errno.EPERM, 0, 0)]


def _own_process_or_group(user: int) -> list[tuple]:
    """For ``(which, who, …)``: refused when ``which`` is ``user`` (all of a uid's processes), else
    ``who`` must be 0 or the own pid (one process, or the group the child leads after ``setsid``)."""
    return [(LD_ABS, _arg(0), 0, 0), (JEQ, user, 0, 1), (RET, RET_ERRNO | errno.EPERM, 0, 0)] + _own(1)


def _rules(table: dict) -> dict[int, list[tuple]]:
    """Syscall number → the instructions run for it (each path ends in a return).
    ``"PID"``/``"-PID"`` in a ``k`` field stand for the process id, filled in by ``program``."""
    eperm, allow = RET_ERRNO | errno.EPERM, RET_ALLOW
    rules = {table[name]: [(RET, eperm, 0, 0)] for name in DENY if name in table}
    rules[table["clone3"]] = [(RET, RET_ERRNO | errno.ENOSYS, 0, 0)]
    rules[table["clone"]] = [(LD_ABS, _arg(0), 0, 0), (JSET, CLONE_NAMESPACES, 0, 1),
                             (RET, eperm, 0, 0), (RET, allow, 0, 0)]
    for name in ("socket", "socketpair"):  # AF_UNIX stream or seqpacket only
        rules[table[name]] = [(LD_ABS, _arg(0), 0, 0), (JEQ, AF_UNIX, 1, 0), (RET, eperm, 0, 0),
                              (LD_ABS, _arg(1), 0, 0), (AND, 0xF, 0, 0), (JEQ, SOCK_STREAM, 1, 0),
                              (JEQ, SOCK_SEQPACKET, 0, 1), (RET, allow, 0, 0), (RET, eperm, 0, 0)]
    rules[table["kill"]] = [(LD_ABS, _arg(0), 0, 0), (JEQ, "PID", 2, 0), (JEQ, 0, 1, 0),
                            (JEQ, "-PID", 0, 1), (RET, allow, 0, 0), (RET, eperm, 0, 0)]
    for name in ("tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
        rules[table[name]] = [(LD_ABS, _arg(0), 0, 0), (JEQ, "PID", 0, 1), (RET, allow, 0, 0),
                              (RET, eperm, 0, 0)]
    rules[table["ioctl"]] = [(LD_ABS, _arg(1), 0, 0), (JEQ, TIOCSTI, 1, 0), (JEQ, TIOCLINUX, 0, 1),
                             (RET, eperm, 0, 0), (RET, allow, 0, 0)]
    for name in PID_FIRST:  # another process's limits, affinity, scheduling
        rules[table[name]] = _own(0)
    for name, user in WHICH_WHO.items():  # another process's (or group's, or user's) priorities
        rules[table[name]] = _own_process_or_group(user)
    return rules


def _tree(items: list[tuple[int, list[tuple]]]) -> list[tuple]:
    """A binary search on the syscall number (in A) over sorted ``items``; others are allowed.
    The kernel runs (and caches) the filter per syscall, so a short path keeps loading it cheap."""
    if len(items) <= 3:
        code: list[tuple] = []
        for nr, body in items:
            code.append((JEQ, nr, 0, len(body)))
            code += body
        return code + [(RET, RET_ALLOW, 0, 0)]
    mid = len(items) // 2
    left, right = _tree(items[:mid]), _tree(items[mid:])
    return [(JGE, items[mid][0], 0, 1), (JA, len(left), 0, 0)] + left + right


def _template(machine: str) -> tuple[bytes, list[tuple[int, int]]] | None:
    """The filter with the pid left out, and where the pid goes: ``[(instruction, sign)]``."""
    if machine not in ARCHES:
        return None
    audit_arch, table, foreign_from = ARCHES[machine]
    code = [(LD_ABS, OFF_ARCH, 0, 0), (JEQ, audit_arch, 1, 0), (RET, RET_ERRNO | errno.ENOSYS, 0, 0),
            (LD_ABS, OFF_NR, 0, 0)]
    if foreign_from is not None:
        code += [(JGE, foreign_from, 0, 1), (RET, RET_ERRNO | errno.ENOSYS, 0, 0)]
    code += _tree(sorted(_rules(table).items()))
    slots = []
    out = []
    for index, (op, k, jt, jf) in enumerate(code):
        if k in ("PID", "-PID"):
            slots.append((index, 1 if k == "PID" else -1))
            k = 0
        out.append(_insn(op, k, jt, jf))
    return b"".join(out), slots


LINUX = sys.platform.startswith("linux")
MACHINE = platform.machine()
_TEMPLATE = _template(MACHINE) if LINUX else None


def available() -> tuple[bool, str]:
    """Whether this machine has a filter table and seccomp filters (without installing one)."""
    if not LINUX:
        return False, f"seccomp is a Linux feature (this is {sys.platform})"
    if _TEMPLATE is None:
        return False, f"no syscall table for {MACHINE} (only {', '.join(ARCHES)})"
    ctypes.set_errno(0)
    if _prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0:
        code = ctypes.get_errno()
        if code == errno.EINVAL:
            return False, "the kernel has no seccomp (CONFIG_SECCOMP)"
        return False, f"prctl(PR_GET_SECCOMP) failed: {os.strerror(code)}"
    return True, ""


def program(pid: int) -> bytes:
    """The filter for process ``pid``: signals, limits, priorities and scheduling only for itself
    (and its process group, which it leads)."""
    if _TEMPLATE is None:
        raise OSError(errno.ENOSYS, f"no syscall table for {MACHINE}")
    code, slots = _TEMPLATE
    buf = bytearray(code)
    for index, sign in slots:
        struct.pack_into("=I", buf, index * 8 + 4, (sign * pid) & 0xFFFFFFFF)
    return bytes(buf)


_libc = ctypes.CDLL(None, use_errno=True)
_prctl = getattr(_libc, "prctl", None)  # Linux only
if _prctl is not None:
    _prctl.restype = ctypes.c_int
    _prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def no_new_privs() -> None:
    """Set ``no_new_privs``: no exec may ever grant privileges again (needed by seccomp and Landlock)."""
    if _prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def install(code: bytes) -> None:
    """Load ``code`` as this process's seccomp filter (inherited by children, never removed)."""
    no_new_privs()
    buf = ctypes.create_string_buffer(code, len(code))
    prog = _SockFprog(len(code) // 8, ctypes.cast(buf, ctypes.c_void_p))
    if _prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        code_ = ctypes.get_errno()
        raise OSError(code_, os.strerror(code_))
