"""Health of a running STAP: is the process alive, and may the proxy send it requests?

Both answers reveal nothing about the data or the setup: a status word, never a name, a
migration, a version or an error text. The reason a check failed goes to the server's log only.
"""

from __future__ import annotations

import functools
import logging

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

logger = logging.getLogger(__name__)


@functools.cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration of the code on disk (read once per process: the code does not change
    while it runs), squashed ones as their replacement."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes)


def applied_migrations() -> set[tuple[str, str]]:
    """The migrations the database has applied (one query; an error if the table is missing)."""
    return set(MigrationRecorder(connection).migration_qs.values_list("app", "name"))


def is_ready() -> bool:
    """The database answers and every migration of the code is applied (one query)."""
    try:
        applied = applied_migrations()
    except DatabaseError as exc:
        logger.warning("Readiness: the database does not answer (%s).", type(exc).__name__)
        return False
    missing = expected_migrations() - applied
    if missing:
        logger.warning("Readiness: %d migration(s) not applied.", len(missing))
        return False
    return True
