"""autograder serve survives kill -9: every submission it answered 202 for is graded exactly once after a restart.

A real server (``python -m autograder serve``, two grading processes) in its own process group is
sent SIGKILL, group and all, while it grades a dozen bundled a2 submissions; no grading process may
outlive it. A second server on the same folder then grades what is left, and the database says each
submission was graded once, with the score the real ``Grader`` gives that example.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
import httpx  # noqa: E402
from sqlalchemy import select  # noqa: E402

from autograder import course  # noqa: E402
from autograder.commands.serve import make_demo  # noqa: E402
from autograder.grading import Grader  # noqa: E402
from autograder.serve.db import Database, default_url  # noqa: E402
from autograder.serve.models import Grading, Submission  # noqa: E402
from autograder.submission import Source  # noqa: E402
from tests.pg_server import running  # noqa: E402

A2 = "a2_functions"
EXAMPLES = course.examples_dir(A2)  # of the repository's course (the demo copies no examples)
NAMES = ("reference", "softmax_wrong_axis", "cee_sign", "mse_no_half", "stub", "relu_in_place")
SERVE = f"""[serve]
timezone = "Asia/Seoul"

[serve.defaults]
due = "2099-12-08 23:59"
max_attempts = 30
attempts_per_hour = 30
hidden_before_due = "points"
hidden_after_due = "full"

[serve.assignments.{A2}]
"""
DONE = ("graded", "not_graded")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, port: int, log: Path, *extra: str) -> subprocess.Popen:
    """``autograder serve`` as a subprocess leading its own process group (``extra``: more options)."""
    env = {**os.environ, course.ENV: str(folder)}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "autograder", "serve", str(folder), "--port", str(port),
                                 "--jobs", "2", *extra], stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def wait_until_answering(client: httpx.Client, token: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited ({server.returncode}):\n{log.read_text()[-3000:]}"
        try:
            if client.get("/api/v1/assignments", headers=bearer(token)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within 60 s:\n{log.read_text()[-3000:]}")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc: parent ids)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def statuses(client: httpx.Client, tokens: dict, ids: dict[int, str]) -> dict[int, str]:
    return {sid: client.get(f"/api/v1/submissions/{sid}", headers=bearer(tokens[who])).json()["status"]
            for sid, who in ids.items()}


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_kill_9_mid_grading_then_restart_grades_each_submission_once(tmp_path):
    port = free_port()
    demo = make_demo(tmp_path / "course", f"http://127.0.0.1:{port}", serve_toml=SERVE)
    log = tmp_path / "server.log"
    students = sorted(demo.tokens)
    accepted: dict[int, tuple[str, str]] = {}  # submission id → (student, example): each answered 202

    def post(client: httpx.Client, n: int) -> None:
        student, name = students[n % len(students)], NAMES[n % len(NAMES)]
        answer = client.post("/api/v1/submissions", headers=bearer(demo.tokens[student]), data={"assignment": A2},
                             files=[("file", ("functions.py", (EXAMPLES / name / "functions.py").read_bytes()))])
        assert answer.status_code == 202, answer.text
        accepted[answer.json()["id"]] = (student, name)

    server = start_server(demo.folder, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            wait_until_answering(client, demo.tokens[students[0]], server, log)
            for n in range(12):
                post(client, n)
            # kill while some are graded and some still wait, and while another upload is in flight
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                now = statuses(client, demo.tokens, {i: s for i, (s, _) in accepted.items()})
                if any(v in DONE for v in now.values()) and any(v in ("queued", "grading") for v in now.values()):
                    break
                time.sleep(0.05)
            else:
                pytest.fail(f"never saw some graded and some waiting: {now}\n{log.read_text()[-3000:]}")
            assert server.poll() is None
            before = descendants(server.pid)
            assert len(before) >= 2, "the two grading processes should be running"
            stopping = threading.Event()

            def keep_posting() -> None:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as other:
                    for n in range(12, 18):
                        if stopping.is_set():
                            return
                        try:
                            post(other, n)
                        except httpx.TransportError:
                            return  # the server is gone: this one was never answered

            poster = threading.Thread(target=keep_posting)
            poster.start()
            time.sleep(0.15)
            os.killpg(server.pid, signal.SIGKILL)
            stopping.set()
            poster.join(timeout=30)
            server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while (alive := {p for p in before if running(p)}) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive, f"grading processes outlived the killed server: {alive}"
        with Database(default_url(demo.folder / ".serve")).session() as s:
            stored = set(s.scalars(select(Submission.id)))
            left = s.scalars(select(Grading.id).where(Grading.state != "done")).all()
        assert set(accepted) <= stored  # every upload answered 202 was in the database at the kill
        assert left, "the kill should leave gradings queued or held"

        server = start_server(demo.folder, port, log)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            wait_until_answering(client, demo.tokens[students[0]], server, log)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                now = statuses(client, demo.tokens, {i: s for i, (s, _) in accepted.items()})
                if all(v in DONE for v in now.values()):
                    break
                time.sleep(0.2)
            else:
                pytest.fail(f"not all graded after the restart: {now}\n{log.read_text()[-3000:]}")
    finally:
        stop(server)

    expected = dict(zip(NAMES, Grader(A2).grade([Source(n, EXAMPLES / n) for n in NAMES])))
    db = Database(default_url(demo.folder / ".serve"))
    try:
        with db.session() as s:
            subs = {sub.id: sub for sub in s.scalars(select(Submission))}
            assert set(subs) >= set(accepted)
            for sid, (student, name) in accepted.items():
                sub = subs[sid]
                done = [g for g in sub.gradings if g.state == "done"]
                assert [g.state for g in sub.gradings] == ["done"], (sid, name, [g.state for g in sub.gradings])
                assert sub.status == "graded" and sub.student_id == student
                assert sub.score == done[0].score == expected[name].score, (sid, name, sub.score)
                assert sub.max_score == expected[name].max_score
                assert (Path(sub.folder) / "functions.py").is_file()
            for sub in subs.values():  # one the server stored but never answered for is graded once too
                assert [g.state for g in sub.gradings] == ["done"] and sub.status in DONE
    finally:
        db.dispose()
