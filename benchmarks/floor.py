"""The floor: the barest honest a2 grader, to measure ``autograder run`` against (issue 15).

    python benchmarks/floor.py FOLDER [--jobs 2] [--out records.jsonl] [--timeout 10] [--batch] [--verbose]

A warm parent (numpy imported, the a2 reference ``solutions/a2_functions/functions.py`` loaded
once) forks a child per submission (``os.fork``). The child sends its output to /dev/null,
imports that submission's ``functions.py`` and answers calls over a pipe (length-prefixed
pickles of plain numpy arrays and numbers; anything else comes back as its type's name, and the
parent unpickles numpy's own classes only). The parent draws each student's inputs the way the
hidden suite does (one ``default_rng`` per test, seeded from salt, student id, assignment and
test name, as ``plugin.rng``), computes the expected values with the reference, and compares
(shape, dtype kind, ``np.allclose``; an input read back after the call for the "unchanged"
checks), scoring each test as ``source_lib/a2_functions/suite`` does (all or nothing, or a share
per soft check). 36 calls per submission, one round trip each (``--batch``: all in one). A
child that overruns ``--timeout`` seconds in all is killed. ``--jobs N`` forks N such parents
from the warm one; they take submissions one at a time from it and send it their records.

It prints submissions per second and the time from start (the script's first line, or the call
of ``run``) to the first finished record. ``run(folder, jobs) -> dict`` does the same as a module.
What it leaves out on purpose: the sandbox (confinement, resource limits, staging), feedback,
misconception diagnosis, figures, the journal's fsync, going on after a call that hangs or a
child that dies (the floor stops there: it is measured on classes where none does); what
``autograder run`` adds over it is the price of those and of its own overheads. One file of
about 450 lines on purpose: the whole floor reads in one place and imports nothing of ours.
"""
from __future__ import annotations

import time

START = time.perf_counter()  # the script's start: the first-record time counts numpy's import too

import argparse
import hashlib
import importlib.util
import io
import json
import os
import pickle
import select
import signal
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "solutions" / "a2_functions" / "functions.py"
ASSIGNMENT = "a2_functions"
MAX_SCORE = 37.0
T2 = np.eye(10)[2]


def load(path: Path, name: str = "functions"):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REF = load(REFERENCE, "floor_reference")


# -- the plan: each test's calls (function, args, read the args back?) and checks -------------
# A check: ("array", call, expected, kind, rtol, atol) | ("scalar", call, expected, rtol, atol) |
# ("int", call) | ("unchanged", call, arg, before, result_check). A test: (name, points, soft, calls, checks).

