"""LTI 1.3: the tool's keys, launch nonces, platform users, contexts, memberships, links, score outbox.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from autograder.serve.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lti_keys",
        sa.Column("kid", sa.String(64), primary_key=True),
        sa.Column("private_pem", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_lti_keys_created_at", "lti_keys", ["created_at"])
    op.create_table(
        "lti_nonces",
        sa.Column("state", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(64), nullable=False, unique=True),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("client_id", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("used_at", UTCDateTime, nullable=True),
    )
    op.create_index("ix_lti_nonces_created_at", "lti_nonces", ["created_at"])
    op.create_table(
        "lti_contexts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("client_id", sa.String(255), nullable=False),
        sa.Column("deployment_id", sa.String(255), nullable=False),
        sa.Column("context_id", sa.String(255), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("memberships_url", sa.String(1000), nullable=True),
        sa.Column("lineitems_url", sa.String(1000), nullable=True),
        sa.Column("synced_at", UTCDateTime, nullable=True),
        sa.UniqueConstraint("issuer", "deployment_id", "context_id"),
    )
    op.create_table(
        "lti_users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("sub", sa.String(255), nullable=False),
        sa.Column("student_id", sa.String(64), sa.ForeignKey("students.id"), nullable=True),
        sa.Column("instructor", sa.String(64), sa.ForeignKey("instructors.username"), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("issuer", "sub"),
    )
    op.create_index("ix_lti_users_student_id", "lti_users", ["student_id"])
    op.create_table(
        "lti_memberships",
        sa.Column("context_pk", sa.Integer, sa.ForeignKey("lti_contexts.id"), primary_key=True),
        sa.Column("user_pk", sa.Integer, sa.ForeignKey("lti_users.id"), primary_key=True),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "lti_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("context_pk", sa.Integer, sa.ForeignKey("lti_contexts.id"), nullable=False),
        sa.Column("resource_link_id", sa.String(255), nullable=False),
        sa.Column("assignment", sa.String(64), nullable=False),
        sa.Column("lineitem_url", sa.String(1000), nullable=True),
        sa.Column("scopes", sa.JSON, nullable=False),
        sa.UniqueConstraint("context_pk", "resource_link_id"),
    )
    op.create_index("ix_lti_links_context_pk", "lti_links", ["context_pk"])
    op.create_index("ix_lti_links_assignment", "lti_links", ["assignment"])
    op.create_table(
        "lti_score_posts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("grading_id", sa.Integer, sa.ForeignKey("gradings.id"), nullable=False),
        sa.Column("link_pk", sa.Integer, sa.ForeignKey("lti_links.id"), nullable=False),
        sa.Column("user_pk", sa.Integer, sa.ForeignKey("lti_users.id"), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("tries", sa.Integer, nullable=False),
        sa.Column("next_try_at", UTCDateTime, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("posted_at", UTCDateTime, nullable=True),
        sa.Column("body", sa.JSON, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.UniqueConstraint("grading_id", "link_pk"),
    )
    op.create_index("ix_lti_score_posts_grading_id", "lti_score_posts", ["grading_id"])
    op.create_index("ix_lti_score_posts_state", "lti_score_posts", ["state"])


def downgrade() -> None:
    for table in ("lti_score_posts", "lti_links", "lti_memberships", "lti_users", "lti_contexts",
                  "lti_nonces", "lti_keys"):
        op.drop_table(table)
