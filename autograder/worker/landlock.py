"""Landlock through raw syscalls (ctypes): ABI detection, one ruleset, ``restrict_self``.

Landlock (Linux ≥ 5.13) lets an unprivileged process give up file-system access except beneath
the paths it names. Later ABIs add rights; an older kernel gets the subset it knows:

====  ====================================================================================
ABI   adds
====  ====================================================================================
1     file rights (read, write, make, remove, execute)
2     ``REFER`` (rename/link across directories)
3     ``TRUNCATE``
4     TCP ``bind``/``connect`` by port
5     ``IOCTL_DEV`` (ioctl on device files)
6     scoping: no signals and no abstract UNIX sockets outside the domain
====  ====================================================================================

Rights handled by the ruleset and not granted by any rule are denied. A TCP right handled
with no port rule denies every port; a scope has no rules at all.
"""
from __future__ import annotations

import ctypes
import errno
import os
import stat
import struct
import sys

# Landlock's syscall numbers are the same on every architecture (added after the unification).
SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1

# file-system rights
EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3
IOCTL_DEV = 1 << 15  # ABI 5
# network rights (ABI 4)
BIND_TCP = 1 << 0
CONNECT_TCP = 1 << 1
# scopes (ABI 6)
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0
SCOPE_SIGNAL = 1 << 1

FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # the rights a rule on a file may carry
READ = READ_FILE | READ_DIR
WRITE_TREE = (READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | MAKE_SYM | MAKE_FIFO
              | REFER | TRUNCATE)


def fs_rights(abi: int) -> int:
    """Every file-system right the kernel of ``abi`` knows (all of them are then handled)."""
    if abi <= 0:
        return 0
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


_libc = ctypes.CDLL(None, use_errno=True)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long


def _call(*args) -> int:
    """``syscall(args)`` with every argument passed as a full machine word; raises ``OSError``."""
    ctypes.set_errno(0)
    result = _syscall(*[a if isinstance(a, (ctypes.c_char_p, ctypes.c_void_p)) else ctypes.c_long(a)
                        for a in args])
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result


def abi() -> tuple[int, str]:
    """``(ABI version, why)``: 0 and the reason when Landlock cannot be used here."""
    if not sys.platform.startswith("linux"):
        return 0, f"Landlock is a Linux feature (this is {sys.platform})"
    try:
        return _call(SYS_CREATE_RULESET, ctypes.c_void_p(None), 0, CREATE_RULESET_VERSION), ""
    except OSError as exc:
        if exc.errno == errno.ENOSYS:
            return 0, "the kernel has no Landlock (needs Linux ≥ 5.13 built with CONFIG_SECURITY_LANDLOCK)"
        if exc.errno == errno.EOPNOTSUPP:
            return 0, "Landlock is built in but disabled (add landlock to the lsm= boot parameter)"
        if exc.errno == errno.EPERM:
            return 0, "the landlock syscalls are blocked (a container's seccomp profile?)"
        return 0, f"landlock_create_ruleset failed: {exc.strerror}"


class Ruleset:
    """A ruleset handling every file right ``abi`` knows (if ``fs``), TCP bind and connect (if
    ``net``) and the ``scoped`` restrictions, each as far as ``abi`` knows it."""

    def __init__(self, abi: int, *, fs: bool = True, net: bool = True,
                 scoped: int = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL):
        self.abi = abi
        self.handled_fs = fs_rights(abi) if fs else 0
        self.handled_net = (BIND_TCP | CONNECT_TCP) if net and abi >= 4 else 0
        self.scoped = scoped if abi >= 6 else 0
        if abi >= 6:
            attr = struct.pack("=QQQ", self.handled_fs, self.handled_net, self.scoped)
        elif abi >= 4:
            attr = struct.pack("=QQ", self.handled_fs, self.handled_net)
        else:
            attr = struct.pack("=Q", self.handled_fs)
        self.fd = _call(SYS_CREATE_RULESET, ctypes.c_char_p(attr), len(attr), 0)

    def allow(self, path: str, access: int) -> bool:
        """Grant ``access`` beneath ``path`` (a file gets only the file rights). False if it is absent."""
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            return self.allow_fd(fd, access)
        finally:
            os.close(fd)

    def allow_fd(self, fd: int, access: int, is_dir: bool | None = None) -> bool:
        """Grant ``access`` beneath the file or folder open as ``fd`` (``O_PATH`` is enough)."""
        if is_dir is None:
            is_dir = stat.S_ISDIR(os.fstat(fd).st_mode)
        access &= self.handled_fs if is_dir else self.handled_fs & FILE_ONLY
        if not access:
            return False
        rule = struct.pack("=Qi", access, fd)  # struct landlock_path_beneath_attr is packed
        _call(SYS_ADD_RULE, self.fd, RULE_PATH_BENEATH, ctypes.c_char_p(rule), 0)
        return True

    def restrict_self(self) -> None:
        """Enforce the ruleset on this process and its future children (needs no_new_privs)."""
        try:
            _call(SYS_RESTRICT_SELF, self.fd, 0)
        finally:
            self.close()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