def _rng(salt: str, student: str, test: str) -> np.random.Generator:
    key = f"{salt}|{student}|{ASSIGNMENT}|{test}"
    return np.random.default_rng(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def plan(student: str, salt: str = "") -> list[tuple]:
    """The a2 hidden suite's calls and expected values for one student (37 points)."""
    r = lambda test: _rng(salt, student, test)
    f = REF
    tests = [("test_step_lecture_example", 2, False, [("step", (np.array([-1.0, 0.0, 2.0]),), False)],
              [("array", 0, np.array([0, 0, 1]), "i", 1e-5, 1e-8)]),
             ("test_step_scalar", 1, False, [("step", (3.0,), False), ("step", (-3.0,), False)],
              [("int", 0), ("scalar", 0, 1, 1e-5, 1e-8), ("scalar", 1, 0, 1e-5, 1e-8)])]
    x = r("test_step_on_a_batch").normal(size=(4, 5))
    x[0, 0] = 0.0
    tests.append(("test_step_on_a_batch", 2, False, [("step", (x,), False)], [("array", 0, f.step(x), "i", 1e-5, 1e-8)]))
    x = np.array([-1.0, 1.0, 2.0])
    tests.append(("test_sigmoid_values", 2, False, [("sigmoid", (x,), False)], [("array", 0, f.sigmoid(x), "f", 1e-5, 1e-8)]))
    g = r("test_sigmoid_is_stable_for_large_inputs")
    x = np.concatenate([[-1000.0, 1000.0, 0.0], g.normal(scale=5, size=7)]).reshape(2, 5)
    tests.append(("test_sigmoid_is_stable_for_large_inputs", 2, False, [("sigmoid", (x,), False)],
                  [("array", 0, f.sigmoid(x), "f", 1e-5, 1e-8)]))
    x = r("test_relu_and_leaky_relu").normal(size=(3, 4))
    tests.append(("test_relu_and_leaky_relu", 2, True,
                  [("relu", (x,), False), ("leaky_relu", (x,), False), ("leaky_relu", (x, 0.3), False),
                   ("identity_function", (x,), False)],
                  [("array", 0, f.relu(x), "f", 1e-5, 1e-8), ("array", 1, f.leaky_relu(x), "f", 1e-5, 1e-8),
                   ("array", 2, f.leaky_relu(x, 0.3), "f", 1e-5, 1e-8), ("array", 3, x, "f", 1e-5, 1e-8)]))
    tests.append(("test_softmax_lecture_values", 2, True,
                  [("softmax", (np.array([0.3, 2.9, 4.0]),), False), ("softmax", (np.array([1.0, 1.0, 2.0]),), False)],
                  [("array", 0, np.array([0.01821127, 0.24519181, 0.73659691]), "f", 1e-5, 5e-9),
                   ("array", 1, np.array([0.21194156, 0.21194156, 0.57611688]), "f", 1e-5, 5e-9)]))
    tests.append(("test_softmax_is_stable_for_large_inputs", 2, False, [("softmax", (np.array([1000.0, 1010.0]),), False)],
                  [("array", 0, np.array([4.539787e-05, 9.999546e-01]), "f", 1e-5, 5e-7)]))
    x = r("test_softmax_on_a_batch_is_row_wise").normal(scale=3, size=(4, 3))
    x[1] += 500.0
    tests.append(("test_softmax_on_a_batch_is_row_wise", 2, False, [("softmax", (x,), False)],
                  [("array", 0, f.softmax(x), "f", 1e-5, 1e-8)]))
    g, calls, checks = r("test_activations_leave_their_input_unchanged"), [], []
    for i, name in enumerate(("step", "sigmoid", "relu", "leaky_relu", "softmax")):
        x = g.normal(size=(3, 4))
        calls.append((name, (x,), True))
        checks.append(("unchanged", i, 0, x.copy(), ("array", i, getattr(f, name)(x.copy()), None, 1e-5, 1e-8)))
    tests.append(("test_activations_leave_their_input_unchanged", 2, True, calls, checks))
    y1 = np.array([0, 0, 0.8, 0.1, 0, 0, 0, 0.1, 0, 0])
    y2 = np.array([0.9, 0, 0.1, 0, 0, 0, 0, 0, 0, 0])
    tests.append(("test_mse_lecture_values", 2, True, [("MSE", (y1, T2), False), ("MSE", (y2, T2), False)],
                  [("scalar", 0, 0.03, 1e-5, 1e-8), ("scalar", 1, 0.81, 1e-5, 1e-8)]))
    g = r("test_mse_on_a_batch_is_divided_by_batch_size")
    y, t = g.random((5, 3)), g.random((5, 3))
    tests.append(("test_mse_on_a_batch_is_divided_by_batch_size", 2, False, [("MSE", (y, t), False)],
                  [("scalar", 0, f.MSE(y, t), 1e-5, 1e-8)]))
    tests.append(("test_sse_lecture_value", 1, False, [("SSE", (np.array([0.5]), np.array([0.7])), False)],
                  [("scalar", 0, 0.04, 1e-5, 1e-8)]))
    tests.append(("test_rmse_lecture_value", 1, False, [("RMSE", (np.array([2.7, 4.2, 5.5]), np.array([3.0, 4.0, 5.0])), False)],
                  [("scalar", 0, np.sqrt(0.38 / 3), 1e-5, 5e-7)]))
    g = r("test_sse_and_rmse_on_random_data")
    y, t = g.normal(size=6), g.normal(size=6)
    tests.append(("test_sse_and_rmse_on_random_data", 2, True, [("SSE", (y, t), False), ("RMSE", (y, t), False)],
                  [("scalar", 0, f.SSE(y, t), 1e-5, 1e-8), ("scalar", 1, f.RMSE(y, t), 1e-5, 1e-8)]))
    tests.append(("test_cee_lecture_value", 2, False, [("CEE", (np.array([0.7, 0.3]), np.array([0.0, 1.0])), False)],
                  [("scalar", 0, 1.2039725, 1e-5, 5e-8)]))
    y, t = np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 1.0, 0.0]])
    tests.append(("test_cee_survives_a_zero_probability", 2, False, [("CEE", (y, t), False)],
                  [("scalar", 0, f.CEE(y, t), 1e-5, 1e-8)]))
    g = r("test_cee_on_a_batch_is_averaged")
    y = f.softmax(g.normal(size=(4, 5)))
    t = np.eye(5)[g.integers(0, 5, size=4)]
    tests.append(("test_cee_on_a_batch_is_averaged", 2, False, [("CEE", (y, t), False)], [("scalar", 0, f.CEE(y, t), 1e-5, 1e-8)]))
    g = r("test_cee_accepts_label_indices")
    y = f.softmax(g.normal(size=(4, 5)))
    labels = g.integers(0, 5, size=4)
    tests.append(("test_cee_accepts_label_indices", 2, False, [("CEE", (y, labels), False)],
                  [("scalar", 0, f.CEE(y, np.eye(5)[labels]), 1e-5, 1e-8)]))
    g = r("test_bce_on_random_data")
    y, t = g.random(6), (g.random(6) > 0.5).astype(float)
    tests.append(("test_bce_on_random_data", 1, False, [("BCE", (y, t), False)], [("scalar", 0, f.BCE(y, t), 1e-5, 1e-8)]))
    g, calls, checks = r("test_losses_leave_their_inputs_unchanged"), [], []
    for i, name in enumerate(("MSE", "SSE", "RMSE", "CEE", "BCE")):
        y, t = g.random((3, 3)), np.eye(3)[[0, 2, 1]]
        calls.append((name, (y, t), True))
        result = ("scalar", i, getattr(f, name)(y.copy(), t.copy()), 1e-5, 1e-8)
        checks += [("unchanged", i, 0, y.copy(), result), ("unchanged", i, 1, t.copy(), result)]
    tests.append(("test_losses_leave_their_inputs_unchanged", 1, True, calls, checks))
    return tests


