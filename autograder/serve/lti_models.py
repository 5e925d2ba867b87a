"""The LTI 1.3 tables: the tool's keys, launch nonces, platform users, contexts, links and the score outbox.

An ``LtiUser`` is one person of one platform (``issuer`` + ``sub``), tied to the course's
``Student`` (or ``Instructor``) row; an ``LtiContext`` is an LMS course, with the members NRPS or
launches told us about (``LtiMembership``); an ``LtiLink`` is a resource link placed in it,
bound to one served assignment and (AGS) its line item. ``LtiScorePost`` is the durable outbox
of grade passback: one row per grading and link (unique), posted by ``lti_ags.Poster``.
Migration: ``migrations/versions/0002_lti.py``.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, UTCDateTime, utcnow


class LtiKey(Base):
    """One of the tool's RSA keys (PEM); the newest signs, the newest two are in the JWKS."""

    __tablename__ = "lti_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LtiNonce(Base):
    """A login's state and nonce: the launch must bring both back, once (``used_at``)."""

    __tablename__ = "lti_nonces"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LtiContext(Base):
    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("issuer", "deployment_id", "context_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    deployment_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300), default="")
    memberships_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)  # NRPS
    lineitems_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)  # AGS container
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LtiUser(Base):
    __tablename__ = "lti_users"
    __table_args__ = (UniqueConstraint("issuer", "sub"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    issuer: Mapped[str] = mapped_column(String(255))
    sub: Mapped[str] = mapped_column(String(255))
    student_id: Mapped[str | None] = mapped_column(ForeignKey("students.id"), nullable=True, index=True)
    instructor: Mapped[str | None] = mapped_column(ForeignKey("instructors.username"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LtiMembership(Base):
    __tablename__ = "lti_memberships"

    context_pk: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id"), primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("lti_users.id"), primary_key=True)
    roles: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LtiLink(Base):
    __tablename__ = "lti_links"
    __table_args__ = (UniqueConstraint("context_pk", "resource_link_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    context_pk: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id"), index=True)
    resource_link_id: Mapped[str] = mapped_column(String(255))
    assignment: Mapped[str] = mapped_column(String(64), index=True)
    lineitem_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    scopes: Mapped[list] = mapped_column(JSON, default=list)  # the AGS scopes the platform granted


class LtiScorePost(Base):
    """A score to post (AGS): at most one per grading and link, retried until posted or given up."""

    __tablename__ = "lti_score_posts"
    __table_args__ = (UniqueConstraint("grading_id", "link_pk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    grading_id: Mapped[int] = mapped_column(ForeignKey("gradings.id"), index=True)
    link_pk: Mapped[int] = mapped_column(ForeignKey("lti_links.id"))
    user_pk: Mapped[int] = mapped_column(ForeignKey("lti_users.id"))
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending|posted|failed|superseded
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    body: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # what was posted
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
