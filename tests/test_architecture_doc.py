"""docs/architecture.md stays true: every module it names exists, every stapteam module is named."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`((?:stapteam|registrations|timeout|budgets)/[\w/]+\.py)`", DOC))
FOLDERS = set(re.findall(r"`((?:stapteam|registrations|timeout|budgets)/[\w/]+/)`", DOC))


def test_every_module_the_architecture_names_exists() -> None:
    missing = sorted(p for p in NAMED | FOLDERS if not (ROOT / p).exists())
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_stapteam_module_is_named_in_the_architecture() -> None:
    modules = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "stapteam").rglob("*.py")
        if p.name != "__init__.py" and "migrations" not in p.parts
    }
    # A folder row names the modules of a folder that holds one kind of thing (commands).
    covered = {m for m in modules if any(m.startswith(f) for f in FOLDERS if "commands" in f)}
    unnamed = sorted(modules - NAMED - covered)
    assert not unnamed, f"add these modules to docs/architecture.md: {unnamed}"
