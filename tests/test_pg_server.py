"""The throwaway PostgreSQL server of tests/pg_server.py: it starts, serves SQLAlchemy, and stops without a trace."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests import pg_server
from tests.conftest import ROOT

sa = pytest.importorskip("sqlalchemy")


def _start(tmp_path) -> pg_server.Server:
    try:
        return pg_server.start(tmp_path)
    except pg_server.Unavailable as e:
        pytest.skip(f"PostgreSQL cannot be started here: {e}")


def _gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while pg_server.running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def server(tmp_path):
    s = _start(tmp_path)
    yield s
    s.stop()


def test_starts_quickly_on_loopback(tmp_path):
    began = time.monotonic()
    s = _start(tmp_path)
    try:
        took = time.monotonic() - began
        assert took < 15, f"starting PostgreSQL took {took:.1f} s"
        url = sa.make_url(s.url)
        assert (url.drivername, url.host, url.port, url.database) == (
            "postgresql+psycopg", "127.0.0.1", s.port, pg_server.DATABASE)
        assert pg_server.running(s.pid)
    finally:
        s.stop()


def test_sqlalchemy_round_trip_and_two_connections(server):
    engine = sa.create_engine(server.url)
    try:
        rows = sa.table("notes", sa.column("id"), sa.column("body"))
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)"))
            conn.execute(sa.insert(rows).values(body="안녕 hello"))
        with engine.connect() as conn:
            assert conn.execute(sa.select(rows.c.body)).scalars().all() == ["안녕 hello"]

        with engine.connect() as writer, engine.connect() as reader:
            writer.execute(sa.insert(rows).values(body="second"))
            count = sa.select(sa.func.count()).select_from(rows)
            assert reader.execute(count).scalar() == 1      # not committed yet: invisible to the other
            reader.rollback()
            writer.commit()
            assert reader.execute(count).scalar() == 2      # committed: the other connection sees it
    finally:
        engine.dispose()


def test_stop_leaves_no_process_and_no_dir(server):
    pid, base = server.pid, server.base_dir
    assert base.is_dir()
    server.stop()
    assert _gone(pid), f"postgres (pid {pid}) still runs after stop()"
    assert not base.exists()
    server.stop()                                           # a second stop does nothing


def test_new_database_is_separate(server):
    other = server.new_database()
    assert sa.make_url(other).database != pg_server.DATABASE
    engines = [sa.create_engine(server.url), sa.create_engine(other)]
    try:
        with engines[0].begin() as conn:
            conn.execute(sa.text("CREATE TABLE only_here (x int)"))
        with engines[1].connect() as conn:
            assert conn.execute(sa.text("SELECT to_regclass('only_here')")).scalar() is None
    finally:
        for engine in engines:
            engine.dispose()


def test_missing_binaries_raise_unavailable(monkeypatch):
    monkeypatch.setattr(pg_server, "find_bindir", lambda: None)
    with pytest.raises(pg_server.Unavailable, match="no PostgreSQL server binaries"):
        pg_server.start()


@pytest.mark.parametrize("ending", ["exits", "is killed"])
def test_no_server_outlives_the_test_process(ending, tmp_path):
    if pg_server.find_bindir() is None:
        pytest.skip("no PostgreSQL binaries here")
    code = textwrap.dedent("""
        import sys, time
        from tests import pg_server
        s = pg_server.start()
        print(s.pid, s.base_dir, flush=True)
        if sys.argv[1] == "is killed":
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code, ending], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        pytest.skip(f"PostgreSQL cannot be started here: {proc.stderr.read()[-500:]}")
    pid, base = int(line.split()[0]), line.split(maxsplit=1)[1].strip()
    if ending == "is killed":
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    assert _gone(pid), f"postgres (pid {pid}) outlived a test process that {ending}"
    deadline = time.monotonic() + 10
    while os.path.exists(base) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(base)
