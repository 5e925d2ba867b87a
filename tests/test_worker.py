"""The worker side of the boundary: what it holds, and how the proxy reaches student objects."""
import time

import numpy as np
import pytest

from autograder import course
from autograder.problems import StudentError, WorkerCrashed, WorkerTimeout
from autograder.proxy import Named
from autograder.supervisor import Worker, Zygote
from autograder.worker.limits import Limits
from autograder.worker import testfuncs

SPY = '''
import gc, os, sys
import numpy as np

REMEMBERED = []

def remember(reversed_text):
    REMEMBERED.append(reversed_text[::-1])

def scan(reversed_markers):
    """Every trace of the markers in this process (sent reversed, so the request itself is no trace)."""
    markers = [m[::-1] for m in reversed_markers]
    found = [name for name in list(sys.modules)
             if name.startswith("autograder.") and name.split(".")[1] not in ("wire", "worker")]
    strings = [str(getattr(m, "__file__", "") or "") for m in list(sys.modules.values())]
    strings += sys.path + list(os.environ.values())
    for obj in gc.get_objects():
        if type(obj) in (list, tuple) and obj is not markers:
            strings += [s for s in obj if type(s) is str]
        elif type(obj) is dict:
            strings += [s for s in obj.values() if type(s) is str]
    found += [s[:120] for s in strings for mark in markers if mark in s]
    return found

class Counter:
    def __init__(self, start):
        self.count = start
        self.history = []
    def add(self, n):
        self.count += n
        self.history.append(self.count)
        return self

def apply(f, x):
    return f(x)

def nap(seconds):
    import time
    time.sleep(seconds)
    return seconds
'''


@pytest.fixture
def worker(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "tmp").mkdir()
    (tmp_path / "sub" / "spy.py").write_text(SPY)
    functions = course.testfuncs(course.get("a3_gradient"))
    testfuncs.load(functions)  # Named("function_2") below, as run_job loads them
    zygote = Zygote(functions=functions)
    spec = {"submission": str(tmp_path / "sub"), "tmp": str(tmp_path / "tmp"),
            "output": str(tmp_path / "out.txt"), "limits": Limits().to_dict()}
    w = Worker(zygote, spec, call_timeout=2.0, budget=20.0)
    yield w
    w.close()
    zygote.close()


MARKERS = [str(course.course_root() / "solutions"), str(course.course_root() / "source_lib")]


def test_the_worker_holds_neither_the_reference_nor_the_suites(worker):
    assert worker.module("spy").scan([m[::-1] for m in MARKERS]) == []


def test_the_memory_scan_would_find_a_path_if_the_worker_held_one(worker):
    spy = worker.module("spy")
    spy.remember((MARKERS[0] + "/a2_functions/functions.py")[::-1])
    assert set(spy.scan([m[::-1] for m in MARKERS])) == {MARKERS[0] + "/a2_functions/functions.py"}


def test_remote_objects_keep_state_in_the_worker(worker):
    counter = worker.module("spy").Counter(5)
    assert counter.type_name == "Counter"
    same = counter.add(2)
    assert same.type_name == "Counter" and counter.count == 7
    counter.count = 10
    counter.add(1)
    assert counter.history == [7, 11]


def test_named_functions_are_sent_by_name_and_run_in_the_worker(worker):
    got = worker.module("spy").apply(Named("function_2"), np.array([3.0, 4.0]))
    assert got == 25.0


def test_student_exceptions_arrive_as_type_message_and_line(worker):
    with pytest.raises(StudentError) as info:
        worker.module("spy").Counter("a").add(1)
    assert info.value.type == "TypeError" and any("spy.py, line" in w for w in info.value.where)


def test_a_slow_call_times_out_and_the_next_call_gets_a_fresh_worker(worker):
    spy = worker.module("spy")
    with pytest.raises(WorkerTimeout):
        spy.nap(5)
    with pytest.raises(WorkerCrashed, match="lost when the worker restarted"):
        spy.nap(0)
    assert worker.module("spy").nap(0) == 0 and worker.restarts == 1


def test_the_submission_budget_bounds_all_calls_together(worker):
    worker.deadline = time.monotonic() + 0.5
    with pytest.raises(WorkerTimeout):
        worker.module("spy").nap(1)
    with pytest.raises(WorkerTimeout, match="time budget"):
        worker.module("spy")


def test_only_the_submissions_own_modules_can_be_imported(worker):
    with pytest.raises(StudentError, match="ModuleNotFoundError"):
        worker.module("os")
