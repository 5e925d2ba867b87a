"""What one request to a grading worker costs: µs per round trip, and where they go (issue 15).

    python benchmarks/roundtrip.py [--n 2000] [--rounds 3]

Starts one real worker as ``grading.Job`` does (a ``supervisor.Zygote`` with a2's named test
functions, a ``supervisor.Worker`` on a spec like ``sandbox.SubmissionSandbox``'s, so the child
is confined and limited as in a run), imports the a2 reference ``functions.py`` in it and times
``--n`` requests of each kind: a ``getattr`` of ``relu`` on the module, and a call of ``relu``
on a 10-element array. Each kind is split into

- grader encode: ``proxy.encode_arg`` and the frame's ``json.dumps`` (grader side, in this process);
- grader decode: ``wire.parse`` and ``Worker._answer`` of the reply (grader side);
- worker handle: ``serve.Server.handle`` and the reply's encoding, run here in this process on
  the same module (the worker's own CPU work, minus its syscalls and confinement);
- socket + wake-ups: what is left, the transport and both processes' scheduling.

For the transport's own floor it also times a bare echo over a ``socketpair`` to a forked child
(the same frame bytes, one ``sendall`` and ``recv`` each way, no timeouts), and the same echo
through ``wire.send``/``wire.recv`` on both sides (framing, JSON, deadlines). Rounds alternate
the kinds; each figure is the fastest tenth of its calls' mean, best over the rounds (the
machine is shared: the slow stretches time other people's jobs).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import course, proxy, wire  # noqa: E402
from autograder.supervisor import Worker, Zygote  # noqa: E402
from autograder.worker import serve, testfuncs  # noqa: E402
from autograder.worker.limits import Limits  # noqa: E402

REFERENCE = ROOT / "solutions" / "a2_functions" / "functions.py"
X = np.linspace(-1.0, 1.0, 10)
BIG = np.linspace(-1.0, 1.0, 100_000)  # 800 kB: the copies on the way count


def start_worker(work: Path, cpu: int | None = None) -> tuple[Zygote, Worker, object]:
    """A confined worker serving a copy of the a2 reference, and its module's handle."""
    for folder in ("sub", "tmp"):
        (work / folder).mkdir()
    shutil.copy(REFERENCE, work / "sub" / "functions.py")
    functions = course.testfuncs(course.get("a2_functions"))
    testfuncs.load(functions)
    zygote = Zygote(cpu, functions)
    spec = {"submission": str(work / "sub"), "tmp": str(work / "tmp"), "output": str(work / "output.txt"),
            "limits": Limits().to_dict(), "hide": []}
    # thousands of 1 MB answers exceed what one submission may send (MAX_RECEIVED): not a submission here
    worker = Worker(zygote, spec, max_received=2**62)
    return zygote, worker, worker.module("functions")


