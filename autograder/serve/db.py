"""The database: an engine for a URL, sessions, and the schema brought up to date by Alembic.

SQLite in ``COURSE_DIR/.serve/`` by default (WAL, so pages read while the grader writes), any
SQLAlchemy URL otherwise (``postgresql+psycopg://…``). ``Database.upgrade`` runs the migrations
in ``migrations/versions``: a new database is created by them, an old one is brought forward.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def default_url(state: Path) -> str:
    return f"sqlite:///{Path(state).resolve() / 'serve.sqlite3'}"


def normalise(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy's default would be psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    def __init__(self, url: str):
        self.url = normalise(url)
        sqlite = self.url.startswith("sqlite")
        self.engine: Engine = create_engine(
            self.url, future=True, pool_pre_ping=not sqlite,
            connect_args={"check_same_thread": False, "timeout": 30} if sqlite else {})
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends, rolled back when it raises."""
        with self.sessions() as session:
            with session.begin():
                yield session

    def upgrade(self) -> None:
        """Create or migrate the schema to the newest revision."""
        from alembic import command

        with self.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sqlite_pragmas(connection, record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a submission the page confirmed survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