# -- the comparisons (checker.py's rules, without the feedback) --------------------------------

def _is_scalar(v) -> bool:
    return (type(v) in (int, float) or isinstance(v, np.generic) and v.dtype.kind in "biuf"
            or type(v) is np.ndarray and v.ndim == 0 and v.dtype.kind in "biuf")


def _close(got, expected, rtol, atol) -> bool:
    try:
        got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
        return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))
    except (TypeError, ValueError):
        return False


def passes(check, answers) -> bool:
    kind, index = check[0], check[1]
    answer = answers[index] if index < len(answers) else None
    if answer is None or answer[0] != "v":  # raised, timed out, or returned something not numeric
        return False
    got = answer[1]
    if kind == "array":
        expected, dkind, rtol, atol = np.asarray(check[2]), check[3], check[4], check[5]
        if type(got) is not np.ndarray or got.shape != expected.shape:
            return False
        if dkind and not (got.dtype.kind == dkind or dkind == "i" and got.dtype.kind == "u"):
            return False
        return _close(got, expected, rtol, atol)
    if kind == "scalar":
        return _is_scalar(got) and _close(got, check[2], check[3], check[4])
    if kind == "int":
        return type(got) is int or (isinstance(got, (np.integer, np.ndarray)) and np.asarray(got).ndim == 0
                                    and np.asarray(got).dtype.kind in "iu")
    after = answer[2][check[2]] if answer[2] else None  # "unchanged"
    return (passes(check[4], answers) and type(after) is np.ndarray and after.shape == check[3].shape
            and bool(np.array_equal(after, check[3], equal_nan=True)))


def score(tests, answers_per_test) -> dict[str, float]:
    out = {}
    for (name, points, soft, _, checks), answers in zip(tests, answers_per_test):
        ok = [passes(c, answers) for c in checks]
        out[name] = points * sum(ok) / len(ok) if soft else (points if all(ok) else 0.0)
    return out


