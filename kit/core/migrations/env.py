"""Alembic's environment for the answer store, run only by ``kit.core.migrations``.

The kit passes the connection in ``config.attributes["connection"]``, already inside the
transaction it owns, so a migration and the version stamp commit together or not at all. There
is no ``alembic.ini``: nobody runs the ``alembic`` command on a store; ``nextround store
upgrade`` does, after saying what will change.
"""

from __future__ import annotations

from alembic import context

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=None,
    render_as_batch=True,  # SQLite alters a table by copying it; batch mode does that for us
)
with context.begin_transaction():
    context.run_migrations()
