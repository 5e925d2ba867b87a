"""``lanes.run``: tasks side by side in this process and forked ones, each one's output apart."""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path

from autograder import lanes


def task(payload) -> int:
    """Prints where it ran; ``raise`` raises; ``die`` ends another lane's process without a
    word (leaving a mark), and in this process waits for that mark before it returns."""
    kind, n, *mark = payload
    print(f"out {n}")
    print(f"err {n}", file=sys.stderr)
    if kind == "raise":
        raise ValueError(f"task {n} broke")
    if kind == "die" and multiprocessing.parent_process() is not None:
        Path(mark[0]).touch()
        os._exit(7)
    if kind == "die":
        deadline = time.monotonic() + 60
        while not Path(mark[0]).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    return n


def test_every_task_gets_its_own_output_and_code_in_the_order_given():
    outcomes = lanes.run(task, [("ok", n) for n in range(5)], 2)
    assert outcomes == [(n, f"out {n}\n", f"err {n}\n") for n in range(5)]


def test_a_task_that_raises_or_whose_process_dies_is_code_1_and_the_others_finish(tmp_path):
    payloads = [("ok", 0), ("raise", 1), ("ok", 2), ("ok", 3)]
    outcomes = lanes.run(task, payloads, 2)
    assert [code for code, _, _ in outcomes] == [0, 1, 2, 3]
    assert "ValueError: task 1 broke" in outcomes[1][2]
    # a lane's process that dies takes its task with it; the task says so, the rest are done
    outcomes = lanes.run(task, [("die", 9, str(tmp_path / "died"))] * 4, 2)  # the other lane dies on the first it takes
    died = [err for code, _, err in outcomes if code == 1]
    assert len(died) == 1 and "stopped before it finished (exit code 7)" in died[0]
    assert [code for code, _, _ in outcomes].count(9) == 3  # this process's lane did the rest


def test_one_lane_runs_everything_here():
    assert lanes.run(task, [("ok", 1), ("ok", 2)], 1) == [(1, "out 1\n", "err 1\n"), (2, "out 2\n", "err 2\n")]
