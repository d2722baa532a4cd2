"""Back up the database (pg_dump, custom format) and the private files (MEDIA_ROOT) together."""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


def pg_environment() -> dict[str, str]:
    """The connection of the default database for PostgreSQL's own tools, without a URL on argv."""
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "PGHOST": str(db.get("HOST") or "127.0.0.1"),
        "PGPORT": str(db.get("PORT") or 5432),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
    }


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a folder: stap-<time>.dump and .media.tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", default="backups", help="Folder for the backup files.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["to"])
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        dump = folder / f"stap-{stamp}.dump"
        name = str(settings.DATABASES["default"]["NAME"])
        dump.touch(mode=0o600)
        result = subprocess.run(  # noqa: S603 - PostgreSQL's own tool, arguments are ours
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", name],  # noqa: S607
            env=pg_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            dump.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        media = folder / f"stap-{stamp}.media.tar.gz"
        media.touch(mode=0o600)
        with tarfile.open(media, "w:gz") as archive:
            root = Path(settings.MEDIA_ROOT)
            if root.exists():
                archive.add(root, arcname="media")
        self.stdout.write(f"{dump}\n{media}")