def per_call(function, n: int, chunks: int = 10) -> float:
    """µs per call of ``function()``: ``n`` calls in ``chunks`` runs, the fastest run's mean (on a
    shared machine the slower runs measure other people's jobs)."""
    size = max(1, n // chunks)
    best = float("inf")
    for _ in range(max(1, n // size)):
        start = time.perf_counter()
        for _ in range(size):
            function()
        best = min(best, (time.perf_counter() - start) / size)
    return best * 1e6


def kinds(worker: Worker, module, n: int) -> dict:
    """kind → (the request as the proxy builds it, a function making that request, how many times)."""
    relu = module.relu  # cached by the proxy: a module's functions cost one getattr in all
    ref = module._handle()
    out = {"getattr": ({"op": "getattr", "ref": ref, "name": "relu"},
                       lambda: worker.request({"op": "getattr", "ref": ref, "name": "relu"}), n)}
    for label, x, times in (("call relu(10)", X, n), ("call relu(10^5)", BIG, max(1, n // 20))):
        message = {"op": "call", "ref": relu._handle(), "args": proxy.encode_arg([x]), "kwargs": proxy.encode_arg({})}
        out[label] = (message, lambda x=x: relu(x), times)
    return out


class _NoSocket:
    def sendall(self, data):
        pass


def split(worker: Worker, message: dict, n: int) -> dict:
    """The grader's and the worker's CPU work for ``message``, each timed alone in this process
    with the functions they run (``wire.send`` to a socket that drops the bytes, ``wire.parse``)."""
    server = serve.Server(_NoSocket(), worker.spec["submission"], worker.spec["output"])
    server.next_id = 2**40  # the handles it makes must not replace the one the message names
    sys.path.insert(0, worker.spec["submission"])
    try:
        import functions  # the same module, imported here to time the worker's handling
    finally:
        sys.path.pop(0)
    server.objects[message["ref"]["id"]] = functions if message["op"] == "getattr" else functions.relu
    request, reply = _frame(message), _frame(server.handle(wire.parse(_frame(message))))
    args = [BIG if len(request) > 10_000 else X]

    def encode():
        fields = {"args": proxy.encode_arg(args), "kwargs": proxy.encode_arg({})} if message["op"] == "call" else {}
        wire.send(_NoSocket(), {**message, **fields})

    def handle():
        wire.send(server.sock, server.handle(wire.parse(request)))
        server.flush_output()

    return {"grader encode": per_call(encode, n), "grader decode": per_call(lambda: worker._answer(wire.parse(reply)), n),
            "worker handle": per_call(handle, n), "frame bytes": (len(request), len(reply))}


def _frame(message: dict) -> bytes:
    return json.dumps(message, allow_nan=False, separators=(",", ":")).encode()  # as wire.send writes it


def _echo_child(sock: socket.socket, framed: bool) -> None:
    try:
        while True:
            if framed:
                wire.send(sock, wire.recv(sock))
            else:
                data = sock.recv(1 << 16)
                if not data:
                    break
                sock.sendall(data)
    except (EOFError, OSError):
        pass
    os._exit(0)


def echo(frame: bytes, n: int, framed: bool) -> float:
    """µs per round trip of ``frame`` to a forked echo child over a socketpair."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        ours.close()
        _echo_child(theirs, framed)
    theirs.close()
    try:
        if framed:
            message = {"op": "echo", "b": frame.decode()}
            return per_call(lambda: (wire.send(ours, message, time.monotonic() + 10),
                                     wire.recv(ours, time.monotonic() + 10)), n)

        def raw():
            ours.sendall(frame)
            got = 0
            while got < len(frame):
                got += len(ours.recv(1 << 16))
        return per_call(raw, n)
    finally:
        ours.close()
        os.waitpid(pid, 0)


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--pin", type=int, default=None, metavar="CORE",
                   help="pin this process and the worker to CORE, as `run --jobs N` pins each job")
    args = p.parse_args(argv)
    if args.pin is not None:
        os.sched_setaffinity(0, {args.pin})
    work = Path(tempfile.mkdtemp(prefix="ag-roundtrip-"))
    zygote, worker, module = start_worker(work, args.pin)
    try:
        requests = kinds(worker, module, args.n)
        best: dict[str, float] = {}
        frame = b"x" * 120
        for _ in range(args.rounds):
            for kind, (_, make, times) in requests.items():
                make()  # warm
                best[kind] = min(best.get(kind, float("inf")), per_call(make, times))
            for label, framed in (("bare socketpair echo", False), ("wire.send/recv echo", True)):
                best[label] = min(best.get(label, float("inf")), echo(frame, args.n, framed))
        out = {}
        for kind, (message, _, times) in requests.items():
            parts = split(worker, message, times)
            left = best[kind] - parts["grader encode"] - parts["grader decode"] - parts["worker handle"]
            out[kind] = {"round trip": best[kind], **{k: v for k, v in parts.items() if k != "frame bytes"},
                         "socket + wake-ups": left}
            print(f"{kind:16s} {best[kind]:8.1f} µs a round trip  (frames {parts['frame bytes'][0]}/"
                  f"{parts['frame bytes'][1]} bytes)")
            for part in ("grader encode", "grader decode", "worker handle", "socket + wake-ups"):
                print(f"    {part:20s} {out[kind][part]:8.1f} µs")
        for label in ("bare socketpair echo", "wire.send/recv echo"):
            out[label] = best[label]
            print(f"{label:22s} {best[label]:8.1f} µs a round trip")
        return out
    finally:
        worker.close()
        zygote.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
