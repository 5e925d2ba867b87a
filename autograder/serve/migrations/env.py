"""Alembic's entry point for the service's migrations (run by ``db.Database.upgrade``)."""
from alembic import context

from autograder.serve.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the service's migrations through autograder.serve.db.Database.upgrade")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
