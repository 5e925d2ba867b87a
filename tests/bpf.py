"""A classic-BPF interpreter for the seccomp filter's instructions, so tests read what it answers."""
from __future__ import annotations

import struct

from autograder.worker import seccomp


def run_filter(program: bytes, nr: int, arch: int, *args: int) -> int:
    """What the classic-BPF ``program`` answers for syscall ``nr`` on ``arch`` with ``args``."""
    data = struct.pack("=iIQ6Q", nr, arch, 0, *[(list(args) + [0] * 6)[i] & (2**64 - 1) for i in range(6)])
    pc, acc = 0, 0
    while True:
        code, jt, jf, k = struct.unpack_from("=HBBI", program, pc * 8)
        pc += 1
        if code == seccomp.LD_ABS:
            acc = struct.unpack_from("=I", data, k)[0]
        elif code == seccomp.AND:
            acc &= k
        elif code == seccomp.JA:
            pc += k
        elif code in (seccomp.JEQ, seccomp.JGE, seccomp.JSET):
            taken = {seccomp.JEQ: acc == k, seccomp.JGE: acc >= k, seccomp.JSET: bool(acc & k)}[code]
            pc += jt if taken else jf
        elif code == seccomp.RET:
            return k
        else:
            raise AssertionError(f"unexpected opcode {code:#x}")
