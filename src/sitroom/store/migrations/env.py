"""Alembic environment: run by :func:`sitroom.store.engine.upgrade` with a live connection.

sitroom runs its migrations itself (``open_store`` upgrades to head), so there is no
alembic.ini; the connection comes in through ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from sitroom.store.schema import include_name, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    include_name=include_name,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
