"""The warm zygote: ``python -P -m autograder.worker FD [testfuncs.py ...]``.

It imports numpy and the worker runtime once, loads the course's named test functions (the
files given after ``FD``, see ``testfuncs``), then waits on the control socket ``FD``
(SOCK_SEQPACKET). Each request carries a connected socket (SCM_RIGHTS) and a JSON spec
(``spec.WorkerSpec``: ``{"submission": dir, "tmp": dir, "output": file, "limits": {...}, "hide": [...]}``);
the zygote forks a child that confines itself and serves that socket, and answers ``{"pid": n}``.
Children are reaped automatically (SIGCHLD ignored); the grader kills a child's process group
when it must.
A child's stdout and stderr append to ``output`` (the capture file, in the grader's scratch
folder), which the grader reads itself: line-buffered, and flushed before every answer.
"""
import gc
import json
import os
import signal
import socket
import sys

import numpy as np

from . import confine, limits, serve, testfuncs
from .spec import WorkerSpec


def child(fd: int, spec: WorkerSpec) -> None:
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):  # nothing the zygote buffered may land in the file
        stream.flush()
    # Appended to, never truncated: a child started after a crash adds to what the grader has
    # read so far (it reads each test's new bytes from the file itself; see sandbox.py).
    out = os.open(spec["output"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    sys.stdout.reconfigure(line_buffering=True)  # a line printed before a crash or a kill is kept
    os.chdir(spec["tmp"])
    os.environ["TMPDIR"] = os.environ["HOME"] = spec["tmp"]
    sys.path.insert(0, spec["submission"])
    root = os.geteuid() == 0
    limits.apply(spec["limits"], processes=root)  # a root child drops to its own uid: the cap is its own
    confine.apply(spec)
    if not root:  # now inside its own user namespace (if it could make one): the cap counts its processes
        limits.cap_processes(spec["limits"])
    sock = socket.socket(fileno=fd)
    serve.Server(sock, spec["submission"], spec["output"]).serve_forever()


def _become_subreaper() -> None:
    """Orphans of killed children (a fork bomb's) come to the zygote, which reaps them at once
    (SIGCHLD is ignored), instead of lingering as zombies that count against the process cap."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    testfuncs.load(sys.argv[2:])
    del sys.argv[2:]  # where the course lies is not the student's business
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    _become_subreaper()
    np.random.seed(0)  # every child starts from this state (seeding in the child costs ~40 ms)
    gc.collect()
    gc.freeze()  # children's collections skip what is already here: no copy-on-write storm
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 65536, 1)
        except OSError:
            return
        if not data:
            return
        if len(fds) != 1:
            for fd in fds:
                os.close(fd)
            control.send(b'{"error": "expected one socket"}')
            continue
        spec = json.loads(data)
        pid = os.fork()
        if pid == 0:
            control.close()
            try:
                child(fds[0], spec)
            finally:
                os._exit(0)
        os.close(fds[0])
        control.send(json.dumps({"pid": pid}).encode())


if __name__ == "__main__":
    main()
