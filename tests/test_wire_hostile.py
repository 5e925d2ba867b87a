"""A hostile worker cannot break, stall or exhaust the grader through its replies.

The worker here is fake: one end of a ``socket.socketpair()`` driven by a thread that sends whatever
bytes a test chooses, behind a fake zygote whose ``spawn`` returns ``(None, sock)``.
"""
from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from autograder import wire
from autograder.problems import StudentError, WorkerCrashed, WorkerTimeout
from autograder.proxy import RemoteObject
from autograder.supervisor import Worker, Zygote


def short_id(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def frame(body: bytes | str) -> bytes:
    body = body.encode() if type(body) is str else body
    return struct.pack(">I", len(body)) + body


def reply(message: dict) -> bytes:
    return frame(json.dumps(message, separators=(",", ":")))


class FakeZygote:
    """Each spawn starts a thread that answers every request with ``answer(request) -> bytes``
    (or calls ``answer(request, sock)`` when ``raw`` is set, to drip or stall)."""

    def __init__(self, answer, raw: bool = False):
        self.answer, self.raw = answer, raw
        self.spawned = 0
        self.threads: list[threading.Thread] = []

    def spawn(self, spec):
        ours, theirs = socket.socketpair()
        self.spawned += 1
        thread = threading.Thread(target=self._serve, args=(theirs,), daemon=True)
        thread.start()
        self.threads.append(thread)
        return None, ours

    def _serve(self, sock):
        with sock:
            try:
                while True:
                    request = wire.recv(sock)
                    if self.raw:
                        self.answer(request, sock)
                    else:
                        sock.sendall(self.answer(request))
            except (EOFError, OSError, wire.WireError):
                pass


def make_worker(answer, raw=False, **options) -> Worker:
    options = {"call_timeout": 5.0, "budget": 30.0, **options}
    return Worker(FakeZygote(answer, raw), {}, **options)


def import_request(worker: Worker):
    return worker.request({"op": "import", "module": "m"})


def utf8_safe(text) -> bool:
    assert type(text) is str
    text.encode("utf-8")
    return True


# ---------------------------------------------------------------- 1. one deadline per request
def drip(header_size: int, count: int, interval: float):
    def answer(request, sock):
        sock.sendall(struct.pack(">I", header_size))
        for _ in range(count):
            time.sleep(interval)
            sock.sendall(b" ")
    return answer


def test_a_reply_dripped_byte_by_byte_times_out_within_the_call_limit():
    worker = make_worker(drip(1000, 60, 0.05), raw=True, call_timeout=1.0)
    start = time.monotonic()
    with pytest.raises(WorkerTimeout):
        import_request(worker)
    assert time.monotonic() - start < 1.5
    assert worker.sock is None  # the child is killed; the next request gets a fresh one


def test_a_dripped_reply_times_out_when_the_budget_runs_out_first():
    worker = make_worker(drip(1000, 60, 0.05), raw=True, call_timeout=20.0, budget=1.0)
    start = time.monotonic()
    with pytest.raises(WorkerTimeout):
        import_request(worker)
    assert time.monotonic() - start < 1.5
    with pytest.raises(WorkerTimeout, match="budget"):
        import_request(worker)


def test_wire_recv_honours_a_deadline_for_the_whole_frame():
    a, b = socket.socketpair()
    with a, b:
        def slow():
            a.sendall(struct.pack(">I", 30))
            for _ in range(30):
                time.sleep(0.03)
                try:
                    a.sendall(b" ")
                except OSError:
                    return
        threading.Thread(target=slow, daemon=True).start()
        start = time.monotonic()
        with pytest.raises(TimeoutError):
            wire.recv(b, deadline=time.monotonic() + 0.3)
        assert time.monotonic() - start < 0.6


class DeafZygote:
    """A child that never reads its socket (nor answers)."""

    def spawn(self, spec):
        ours, self.theirs = socket.socketpair()
        return None, ours


def test_a_worker_that_does_not_read_times_out_the_send():
    worker = Worker(DeafZygote(), {}, call_timeout=0.5, budget=30)
    start = time.monotonic()
    with pytest.raises(WorkerTimeout):
        worker.request({"op": "hold", "value": wire.encode(np.zeros(2**20))})
    assert time.monotonic() - start < 1.0
    worker.zygote.theirs.close()


# ---------------------------------------------------------------- 2. malformed values are WireErrors
BAD_ARRAYS = [
    {"$": "nd", "dtype": "<f8", "shape": [1], "b": "!!!!!!!!!!!!"},      # not base64
    {"$": "nd", "dtype": "<f8", "shape": [1], "b": "AAAAAAAAAAA"},       # bad padding
    {"$": "nd", "dtype": "<f8", "shape": [1], "b": "AAAAAAAAAAA\u00e9"},  # not ASCII
    {"$": "nd", "dtype": "<b8", "shape": [1], "b": "AAAAAAAAAAA="},      # np.dtype refuses
    {"$": "nd", "dtype": "<f1", "shape": [1], "b": "AA=="},
    {"$": "nd", "dtype": "<f8\n", "shape": [1], "b": "AAAAAAAAAAA="},
    {"$": "nd", "dtype": "<f16", "shape": [1], "b": "AAAAAAAAAAAAAAAAAAAAAA=="},
    {"$": "nd", "dtype": "<c16", "shape": [1], "b": "AAAAAAAAAAAAAAAAAAAAAA=="},
    {"$": "nd", "dtype": "<f8", "shape": [0, 2**62, 2**62], "b": ""},
    {"$": "nd", "dtype": "<f8", "shape": [True], "b": "AAAAAAAAAAA="},
    {"$": "np", "dtype": "<f8", "shape": [2], "b": "AAAAAAAAAAAAAAAAAAAAAA=="},  # a scalar has no shape
    {"$": "nd", "dtype": ["<f8"], "shape": [1], "b": "AAAAAAAAAAA="},
]


@pytest.mark.parametrize("data", BAD_ARRAYS, ids=short_id)
def test_malformed_arrays_are_wire_errors(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


@pytest.mark.parametrize("data", [
    2**63, -(2**63) - 1, 10**400, float("inf"), float("nan"),     # only the tagged forms carry these
    "x" * (wire.MAX_STRING + 1),
    {"$": ["tuple"], "v": []},
    {"$": "dict", "v": [[[1], 2]]},
    {"$": "dict", "v": [[{"$": "dict", "v": []}, 2]]},                # a dict as a key
    {"$": "dict", "v": [[{"$": "nd", "dtype": "<f8", "shape": [0], "b": ""}, 2]]},
    {"$": "dict", "v": [[{"$": "tuple", "v": [[1]]}, 2]]},           # a tuple holding a list
], ids=short_id)
def test_values_that_encode_never_produces_are_wire_errors(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_the_error_for_a_huge_unknown_tag_stays_short():
    with pytest.raises(wire.WireError) as info:
        wire.decode({"$": "x" * 100_000})
    assert len(str(info.value)) < 200


def test_longdouble_and_complex_arrays_stay_in_the_worker_as_handles():
    for value in (np.zeros(2, dtype=np.longdouble), np.zeros(2, dtype=complex), np.longdouble(1)):
        with pytest.raises(wire.Unencodable):
            wire.encode(value)


@pytest.mark.parametrize("value", [np.zeros((2, 3), "<f2"), np.arange(5, dtype=">i4"), np.array(True), np.int8(-3)])
def test_every_array_encode_makes_decodes(value):
    out = wire.decode(wire.encode(value))
    assert type(out) is type(value) and out.dtype == value.dtype
    np.testing.assert_array_equal(out, value)


def test_a_bad_array_fails_only_that_request_and_the_next_gets_a_fresh_child():
    answers = iter([reply({"ok": BAD_ARRAYS[0]}), reply({"ok": BAD_ARRAYS[3]}), reply({"ok": 7})])
    worker = make_worker(lambda request: next(answers))
    with pytest.raises(WorkerCrashed, match="cannot read"):
        import_request(worker)
    with pytest.raises(WorkerCrashed, match="cannot read"):
        import_request(worker)
    assert import_request(worker) == 7
    assert worker.zygote.spawned == 3


@pytest.mark.parametrize("body", [
    b"NaN", b'{"ok": NaN}', b'{"ok": Infinity}', b'{"ok": 1e999}', b'{"ok": 1' + b"0" * 5000 + b"}",
    b'{"ok": "\xff"}', '{"ok": "한"}'.encode(), b"\x00" * 10, b"[1]", b'"text"', b"",
    b'{"ok": [' * 300 + b"]" * 300 + b"}",
    b'{"ok": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
], ids=short_id)
def test_garbage_frames_are_wire_errors(body):
    a, b = socket.socketpair()
    with a, b:
        a.sendall(frame(body))
        with pytest.raises(wire.WireError):
            wire.decode(wire.recv(b)["ok"])  # the frame is refused, or the value in it


# ---------------------------------------------------------------- 3. caps before the grader allocates
def test_a_frame_over_the_cap_is_refused_before_its_body_is_read():
    a, b = socket.socketpair()
    with a, b:
        a.sendall(struct.pack(">I", wire.MAX_FRAME + 1))  # and no body at all
        start = time.monotonic()
        with pytest.raises(wire.WireError, match="exceeds"):
            wire.recv(b, deadline=time.monotonic() + 5)
        assert time.monotonic() - start < 1


def test_a_frame_nested_too_deeply_is_refused_wherever_the_nesting_is():
    a, b = socket.socketpair()
    with a, b:
        a.sendall(frame('{"raised": {"where": ' + "[" * 300 + "]" * 300 + "}}"))
        with pytest.raises(wire.WireError, match="deeply"):
            wire.recv(b)
        a.sendall(frame('{"raised": {"where": ' + "[" * 50 + "]" * 50 + "}}"))
        where = wire.recv(b)["raised"]["where"]
        for _ in range(49):
            (where,) = where
        assert where == []


def test_a_frame_with_too_many_values_is_refused_unparsed():
    body = '{"ok":[' + ",".join(["0"] * (wire.MAX_VALUES + 1)) + "]}"
    a, b = socket.socketpair()
    with a, b:
        threading.Thread(target=a.sendall, args=(frame(body),), daemon=True).start()
        with pytest.raises(wire.WireError, match="values"):
            wire.recv(b)


def test_a_big_frame_may_not_hold_escaped_text_but_may_hold_an_array():
    big = wire.MAX_TEXT_FRAME + 10
    a, b = socket.socketpair()
    with a, b:
        body = '{"ok":"\\u00e9' + "a" * big + '"}'
        threading.Thread(target=a.sendall, args=(frame(body),), daemon=True).start()
        with pytest.raises(wire.WireError, match="escaped"):
            wire.recv(b)
        array = np.arange(big // 8 + 1, dtype=np.float64)
        threading.Thread(target=wire.send, args=(a, {"ok": wire.encode(array)}), daemon=True).start()
        np.testing.assert_array_equal(wire.decode(wire.recv(b)["ok"]), array)


def test_a_frame_of_many_values_under_the_cap_is_read():
    values = list(range(wire.MAX_VALUES // 2))
    a, b = socket.socketpair()
    with a, b:
        threading.Thread(target=wire.send, args=(a, {"ok": values}), daemon=True).start()
        assert wire.decode(wire.recv(b)["ok"]) == values


RSS_SCRIPT = textwrap.dedent('''
    import resource, socket, struct, sys, threading
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
    from autograder import wire
    from autograder.problems import WorkerCrashed
    from autograder.supervisor import Worker

    KIND, SIZE = sys.argv[1], int(sys.argv[2])
    if KIND == "nested":
        head, tail = b'{"ok":[', b'[]]}'
        body = head + b"[]," * ((SIZE - len(head) - len(tail)) // 3) + tail
    else:  # one astral character: Python would store the whole string at 4 bytes a character
        body = b'{"raised":{"type":"E","where":[],"message":"\\ud83d\\ude00' + b"a" * (SIZE - 80) + b'"}}'

    class Zygote:
        def spawn(self, spec):
            ours, theirs = socket.socketpair()
            def serve():
                try:
                    wire.recv(theirs)
                    theirs.sendall(struct.pack(">I", len(body)) + body)
                except OSError:
                    pass
            threading.Thread(target=serve, daemon=True).start()
            return None, ours

    worker = Worker(Zygote(), {}, call_timeout=60, budget=120)
    try:
        worker.request({"op": "import", "module": "m"})
        outcome = "answered"
    except WorkerCrashed as exc:
        outcome = "crashed"
    except MemoryError:
        outcome = "memoryerror"
    # VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would start at the (large) pytest's RSS
    peak = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM")) // 1024
    print(outcome, peak)
''')


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["nested", "astral"])
def test_a_big_frame_costs_the_grader_little_memory(kind):
    size = min(60 * 2**20, wire.MAX_FRAME)
    run = subprocess.run([sys.executable, "-c", RSS_SCRIPT, kind, str(size)], capture_output=True, text=True, timeout=120,
                         env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    outcome, peak_mib = run.stdout.split()
    assert outcome == "crashed"
    assert int(peak_mib) < 250, f"peak RSS {peak_mib} MiB"  # the frame itself is 48 MiB here, twice


def test_huge_exception_text_is_cut_on_the_trusted_side():
    raised = {"type": "E" * 10_000, "message": "m" * (20 * 2**20), "where": ["w" * 10_000] * 1000}
    worker = make_worker(lambda request: reply({"raised": raised}))
    with pytest.raises(StudentError) as info:
        import_request(worker)
    error = info.value
    assert error.type.startswith("EEE") and len(error.type) <= 102
    assert error.message.startswith("mmm") and len(error.message) <= 2002
    assert len(error.where) == 5 and all(len(w) <= 202 for w in error.where)
    assert len(str(error)) <= 2200


@pytest.mark.parametrize("raised", [
    {"type": None, "message": {"deep": [1, 2]}, "where": "not a list"},
    {"type": ["x"] * 100_000, "message": 12, "where": [None, {"a": 1}, "f.py, line 3"]},
    {},
], ids=short_id)
def test_exception_fields_of_any_json_type_become_short_strings(raised):
    worker = make_worker(lambda request: reply({"raised": raised}))
    with pytest.raises(StudentError) as info:
        import_request(worker)
    error = info.value
    assert utf8_safe(error.type) and utf8_safe(error.message) and len(error.type) <= 102
    assert type(error.where) is list and all(utf8_safe(w) for w in error.where)


def test_ref_type_names_are_cut():
    worker = make_worker(lambda request: reply({"ok": {"$": "ref", "id": 3, "type": "T" * 100_000, "callable": True}}))
    handle = import_request(worker)
    assert type(handle) is RemoteObject and handle.type_name.startswith("TTT") and len(handle.type_name) <= 102


@pytest.mark.parametrize("ref", [
    {"$": "ref", "id": True}, {"$": "ref", "id": "1"}, {"$": "ref", "id": 2**70}, {"$": "fn", "name": "square"},
])
def test_bad_handles_are_refused(ref):
    worker = make_worker(lambda request: reply({"ok": ref}))
    with pytest.raises(WorkerCrashed):
        import_request(worker)


def test_past_the_submission_byte_cap_every_request_fails_cleanly():
    big = reply({"ok": "x" * 300_000})
    worker = make_worker(lambda request: big)
    worker.max_received = 2**20
    answered = 0
    with pytest.raises(WorkerCrashed, match="in total"):
        for _ in range(10):
            import_request(worker)
            answered += 1
    assert answered == 3
    spawned = worker.zygote.spawned
    for _ in range(3):
        with pytest.raises(WorkerCrashed, match="in total"):
            import_request(worker)
    assert worker.zygote.spawned == spawned  # no new child once the cap is reached
    assert 2**20 <= worker.received <= 2**20 + len(big)


# ---------------------------------------------------------------- 4. text is safe to write as UTF-8
def test_lone_surrogates_in_exception_text_become_replacement_characters():
    raised = {"type": "Bad\udcff", "message": "msg \ud800 end", "where": ["f\udfff.py, line 1"]}
    worker = make_worker(lambda request: reply({"raised": raised}))
    with pytest.raises(StudentError) as info:
        import_request(worker)
    error = info.value
    assert error.type == "Bad\ufffd" and error.message == "msg \ufffd end" and error.where == ["f\ufffd.py, line 1"]
    assert utf8_safe(str(error))


def test_lone_surrogates_in_values_and_type_names_become_replacement_characters():
    value = wire.encode({"k\udcff": ["v\ud800", ("\udfff",)]})
    worker = make_worker(lambda request: reply({"ok": value}))
    assert import_request(worker) == {"k\ufffd": ["v\ufffd", ("\ufffd",)]}
    worker = make_worker(lambda request: reply({"ok": {"$": "ref", "id": 1, "type": "T\udcff"}}))
    assert import_request(worker).type_name == "T\ufffd"


def test_a_surrogate_pair_escape_is_kept_as_the_character():
    worker = make_worker(lambda request: frame('{"ok": "\\ud83d\\ude00 \\ud55c"}'))
    assert import_request(worker) == "\U0001f600 \ud55c"


# ---------------------------------------------------------------- the zygote's reply
class FakeProcess:
    pid = 1

    def poll(self):
        return None

    def kill(self):
        pass

    def wait(self):
        return 0


@pytest.mark.parametrize("answer", [b'{"pid": 0}', b'{"pid": -1}', b'{"pid": true}', b'{"pid": 1}', b'[1]', b'"x"',
                                    b'{"pid": "12"}', b'{"pid": 12.5}', b'{"pid": 99999999999999999999}', b"\xff",
                                    b'{"error": "expected one socket"}', b"SELF"])
def test_a_bad_zygote_reply_is_refused_and_never_becomes_a_pid_to_kill(monkeypatch, answer):
    import os

    answer = str(os.getpid()).join([b'{"pid": '.decode(), "}"]).encode() if answer == b"SELF" else answer
    zygote = Zygote()

    def start():
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

        def serve():
            with theirs:
                try:
                    _, fds, _, _ = socket.recv_fds(theirs, 65536, 1)
                    for fd in fds:
                        os.close(fd)
                    theirs.send(answer)
                except OSError:
                    pass
        threading.Thread(target=serve, daemon=True).start()
        zygote.process, zygote.control = FakeProcess(), ours
        ours.settimeout(5)

    monkeypatch.setattr(zygote, "start", start)
    with pytest.raises(ValueError):
        zygote.spawn({})
    zygote.close()


def test_a_good_zygote_reply_gives_the_pid(monkeypatch):
    import os

    zygote = Zygote()

    def start():
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

        def serve():
            with theirs:
                _, fds, _, _ = socket.recv_fds(theirs, 65536, 1)
                for fd in fds:
                    os.close(fd)
                theirs.send(b'{"pid": 4242}')
        threading.Thread(target=serve, daemon=True).start()
        zygote.process, zygote.control = FakeProcess(), ours

    monkeypatch.setattr(zygote, "start", start)
    pid, sock = zygote.spawn({})
    assert pid == 4242 and sock.fileno() >= 0
    sock.close()
    zygote.control.close()


# ---------------------------------------------------------------- fuzz: nothing but WireError escapes
TAGS = ["f", "tuple", "dict", "nd", "np", "fn", "ref", "pickle", None, 1]
FIELDS = ["$", "v", "dtype", "shape", "b", "id", "type", "callable", "name"]
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.sampled_from(["nan", "inf", "-inf", "<f8", "|b1", "<i4", "<b8", "<f16", "AAAAAAAAAAA=", "AA==", "!!"]))
json_ish = st.recursive(
    scalars,
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), children, max_size=4)
                      | st.builds(lambda tag, extra: {"$": tag, **extra}, st.sampled_from(TAGS),
                                  st.dictionaries(st.sampled_from(FIELDS[1:]), children, max_size=4))
                      | st.builds(lambda dtype, shape, b: {"$": "nd", "dtype": dtype, "shape": shape, "b": b},
                                  st.sampled_from(["<f8", "|u1", "<f2", "|b1", ">i8", "<b8", "=f4"]),
                                  st.lists(st.integers(-2, 3), max_size=3),
                                  st.sampled_from(["", "AA==", "AAAAAAAAAAA=", "AQID", "!", "AAAA" * 4]))),
    max_leaves=20,
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(json_ish)
def test_decode_of_any_json_ish_value_is_a_value_or_a_wire_error(data):
    def resolve(tagged):
        raise wire.WireError("no handles here")
    try:
        wire.decode(data, resolve)
    except wire.WireError:
        pass


@FUZZ
@given(json_ish)
def test_any_reply_becomes_an_answer_or_a_worker_problem(data):
    worker = make_worker(lambda request: b"")  # never spawned: _answer only decodes
    for message in ({"ok": data}, {"raised": data}, data if type(data) is dict else {"x": data}):
        try:
            worker._answer(message)
        except StudentError as error:
            assert utf8_safe(error.type) and utf8_safe(error.message) and all(utf8_safe(w) for w in error.where)
            assert len(error.type) <= 102 and len(error.message) <= 2002 and len(error.where) <= 5
        except WorkerCrashed:
            pass


def frames_of(bodies):
    return st.builds(frame, bodies)


raw_frames = (st.binary(max_size=40)
              | frames_of(st.binary(max_size=40))
              | frames_of(json_ish.map(lambda v: json.dumps({"ok": v}, ensure_ascii=False)))
              | frames_of(json_ish.map(json.dumps).map(lambda s: s[: len(s) // 2])))


@FUZZ
@given(raw_frames)
def test_recv_of_any_bytes_is_a_message_eof_or_a_wire_error(data):
    a, b = socket.socketpair()
    with a, b:
        a.sendall(data)
        a.shutdown(socket.SHUT_WR)
        try:
            message = wire.recv(b, deadline=time.monotonic() + 5)
            assert type(message) is dict
            if "ok" in message:
                wire.decode(message["ok"])
        except (wire.WireError, EOFError):
            pass
