"""The suite-wide check that every history row STAP's own code writes names who acted.

A row counts when the nearest frame of the project's code that led to it lies outside `tests/`:
a service, view, command or model of the apps. Rows that test code writes straight into the
database (factories, `Model.objects.create` in a fixture or helper) are scaffolding and are not
checked.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from simple_history.signals import pre_create_historical_record

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# Tests that may write history without an author, each with the reason.
ALLOWED: dict[str, str] = {
    "tests/stapteam/test_history_author.py::test_the_check_sees_a_write_without_author": (
        "it writes an unnamed row on purpose to show that the check sees it"
    ),
}


@contextmanager
def unnamed_history_writes() -> Iterator[list[str]]:
    """ "model (file:line)" of each history row that the apps' code writes without an author."""
    unnamed: list[str] = []

    def note(sender: Any, history_user: Any = None, **kwargs: Any) -> None:
        if history_user is not None:
            return
        frame = sys._getframe(1)
        while frame is not None:
            path = Path(frame.f_code.co_filename)
            if path.is_relative_to(ROOT) and ".venv" not in path.parts:
                break
            frame = frame.f_back  # type: ignore[assignment]
        if frame is None or path.is_relative_to(TESTS):
            return
        where = f"{path.relative_to(ROOT)}:{frame.f_lineno}"
        unnamed.append(f"{sender._meta.label} ({where})")

    pre_create_historical_record.connect(note, weak=False, dispatch_uid=id(unnamed))
    try:
        yield unnamed
    finally:
        pre_create_historical_record.disconnect(dispatch_uid=id(unnamed))
