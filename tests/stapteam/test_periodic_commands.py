"""The backup encrypts and rotates; backup and retention run once at a time (advisory lock)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tarfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from stapteam.management.commands.backup import rotate
from stapteam.platform.locks import lock_key

RECIPIENT = "backup@stap.invalid"
KEY = ["default", "default", "never"]  # algorithm, usage, expiry


@contextlib.contextmanager
def held_elsewhere(name: str) -> Iterator[None]:
    """Another connection (another host's timer) holds the lock `name`."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key(name)])
        yield
    finally:
        other.close()


@pytest.fixture
def gnupg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A keyring with one key without passphrase; the backup host would hold the public half."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(  # noqa: S603
        ["gpg", "--batch", "--quiet", "--passphrase", "", "--quick-gen-key", RECIPIENT, *KEY],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return home


def decrypt(path: Path) -> bytes:
    return subprocess.run(  # noqa: S603
        ["gpg", "--batch", "--quiet", "--decrypt", str(path)],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout


@pytest.mark.django_db
def test_backup_encrypted_writes_nothing_readable_and_decrypts(
    tmp_path: Path, settings: Any, gnupg: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "brieven").mkdir(parents=True)
    (settings.MEDIA_ROOT / "brieven" / "besluit.txt").write_text("Besluit over Roos")
    folder = tmp_path / "backups"
    call_command("backup", to=str(folder), encrypt_to=RECIPIENT, stdout=StringIO())

    files = sorted(p.name for p in folder.iterdir())
    assert [name.split(".", 1)[1] for name in files] == ["dump.gpg", "media.tar.gz.gpg"]
    dump, media = sorted(folder.iterdir())
    assert b"PGDMP" not in dump.read_bytes()[:64]
    assert b"Roos" not in media.read_bytes()
    assert all(os.stat(p).st_mode & 0o077 == 0 for p in (dump, media))
    assert decrypt(dump).startswith(b"PGDMP")  # pg_dump's custom format, for `make restore`
    (tmp_path / "media.tar.gz").write_bytes(decrypt(media))
    with tarfile.open(tmp_path / "media.tar.gz") as archive:
        assert archive.extractfile("media/brieven/besluit.txt").read() == b"Besluit over Roos"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_backup_to_an_unknown_key_fails_and_leaves_no_files(
    tmp_path: Path, settings: Any, gnupg: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backups"
    with pytest.raises(CommandError, match="gpg failed"):
        call_command("backup", to=str(folder), encrypt_to="nobody@x.invalid", stdout=StringIO())
    assert list(folder.iterdir()) == []


def test_rotation_keeps_the_newest_backups_with_their_media(tmp_path: Path) -> None:
    stamps = ["20261101T100000Z", "20261101T110000Z", "20261101T120000Z"]
    for stamp in stamps:
        (tmp_path / f"stap-{stamp}.dump.gpg").touch()
        (tmp_path / f"stap-{stamp}.media.tar.gz.gpg").touch()
    (tmp_path / "stap-20261031T230000Z.dump").touch()  # an older, unencrypted one
    (tmp_path / "stap-20261031T230000Z.media.tar.gz").touch()
    (tmp_path / "notities.txt").touch()

    rotate(tmp_path, 2)

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notities.txt",
        "stap-20261101T110000Z.dump.gpg",
        "stap-20261101T110000Z.media.tar.gz.gpg",
        "stap-20261101T120000Z.dump.gpg",
        "stap-20261101T120000Z.media.tar.gz.gpg",
    ]


@pytest.mark.django_db(transaction=True)
def test_backup_with_keep_rotates_after_success(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "stap-20200101T000000Z.dump").touch()
    (folder / "stap-20200101T000000Z.media.tar.gz").touch()
    out = StringIO()
    call_command("backup", to=str(folder), keep=1, stdout=out)
    assert "verwijderd" in out.getvalue()
    assert len(list(folder.glob("stap-*.dump"))) == 1
    assert not (folder / "stap-20200101T000000Z.dump").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_does_not_run_twice_at_once(tmp_path: Path) -> None:
    with held_elsewhere("backup"), pytest.raises(CommandError, match="Er loopt al een back-up"):
        call_command("backup", to=str(tmp_path), stdout=StringIO())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_retention_does_not_run_twice_at_once() -> None:
    with held_elsewhere("retention"), pytest.raises(CommandError, match="al door een andere run"):
        call_command("apply_retention", stdout=StringIO())
    out = StringIO()
    call_command("apply_retention", stdout=out)  # the lock was given back
    assert "PROEFDRAAIEN" in out.getvalue()
