"""autograder serve on PostgreSQL: the schema from the migrations, the API, the queue under racing claimers.

Each test gets a fresh database on the throwaway server of ``postgres_server`` (tests/pg_server.py;
skipped with the reason where PostgreSQL cannot start). The API tests are tests/test_serve_api.py's
own, run on a PostgreSQL-backed app; the last test grades a real upload through a real
``autograder serve --db postgresql://…`` and its grading pool.
"""
from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("psycopg")
import httpx  # noqa: E402
from sqlalchemy import select  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from autograder import course  # noqa: E402
from autograder.commands.roster import import_roster, issue_tokens  # noqa: E402
from autograder.commands.serve import DEMO_STUDENTS, Demo, make_demo  # noqa: E402
from autograder.serve import queue  # noqa: E402
from autograder.serve.app import ServeConfig, create_app, open_database  # noqa: E402
from autograder.serve.db import Database  # noqa: E402
from autograder.serve.models import Base, Grading, Student, Submission, utcnow  # noqa: E402
from autograder.serve.roster import Student as RosterStudent  # noqa: E402
from tests import test_serve_api as api  # noqa: E402
from tests.test_serve_api import graded  # noqa: E402,F401 - the module's real results, a fixture here too
from tests.test_serve_durability import (  # noqa: E402
    free_port,
    start_server,
    stop,
    wait_until_answering,
)


@pytest.fixture
def pg_url(postgres_server):
    return postgres_server.new_database()


def demo_on(folder, url: str, serve_toml: str) -> Demo:
    """The demo course of ``make_demo``, its students and their tokens in the database at ``url``."""
    demo = make_demo(folder, "http://testserver", serve_toml=serve_toml)
    db = open_database(ServeConfig(demo.folder, db_url=url))
    import_roster(db, [RosterStudent(i, name, section, "") for i, name, section in DEMO_STUDENTS], keep_missing=True)
    tokens = dict(issue_tokens(db, [i for i, _, _ in DEMO_STUDENTS]))
    db.dispose()
    return Demo(demo.folder, tokens, demo.password, "")


@pytest.fixture
def served(tmp_path, monkeypatch, pg_url):
    demo = demo_on(tmp_path / "course", pg_url, api.SERVE)
    monkeypatch.setenv(course.ENV, str(demo.folder))
    app = create_app(ServeConfig(demo.folder, db_url=pg_url, grade=False))
    assert app.state.db.engine.dialect.name == "postgresql"
    with TestClient(app) as client:
        yield demo, app, client


def queued(db: Database, n: int, assignment: str = api.A2) -> list[int]:
    """``n`` submissions of one student, each with a queued grading; their grading ids."""
    with db.session() as s:
        if s.get(Student, "s1") is None:
            s.add(Student(id="s1", name="S", section="", email="", token_version=0, active=True))
        gradings = []
        for _ in range(n):
            sub = Submission(student_id="s1", assignment=assignment, created_at=utcnow(), files=["functions.py"],
                             folder="/nowhere", lang="en")
            s.add(sub)
            gradings.append(queue.enqueue(s, sub))
        s.flush()
        return [g.id for g in gradings]


def test_the_migrations_make_the_models_schema(pg_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = Database(pg_url)
    try:
        db.upgrade()
        db.upgrade()  # a second run finds it up to date
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                   "compare_server_default": True})
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() is not None
    finally:
        db.dispose()


def test_submit_then_see_the_feedback_as_the_policy_allows(served, graded):  # noqa: F811
    api.test_submit_then_see_the_feedback_as_the_policy_allows(served, graded)


def test_a_student_never_sees_another_students_submission(served, graded):  # noqa: F811
    api.test_a_student_never_sees_another_students_submission(served, graded)


