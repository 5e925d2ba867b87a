"""The service's tables: students, instructors, submissions, and the gradings that queue them.

A ``Submission`` is what a student handed in, once, with its files on disk; a ``Grading`` is one
grading of it: the first, then one per regrade. Gradings are the queue (``state``: queued →
grading → done) and the history (a regrade adds a row; the submission shows the latest one that
finished, the earlier ones stay). Every time is stored timezone-aware, in UTC.
Changes to these tables go with an Alembic migration (``migrations/versions``).
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A datetime stored in UTC and always read back timezone-aware (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetimes are not stored: give a time zone")
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


class Student(Base):
    __tablename__ = "students"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the course's student id
    name: Mapped[str] = mapped_column(String(200), default="")
    section: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    token_version: Mapped[int] = mapped_column(Integer, default=0)  # sessions of older tokens are signed out
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False: left the roster (records kept)


class Instructor(Base):
    __tablename__ = "instructors"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    session_version: Mapped[int] = mapped_column(Integer, default=0)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id"), index=True)
    assignment: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|grading|graded|not_graded|rejected
    counted: Mapped[bool] = mapped_column(Boolean, default=True)  # counts against the attempt limits
    lang: Mapped[str] = mapped_column(String(8), default="en")  # the feedback's language
    files: Mapped[list] = mapped_column(JSON, default=list)  # the stored file names
    folder: Mapped[str] = mapped_column(String(300), default="")  # under the uploads folder
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # rejected / not graded: why
    late_days: Mapped[int] = mapped_column(Integer, default=0)
    penalty: Mapped[float] = mapped_column(Float, default=0.0)  # fraction of the score taken for lateness
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # after the late penalty
    raw_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # the latest Result.to_dict()
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    student: Mapped[Student] = relationship()
    gradings: Mapped[list["Grading"]] = relationship(back_populates="submission", order_by="Grading.id")


class Grading(Base):
    __tablename__ = "gradings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued|grading|done
    why: Mapped[str] = mapped_column(String(200), default="submitted")  # submitted | regrade: ...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the grading pass that holds it
    tries: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the Result's: graded|error|grader_failed
    raw_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    submission: Mapped[Submission] = relationship(back_populates="gradings")


class SignInFailure(Base):
    """A failed sign-in (bad token or password), for the rate limit on sign-in attempts."""

    __tablename__ = "signin_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(64), index=True)  # the client's address
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Setting(Base):
    """Service-wide values kept with the data: the cookie-signing key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


from . import lti_models  # noqa: F401  the LTI tables are in this schema too (Alembic, Base.metadata)
