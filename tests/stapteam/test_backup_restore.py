"""A backup of a database full of demo data restores into a new database, identical."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg import sql

from stapteam.management.commands.backup import pg_environment

RESTORED = "test_stap_restored"


def connect(name: str) -> psycopg.Connection[Any]:
    env = pg_environment()
    return psycopg.connect(
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=env["PGUSER"],
        password=env["PGPASSWORD"],
        dbname=name,
        autocommit=True,
    )


def fingerprint(name: str) -> dict[str, Any]:
    """Row counts per table, ledger sums per kind, running stays and history rows."""
    with connect(name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        counts = {
            t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0]  # type: ignore[index]
            for t in tables
        }
        ledger = dict(
            conn.execute(
                "SELECT kind, sum(amount) FROM budgets_ledgerentry GROUP BY kind ORDER BY kind"
            ).fetchall()
        )
        running = conn.execute(
            "SELECT count(*) FROM timeout_stay"
            " WHERE coalesce(actual_end, planned_end) >= current_date"
        ).fetchone()
    history = sum(n for t, n in counts.items() if "_historical" in t)
    return {"counts": counts, "ledger": ledger, "running_stays": running, "history": history}


def drop(name: str) -> None:
    with connect("postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_identically(tmp_path: Path, settings: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", stdout=StringIO())
    (tmp_path / "media" / "receipts").mkdir(parents=True)
    (tmp_path / "media" / "receipts" / "bon.pdf").write_bytes(b"%PDF-1.7 bon")
    source = str(settings.DATABASES["default"]["NAME"])

    out = StringIO()
    call_command("backup", to=str(tmp_path / "backups"), stdout=out)
    dump, media = out.getvalue().split()
    assert Path(dump).stat().st_mode & 0o077 == 0  # readable by the owner only

    drop(RESTORED)
    settings.MEDIA_ROOT = tmp_path / "restored" / "files"
    try:
        call_command("restore", dump, database=RESTORED, media=media, stdout=StringIO())
        before, after = fingerprint(source), fingerprint(RESTORED)
        with pytest.raises(CommandError, match="exists"):
            call_command("restore", dump, database=RESTORED, stdout=StringIO())
    finally:
        drop(RESTORED)

    assert after == before
    assert before["counts"]["stapteam_client"] >= 20
    assert before["counts"]["budgets_ledgerentry"] >= 30
    assert before["ledger"]["grant"] == Decimal("2600.00")
    assert before["history"] > 500
    assert (tmp_path / "restored" / "files" / "receipts" / "bon.pdf").read_bytes() == (
        b"%PDF-1.7 bon"
    )


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "nothing.dump"), database=RESTORED)