# -- the pipe: length-prefixed pickles; the parent unpickles numpy's own classes only ----------

class _NumpyOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if module.split(".")[0] == "numpy" and name in {"_reconstruct", "scalar", "ndarray", "dtype", "_frombuffer"} \
                or module == "numpy.dtypes" and name.endswith("DType"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def send(fd: int, obj) -> None:
    data = pickle.dumps(obj, protocol=5)
    view = memoryview(struct.pack("!I", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read(fd: int, n: int, deadline: float | None) -> bytes | None:
    chunks, left = [], n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                return None
        chunk = os.read(fd, left)
        if not chunk:
            raise EOFError(f"end of file on {fd}")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(fd: int, deadline: float | None = None, trusted: bool = True):
    """The next message; None on timeout, EOFError at the end of the file."""
    head = _read(fd, 4, deadline)
    data = head and _read(fd, struct.unpack("!I", head)[0], deadline)
    if data is None:
        return None
    return pickle.loads(data) if trusted else _NumpyOnly(io.BytesIO(data)).load()


# -- the child: import the submission, answer calls ---------------------------------------------

def _plain(value):
    if type(value) is np.ndarray and value.dtype.kind in "biufc" or type(value) in (int, float, bool) \
            or isinstance(value, np.generic) and value.dtype.kind in "biufc":
        return ("v", value)
    return ("o", type(value).__name__)


def _answer(module, call):
    name, args, watch = call
    try:
        value = getattr(module, name)(*args)
    except BaseException as exc:  # noqa: BLE001 - the student's error is the answer
        return ("raise", type(exc).__name__)
    return _plain(value) + ((args,) if watch else (None,))


def child(folder: Path, requests: int, answers: int, close: tuple[int, ...]) -> None:
    for fd in close:
        os.close(fd)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        sys.path.insert(0, str(folder))
        module = load(folder / "functions.py")
        send(answers, ("ready",))
    except BaseException as exc:  # noqa: BLE001
        send(answers, ("import_error", type(exc).__name__))
        os._exit(0)
    while True:
        try:
            message = receive(requests)
        except EOFError:
            os._exit(0)
        send(answers, [[_answer(module, c) for c in test] for test in message] if type(message) is list
                      else _answer(module, message))


def grade(folder: Path, salt: str = "", timeout: float = 10.0, batch: bool = False, close: tuple[int, ...] = ()) -> dict:
    """One submission: fork, plan while it imports, call, compare; the record."""
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    req_r, req_w = os.pipe()
    ans_r, ans_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(req_w)
        os.close(ans_r)
        try:
            child(folder, req_r, ans_w, close)
        finally:
            os._exit(1)
    os.close(req_r)
    os.close(ans_w)
    tests = plan(folder.name, salt)
    status, answers_per_test = "graded", [[] for _ in tests]
    try:
        ready = receive(ans_r, deadline, trusted=False)
        if ready is None:
            status = "timeout"
        elif ready[0] != "ready":
            status = "import_error"
        elif batch:
            send(req_w, [test[3] for test in tests])
            got = receive(ans_r, deadline, trusted=False)
            status = "timeout" if got is None else status
            answers_per_test = got or answers_per_test
        else:
            for test, answers in zip(tests, answers_per_test):
                for call in test[3]:
                    send(req_w, call)
                    got = receive(ans_r, deadline, trusted=False)
                    if got is None:
                        status = "timeout"
                        break
                    answers.append(got)
                if status != "graded":
                    break
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        status = "crashed"
    finally:
        os.close(req_w)
        os.close(ans_r)
        if status != "graded":
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    points = score(tests, answers_per_test)
    return {"student_id": folder.name, "status": status, "score": round(sum(points.values()), 6),
            "max_score": MAX_SCORE, "duration": time.perf_counter() - started, "tests": points}


# -- many submissions, --jobs parents ----------------------------------------------------------

def discover(folder: Path) -> list[Path]:
    folder = Path(folder)
    if (folder / "functions.py").is_file():
        return [folder]
    return sorted(p for p in folder.iterdir() if (p / "functions.py").is_file())


def _worker(tasks: int, results: int, subs: list[Path], salt: str, timeout: float, batch: bool) -> None:
    while (index := _next(tasks)) is not None:
        send(results, grade(subs[index], salt, timeout, batch, close=(tasks, results)))
    os._exit(0)


def _next(tasks: int):
    try:
        return receive(tasks)
    except EOFError:
        return None


def run(folder: Path, jobs: int = 1, *, salt: str = "", timeout: float = 10.0, batch: bool = False,
        out: Path | None = None, started: float | None = None, on_record=None) -> dict:
    """Grade every submission under ``folder``; wall time, rate, time to the first record, records."""
    started = time.perf_counter() if started is None else started
    subs = discover(folder)
    sink = open(out, "w", encoding="utf-8") if out else None  # noqa: SIM115 - closed below; records stream into it
    records, first = [], None

    def finished(record):
        nonlocal first
        first = time.perf_counter() - started if first is None else first
        records.append(record)
        if sink:
            sink.write(json.dumps(record) + "\n")
            sink.flush()
        if on_record:
            on_record(record)

    try:
        if jobs <= 1:
            for sub in subs:
                finished(grade(sub, salt, timeout, batch))
        else:
            _fan_out(subs, jobs, salt, timeout, batch, finished)
    finally:
        if sink:
            sink.close()
    wall = time.perf_counter() - started
    return {"n": len(subs), "jobs": jobs, "wall": wall, "rate": len(subs) / wall if wall else 0.0,
            "first": first, "scores": {r["student_id"]: r["score"] for r in records}, "records": records}


def _fan_out(subs, jobs, salt, timeout, batch, finished) -> None:
    """``jobs`` parents forked from this warm one; each holds up to two submissions at a time."""
    workers, todo = {}, iter(range(len(subs)))
    for _ in range(min(jobs, len(subs))):
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(task_w)
            os.close(result_r)
            for other_task_w, other_result_r, _ in workers.values():
                os.close(other_task_w)
                os.close(other_result_r)
            try:
                _worker(task_r, result_w, subs, salt, timeout, batch)
            finally:
                os._exit(1)
        os.close(task_r)
        os.close(result_w)
        workers[result_r] = (task_w, result_r, pid)
    busy = {}
    for fd, (task_w, _, _) in workers.items():
        busy[fd] = 0
        for index in (next(todo, None), next(todo, None)):
            if index is not None:
                send(task_w, index)
                busy[fd] += 1
    while any(busy.values()):
        for fd in select.select([fd for fd, b in busy.items() if b], [], [])[0]:
            record = receive(fd)  # EOFError: a floor worker died
            busy[fd] -= 1
            finished(record)
            index = next(todo, None)
            if index is not None:
                send(workers[fd][0], index)
                busy[fd] += 1
    for task_w, result_r, pid in workers.values():
        os.close(task_w)
        os.close(result_r)
        os.waitpid(pid, 0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path, help="a folder of student folders (each with functions.py)")
    p.add_argument("--jobs", type=int, default=1, help="parents grading at once (default 1)")
    p.add_argument("--out", type=Path, help="write the records here, one JSON line each, as they finish")
    p.add_argument("--salt", default=os.environ.get("AUTOGRADER_SALT", ""), help="as `autograder run --salt`")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds one submission may take in all")
    p.add_argument("--batch", action="store_true", help="send all of a submission's calls in one message")
    p.add_argument("--verbose", action="store_true", help="print each submission's points as it finishes")
    args = p.parse_args(argv)
    show, full = None, {t[0]: t[1] for t in plan("points")}
    if args.verbose:
        def show(r):
            lost = ", ".join(f"{k.removeprefix('test_')} {v:.3g}" for k, v in r["tests"].items() if v < full[k])
            print(f"{r['student_id']:>12} {r['score']:6.2f} / {r['max_score']:g}  {r['status']:<12} {lost}", flush=True)
    result = run(args.folder, args.jobs, salt=args.salt, timeout=args.timeout, batch=args.batch, out=args.out,
                 started=START, on_record=show)
    first = "–" if result["first"] is None else f"{result['first']:.3f} s"
    print(f"floor: {result['n']} submissions in {result['wall']:.2f} s with --jobs {args.jobs}: "
          f"{result['rate']:.1f} subs/s; first record {first} after start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
