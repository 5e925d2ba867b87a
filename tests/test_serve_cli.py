"""The service's commands: ``roster import``/``roster tokens`` and ``submit`` against a live server."""
from __future__ import annotations

import socket
import threading
import time

import pytest

pytest.importorskip("uvicorn")
import uvicorn  # noqa: E402
from sqlalchemy import select  # noqa: E402

from autograder import cli, course  # noqa: E402
from autograder.commands.serve import make_demo  # noqa: E402
from autograder.commands.submit import render  # noqa: E402
from autograder.serve import queue  # noqa: E402
from autograder.serve.app import ServeConfig, create_app, open_database  # noqa: E402
from autograder.serve.models import Student  # noqa: E402
from autograder.results import Result, TestResult  # noqa: E402

EXAMPLES = course.examples_dir("a2_functions")  # of the repository's course (the demo copies no examples)
ROSTER = """student_id,name,section,email
2026001,김민지,A,minji@example.edu
2026002,"Lee, Junho",B,
demo01,Kim Minji,A,
"""


def test_roster_import_then_tokens(tmp_path, capsys):
    demo = make_demo(tmp_path / "course", "http://x")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert cli.main(["roster", "import", str(demo.folder), str(tmp_path / "roster.csv")]) == 0
    assert "2 added" in capsys.readouterr().out
    db = open_database(ServeConfig(demo.folder))
    with db.session() as s:
        rows = {r.id: r for r in s.scalars(select(Student))}
    assert rows["2026001"].name == "김민지" and rows["2026002"].name == "Lee, Junho" and rows["2026002"].section == "B"
    assert not rows["demo02"].active and not rows["demo03"].active  # no longer on the roster
    assert rows["2026001"].token_hash is None  # no token until issued
    assert cli.main(["roster", "tokens", str(demo.folder)]) == 0
    lines = capsys.readouterr().out.split()
    issued = dict(line.split(",") for line in lines)
    assert sorted(issued) == ["2026001", "2026002", "demo01"] and len(set(issued.values())) == 3
    with db.session() as s:
        stored = {r.id: r.token_hash for r in s.scalars(select(Student))}
    assert all(stored[i] and issued[i] not in stored[i] for i in issued)  # kept hashed, never as given
    db.dispose()


def test_roster_import_refuses_a_bad_file_with_its_line(tmp_path, capsys):
    demo = make_demo(tmp_path / "course", "http://x")
    (tmp_path / "bad.csv").write_text("student_id,name\n2026001,A\n2026001,B\n", encoding="utf-8")
    assert cli.main(["roster", "import", str(demo.folder), str(tmp_path / "bad.csv")]) == 2
    assert "line 3" in capsys.readouterr().err


@pytest.fixture
def live(tmp_path, monkeypatch):
    """A real server on loopback (no grading pool: the test grades by hand)."""
    demo = make_demo(tmp_path / "course", "http://x")
    monkeypatch.setenv(course.ENV, str(demo.folder))
    app = create_app(ServeConfig(demo.folder, grade=False))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield demo, app, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_submit_uploads_and_prints_the_feedback(live, tmp_path, capsys):
    demo, app, url = live
    module = tmp_path / "functions.py"
    module.write_text((EXAMPLES / "mse_no_half" / "functions.py").read_text())
    graded = Result("demo01", "a2_functions", 35.0, 37.0, tests=[
        TestResult("MSE gives the lecture's 0.03 and 0.81", 0.0, 2.0, "failed",
                   "mse is wrong: you returned twice the value. Likely mistake: MSE has a 1/2 in front",
                   misconception="mse_no_half", id="test_mse_lecture_values"),
        TestResult("step", 35.0, 35.0, "passed", id="test_step")])

    def grade_when_queued():
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            for claimed in queue.claim(app.state.db, 1):
                queue.finish(app.state.db, claimed, graded)
                app.state.service.finished(claimed.submission_id)  # what the dispatcher calls
                return
            time.sleep(0.05)

    grader = threading.Thread(target=grade_when_queued)
    grader.start()
    code = cli.main(["submit", "a2_functions", str(module), "--server", url, "--token", demo.tokens["demo01"]])
    grader.join()
    out = capsys.readouterr().out
    assert code == 0
    assert "FAIL MSE gives the lecture's 0.03 and 0.81  (0/2)" in out and "1/2 in front" in out
    assert "score: 35/37" in out
    assert cli.main(["submit", "a2_functions", str(module), "--server", url, "--token", "wrong"]) == 1
    assert "sign in" in capsys.readouterr().err


def test_submit_says_why_it_cannot_connect(tmp_path, capsys):
    module = tmp_path / "functions.py"
    module.write_text("x = 1\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert cli.main(["submit", "a2_functions", str(module), "--server", f"http://127.0.0.1:{port}",
                     "--token", "t"]) == 2
    assert "cannot reach" in capsys.readouterr().err


def test_render_in_korean_says_late_and_withheld():
    view = {"status": "graded", "score": 27.75, "max_score": 37, "late": True, "late_days": 1, "penalty": 0.25,
            "hidden_withheld": True, "hidden_count": 4, "tests": []}
    text = render(view, "ko")
    assert "점수: 27.75/37" in text and "1일 늦게 제출: 25% 감점" in text and "숨은 테스트 4개" in text