def test_racing_claimers_never_hold_the_same_grading(pg_url):
    db = Database(pg_url)
    try:
        db.upgrade()
        ids = queued(db, 40)
        start = threading.Barrier(4)
        taken: list[list[queue.Claimed]] = [[] for _ in range(4)]
        failed: list[BaseException] = []

        def claimer(n: int) -> None:
            try:
                start.wait()
                while True:  # until nothing is queued (a claim that lost every race returns [])
                    taken[n].extend(queue.claim(db, 3))
                    with db.session() as s:
                        if s.scalar(select(Grading.id).where(Grading.state == "queued").limit(1)) is None:
                            return
            except BaseException as exc:  # noqa: BLE001 - reported by the test below
                failed.append(exc)

        threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not failed, failed
        held = [c.grading_id for got in taken for c in got]
        assert sorted(held) == sorted(ids)  # each claimed once, by one claimer: none twice, none left
        with db.session() as s:
            rows = {g.id: g for g in s.scalars(select(Grading))}
            assert all(rows[c.grading_id].state == "grading" and rows[c.grading_id].lease == c.lease
                       and rows[c.grading_id].tries == 1 for got in taken for c in got)
        assert queue.claim(db, 5) == []
    finally:
        db.dispose()


def test_finish_after_the_lease_is_lost_writes_nothing(pg_url, graded):  # noqa: F811
    db = Database(pg_url)
    try:
        db.upgrade()
        gid, = queued(db, 1)
        first, = queue.claim(db, 1)
        assert queue.recover(db) == 1  # a restart: the grading is back in the queue, its lease gone
        second, = queue.claim(db, 1)
        assert second.grading_id == first.grading_id == gid and second.lease != first.lease
        result = graded["softmax_wrong_axis"]
        assert queue.finish(db, first, result) is False
        with db.session() as s:
            g, sub = s.get(Grading, gid), s.get(Submission, second.submission_id)
            assert (g.state, g.lease, g.result, g.score, g.finished_at) == ("grading", second.lease, None, None, None)
            assert (sub.status, sub.score, sub.result) == ("grading", None, None)
        assert queue.finish(db, second, result) is True
        assert queue.finish(db, second, result) is False  # finished once only
        with db.session() as s:
            sub = s.get(Submission, second.submission_id)
            assert sub.status == "graded" and sub.score == result.score
            assert [g.state for g in sub.gradings] == ["done"]
    finally:
        db.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_skipped_assignments_backlog_does_not_starve_the_others(kind, tmp_path, request):
    """Gradings of an assignment whose preflight failed wait; the others behind them are still claimed."""
    url = f"sqlite:///{tmp_path / 'q.sqlite3'}" if kind == "sqlite" else request.getfixturevalue("pg_url")
    db = Database(url)
    try:
        db.upgrade()
        queued(db, 12, "a1_perceptron")  # students kept uploading to the broken assignment
        waiting = queued(db, 2)
        got = queue.claim(db, 2, skip=frozenset({"a1_perceptron"}))
        assert sorted(c.grading_id for c in got) == waiting
    finally:
        db.dispose()


@pytest.mark.slow
def test_a_real_grading_through_the_pool_on_postgresql(tmp_path, pg_url, graded):  # noqa: F811
    """``autograder serve --db postgresql://…``: preflight, then a bundled mistake graded as ``run`` grades it."""
    port = free_port()
    demo = demo_on(tmp_path / "course", pg_url, api.SERVE.replace("2026-12-", "2099-12-"))
    log = tmp_path / "server.log"
    server = start_server(demo.folder, port, log, "--db", pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            headers = {"Authorization": f"Bearer {demo.tokens['demo01']}"}
            wait_until_answering(client, demo.tokens["demo01"], server, log)
            answer = client.post("/api/v1/submissions", headers=headers, data={"assignment": api.A2},
                                 files=[("file", ("functions.py", api.module()))])
            assert answer.status_code == 202, answer.text
            sid = answer.json()["id"]
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                view = client.get(f"/api/v1/submissions/{sid}", headers=headers).json()
                if view["status"] in ("graded", "not_graded"):
                    break
                time.sleep(0.2)
            assert view["status"] == "graded", f"{view}\n{log.read_text()[-3000:]}"
            assert view["score"] == graded["softmax_wrong_axis"].score and view["late"] is False
    finally:
        stop(server)
    db = Database(pg_url)
    try:
        with db.session() as s:
            sub = s.get(Submission, sid)
            assert [(g.state, g.score) for g in sub.gradings] == [("done", graded["softmax_wrong_axis"].score)]
    finally:
        db.dispose()
