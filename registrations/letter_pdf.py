"""A letter (.docx) as PDF, by LibreOffice headless from Debian (`make libreoffice` installs it).

Each conversion runs with a profile of its own in a fresh temporary folder, so two conversions
at once do not meet in LibreOffice's profile lock, and within a bounded time.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

# A letter converts in about a second; a minute means LibreOffice hangs.
TIMEOUT_SECONDS = 60
PROGRAMS = ("soffice", "libreoffice")


class PdfConversionFailed(Exception):
    """LibreOffice is missing, failed or took too long; the Dutch message says what to do."""


def _not_converted() -> str:
    return _(
        "De PDF kon niet worden gemaakt. Controleer of het bestand een Word-document is en "
        "probeer het opnieuw."
    )


def _is_word(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def _program() -> str:
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfConversionFailed(
        _(
            "De PDF kan niet worden gemaakt: LibreOffice ontbreekt. Vraag de beheerder om "
            "make libreoffice uit te voeren."
        )
    )


def available() -> bool:
    """Whether LibreOffice is installed, so that letters can be filed as PDF."""
    return any(shutil.which(name) for name in PROGRAMS)


def docx_to_pdf(content: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF of a .docx; raises PdfConversionFailed with a Dutch message."""
    if not _is_word(content):  # LibreOffice would turn any file into a PDF of its bytes
        raise PdfConversionFailed(_not_converted())
    program = _program()
    with tempfile.TemporaryDirectory(prefix="stap-pdf-") as folder:
        work = Path(folder)
        source = work / "brief.docx"
        source.write_bytes(content)
        profile = (work / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        # Its own process group: on a timeout the whole of LibreOffice stops (soffice starts
        # soffice.bin as a child), not only the first process.
        process = subprocess.Popen(  # noqa: S603 - see the import
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=work,
            start_new_session=True,
        )
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise PdfConversionFailed(
                _(
                    "De PDF kon niet binnen %(seconds)s seconden worden gemaakt. Probeer het "
                    "opnieuw; lukt het weer niet, meld het dan bij de beheerder."
                )
                % {"seconds": int(timeout)}
            ) from error
        result = work / "brief.pdf"
        if returncode != 0 or not result.exists() or not result.read_bytes().startswith(b"%PDF"):
            raise PdfConversionFailed(_not_converted())
        return result.read_bytes()
