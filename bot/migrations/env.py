"""Alembic environment: runs on the connection handed over by `bot.db.upgrade`."""

from alembic import context

import bot.announcements.models
import bot.tickets.models  # noqa: F401 - every model must be known to the metadata
from bot.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
