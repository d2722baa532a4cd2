"""Restore a backup made by `manage.py backup` into a new, empty database (and MEDIA_ROOT)."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from stapteam.management.commands.backup import pg_environment


class Command(BaseCommand):
    help = (
        "Restore stap-<time>.dump into a database that does not exist yet (default: the configured "
        "one; drop it first) and, with --media, unpack the private files into MEDIA_ROOT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", help="The .dump file made by `manage.py backup`.")
        parser.add_argument("--database", help="Name of the new database (default: configured).")
        parser.add_argument("--media", help="The .media.tar.gz made with the dump.")

    def handle(self, *args: Any, **options: Any) -> None:
        dump = Path(options["dump"])
        if not dump.is_file():
            raise CommandError(f"No such backup file: {dump}")
        name = options["database"] or str(settings.DATABASES["default"]["NAME"])
        create_database(name)
        result = subprocess.run(  # noqa: S603 - PostgreSQL's own tool, arguments are ours
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={name}", str(dump)],  # noqa: S607
            env=pg_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        if options["media"]:
            restore_media(Path(options["media"]), Path(settings.MEDIA_ROOT))
        self.stdout.write(f"Hersteld in database {name}.")


def create_database(name: str) -> None:
    """Create the database; refuse when it exists, so a restore never mixes with live data."""
    env = pg_environment()
    with psycopg.connect(
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=env["PGUSER"],
        password=env["PGPASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            raise CommandError(
                f"Database {name} exists: restore into a new name (--database) or drop it first."
            )
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def restore_media(archive_path: Path, media_root: Path) -> None:
    """Unpack the files the backup stored under "media/" into MEDIA_ROOT, whatever its name."""
    with tarfile.open(archive_path, "r:gz") as archive:
        members = []
        for member in archive.getmembers():
            if member.name.startswith("media/"):
                member.name = member.name.removeprefix("media/")
                members.append(member)
        media_root.mkdir(parents=True, exist_ok=True)
        archive.extractall(media_root, members=members, filter="data")
