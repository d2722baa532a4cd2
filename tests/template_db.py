"""The test databases are copies of one migrated template, so the migrations run once per change.

Migrating STAP's test database takes about 45 s, and each pytest-xdist worker used to migrate its
own at the same time (about 100 s on two cores). Now the first worker migrates a template database
(`<test name>_template`) under an advisory lock, and every worker's database is created from it
(`CREATE DATABASE ... TEMPLATE`, about a second); Django's migrate then finds nothing left to do.
The template carries a fingerprint of every migration file as its comment: when a migration is
added or changed, the next run builds it anew.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
APPS = ("stapteam", "registrations", "timeout", "budgets")
LOCK = 4_711_2026  # pg_advisory_lock key: one builder at a time


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for app in APPS for p in (ROOT / app / "migrations").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _admin(db: dict[str, Any]) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
        autocommit=True,
    )


def _migrate(db: dict[str, Any], name: str) -> None:
    user, password = (quote(db[k], safe="") for k in ("USER", "PASSWORD"))
    url = f"postgres://{user}:{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "PGAPPNAME": "template-migrate"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def ensure_template(db: dict[str, Any], test_name: str) -> str:
    """The name of an up-to-date migrated template for `test_name`, built when it is not."""
    name = f"{test_name}_template"
    wanted = fingerprint()
    with _admin(db) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            found = admin.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
            if found is None or found[0] != wanted:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                _migrate(db, name)
                admin.execute(
                    sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                        sql.Identifier(name), sql.Literal(wanted)
                    )
                )
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    return name
