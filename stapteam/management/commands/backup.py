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

from stapteam.platform.locks import AlreadyRunning, advisory_lock


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


def gpg_command(recipient: str, output: Path) -> list[str]:
    """gpg encrypting stdin to the public key of `recipient` (only its public key is here)."""
    return [
        "gpg",
        "--batch",
        "--yes",
        "--quiet",
        "--trust-model=always",  # the key was imported on purpose; there is no web of trust
        "--encrypt",
        f"--recipient={recipient}",
        f"--output={output}",
    ]


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT into a folder: stap-<time>.dump and .media.tar.gz "
        "(with --encrypt-to: .dump.gpg and .media.tar.gz.gpg); --keep N removes older backups."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", default="backups", help="Folder for the backup files.")
        parser.add_argument(
            "--encrypt-to",
            default="",
            metavar="RECIPIENT",
            help="Encrypt both files with gpg to this public key; nothing unencrypted is written.",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            metavar="N",
            help="After a successful backup, remove all but the newest N in the folder.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["keep"] < 0:
            raise CommandError("--keep is 0 (keep all) or more.")
        # Two hosts' timers (or a timer and a hand) never dump at the same moment.
        try:
            with advisory_lock("backup"):
                written = self._back_up(Path(options["to"]), options["encrypt_to"])
        except AlreadyRunning as exc:
            raise CommandError("Er loopt al een back-up; deze is niet gestart.") from exc
        if options["keep"]:
            for old in rotate(Path(options["to"]), options["keep"]):
                self.stdout.write(f"verwijderd: {old}")
        self.stdout.write("\n".join(str(path) for path in written))

    def _back_up(self, folder: Path, recipient: str) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        suffix = ".gpg" if recipient else ""
        dump = folder / f"stap-{stamp}.dump{suffix}"
        media = folder / f"stap-{stamp}.media.tar.gz{suffix}"
        for path in (dump, media):
            path.touch(mode=0o600)
        try:
            self._dump(dump, recipient)
            self._archive(media, recipient)
        except BaseException:
            dump.unlink(missing_ok=True)
            media.unlink(missing_ok=True)
            raise
        return [dump, media]

    def _dump(self, dump: Path, recipient: str) -> None:
        name = str(settings.DATABASES["default"]["NAME"])
        pg_dump = ["pg_dump", "--format=custom", "--no-owner", name]
        if not recipient:
            pg_dump.insert(3, f"--file={dump}")
            result = subprocess.run(  # noqa: S603 - PostgreSQL's own tool, arguments are ours
                pg_dump, env=pg_environment(), capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            return
        # pg_dump | gpg: the unencrypted dump never reaches the disk.
        with subprocess.Popen(  # noqa: S603 - PostgreSQL's own tool, arguments are ours
            pg_dump, env=pg_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as dumper:
            encrypted = subprocess.run(  # noqa: S603 - gpg with our own arguments
                gpg_command(recipient, dump), stdin=dumper.stdout, capture_output=True, check=False
            )
            dumper.stdout.close()  # type: ignore[union-attr]
            errors = dumper.stderr.read().decode()  # type: ignore[union-attr]
        # gpg first: when it stops (an unknown key), pg_dump only sees its pipe closed.
        if encrypted.returncode != 0:
            raise CommandError(f"gpg failed: {encrypted.stderr.decode().strip()}")
        if dumper.returncode != 0:
            raise CommandError(f"pg_dump failed: {errors.strip()}")

    def _archive(self, media: Path, recipient: str) -> None:
        root = Path(settings.MEDIA_ROOT)
        if not recipient:
            with tarfile.open(media, "w:gz") as archive:
                if root.exists():
                    archive.add(root, arcname="media")
            return
        with subprocess.Popen(  # noqa: S603 - gpg with our own arguments
            gpg_command(recipient, media), stdin=subprocess.PIPE, stderr=subprocess.PIPE
        ) as gpg:
            with tarfile.open(fileobj=gpg.stdin, mode="w|gz") as archive:
                if root.exists():
                    archive.add(root, arcname="media")
            gpg.stdin.close()  # type: ignore[union-attr]
            errors = gpg.stderr.read().decode()  # type: ignore[union-attr]
        if gpg.returncode != 0:
            raise CommandError(f"gpg failed: {errors.strip()}")


def rotate(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups (each a dump with its media archive)."""
    dumps = sorted(folder.glob("stap-*.dump"), reverse=True)
    dumps += sorted(folder.glob("stap-*.dump.gpg"), reverse=True)
    dumps.sort(key=lambda path: path.name.split(".")[0], reverse=True)  # stap-<UTC time>
    removed = []
    for dump in dumps[keep:]:
        stem = dump.name.split(".")[0]
        for path in [dump, *folder.glob(f"{stem}.media.tar.gz*")]:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
