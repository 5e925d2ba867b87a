"""The request loop of one submission's child process (the untrusted side).

Requests (grader → worker), each answered by ``{"ok": value}`` or ``{"raised": error}``:

``import`` module · ``getattr`` ref name · ``setattr`` ref name value · ``call`` ref args kwargs ·
(``watch``: answer the result and the arguments as they are after the call) ·
``getitem`` ref key · ``setitem`` ref key value · ``hold`` value (keep it here, answer a
handle) · ``value`` ref (answer the object as data) · ``release`` ids

Any request may carry ``seed``: numpy's global random state and the ``random`` module's are
seeded with it first (the first request of each test carries the test's own seed).

Values that are not plain data stay here in ``objects`` and travel as ``ref`` handles.
What the student's code prints goes to the capture file (fd 1 and 2); it is flushed before each
answer, so the grader, which reads that file itself (never asking here), finds every byte of a
request in the file by the time the answer arrives.
"""
from __future__ import annotations

import importlib
import os
import sys
import builtins
import random
import traceback

import numpy

from .. import wire
from . import testfuncs

_LIVE_BUILTINS = builtins.__dict__
BUILTINS = dict(_LIVE_BUILTINS)  # restored after every call: student code may rewire them
MAX_MESSAGE = 2000
_SEEDS = (numpy.random.seed, random.seed)  # taken before student code runs: it may replace them


def _text(value, limit: int = MAX_MESSAGE) -> str:
    try:
        text = str(value)
    except BaseException:  # a student's __str__ may raise anything
        text = "<unprintable>"
    return text if len(text) <= limit else text[:limit] + " …"


class Held:
    """A value to keep in the worker and answer as a handle, even when it is plain data."""

    def __init__(self, value):
        self.value = value


class Server:
    """Holds the student's objects and answers the grader's requests on ``sock``."""

    def __init__(self, sock, submission_dir: str, output_path: str):
        self.sock = sock
        self.submission_dir = os.path.realpath(submission_dir)
        self.output_path = output_path
        self.streams = (sys.stdout, sys.stderr)  # the capture file's, before student code runs
        self.objects: dict[int, object] = {}
        self.next_id = 1

    # -- handles
    def make_ref(self, obj) -> dict:
        ref_id, self.next_id = self.next_id, self.next_id + 1
        self.objects[ref_id] = obj
        kind = type(obj)
        name = kind.__name__ if isinstance(kind.__name__, str) else "object"
        return {"$": "ref", "id": ref_id, "type": name[:100], "callable": callable(obj)}

    def resolve(self, tagged: dict):
        if tagged["$"] == "fn":
            return testfuncs.FUNCTIONS[tagged["name"]]
        return self.objects[tagged["id"]]

    # -- operations
    def op_import(self, msg):
        name = msg["module"]
        if not name.isidentifier() or not os.path.exists(os.path.join(self.submission_dir, name + ".py")):
            raise ModuleNotFoundError(f"No module named {name!r} in the submission")
        return importlib.import_module(name)

    def op_getattr(self, msg):
        return getattr(self.resolve(msg["ref"]), msg["name"])

    def op_setattr(self, msg):
        setattr(self.resolve(msg["ref"]), msg["name"], self.decode(msg["value"]))

    def op_call(self, msg):
        args = self.decode(msg["args"])
        kwargs = self.decode(msg["kwargs"])
        result = self.resolve(msg["ref"])(*args, **kwargs)
        return (result, args) if msg.get("watch") else result

    def op_getitem(self, msg):
        return self.resolve(msg["ref"])[self.decode(msg["key"])]

    def op_setitem(self, msg):
        self.resolve(msg["ref"])[self.decode(msg["key"])] = self.decode(msg["value"])

    def op_hold(self, msg):
        return Held(self.decode(msg["value"]))

    def op_value(self, msg):
        return self.resolve(msg["ref"])

    def op_release(self, msg):
        for ref_id in msg["ids"]:
            self.objects.pop(ref_id, None)

    def flush_output(self) -> None:
        """Write out what sits in our print buffers (the streams on the capture file). Only ours:
        flushing a replacement the student made could run student code outside a request."""
        for stream in self.streams:
            try:
                stream.flush()
            except BaseException:  # a full capture file (EFBIG), a stream the student closed …
                pass

    def decode(self, value):
        return wire.decode(value, self.resolve)

    # -- loop
    def describe(self, exc: BaseException) -> dict:
        frames = [
            f"{os.path.basename(f.filename)}, line {f.lineno}, in {f.name}"
            for f in traceback.extract_tb(exc.__traceback__)
            if os.path.realpath(f.filename).startswith(self.submission_dir + os.sep)
        ]
        if isinstance(exc, SyntaxError) and exc.filename:
            frames.append(f"{os.path.basename(exc.filename)}, line {exc.lineno}")
        return {"type": type(exc).__name__[:100], "message": _text(exc), "where": frames[-5:]}

    def handle(self, msg: dict) -> dict:
        handler = getattr(self, "op_" + str(msg.get("op")), None)
        if handler is None:
            return {"raised": {"type": "ProtocolError", "message": f"unknown op {msg.get('op')!r}", "where": []}}
        try:
            if type(msg.get("seed")) is int:
                for seed in _SEEDS:
                    seed(msg["seed"] % 2**32)
            result = handler(msg)
            _LIVE_BUILTINS.update(BUILTINS)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt from student code too
            _LIVE_BUILTINS.update(BUILTINS)
            return {"raised": self.describe(exc)}
        if type(result) is Held:
            return {"ok": self.make_ref(result.value)}
        try:
            return {"ok": wire.encode(result, self.make_ref)}
        except wire.Unencodable as exc:
            return {"raised": {"type": "UnsupportedValue", "message": str(exc), "where": []}}

    def serve_forever(self) -> None:
        while True:
            try:
                msg = wire.recv(self.sock)
            except (EOFError, OSError, wire.WireError):
                return
            reply = self.handle(msg)
            self.flush_output()
            wire.send(self.sock, reply)
