"""The shape of the code, checked: each rule of CONVENTIONS.md that a parser can see.

- views fetch a record by pk only through their app's access.py (`get_<thing>_for`);
- `get_<thing>_for(user, pk, *, action)` has one signature and lives only in access.py;
- role branches (`has_role`) live only in roles.py and in models (queryset methods);
- every function in a views module fits on a screen (at most 40 lines);
- imports sit at the top of a module, except in apps.py (loaded before the models are ready) and
  where they break a real cycle (listed below with the reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["stapteam", "registrations", "timeout", "budgets"]
MAX_VIEW_LINES = 40


def sources(pattern: str) -> list[Path]:
    found = [p for app in APPS for p in (ROOT / app).glob(pattern) if "migrations" not in p.parts]
    return sorted(found)


def view_modules() -> list[Path]:
    return sorted(set(sources("views.py")) | set(sources("views/**/*.py")))


def app_modules() -> list[Path]:
    return sources("**/*.py")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _fetches_by_pk(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if name in ("get_object_or_404", "get_list_or_404"):
        return True
    if name in ("get", "filter", "exclude") and isinstance(node.func, ast.Attribute):
        return any(k.arg in ("pk", "id") for k in node.keywords)
    return False


@pytest.mark.parametrize("path", view_modules(), ids=rel)
def test_views_fetch_records_only_through_access_py(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{rel(path)}:{node.lineno} {ast.unparse(node)[:80]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _fetches_by_pk(node)
    ]
    assert not found, "fetch by pk outside access.py: use get_<thing>_for\n" + "\n".join(found)


def test_fetch_and_authorise_helpers_live_in_access_py_with_one_signature() -> None:
    wrong = []
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("get_")):
                continue
            if not node.name.endswith("_for"):
                continue
            where = f"{rel(path)}:{node.lineno} {node.name}"
            if path.name != "access.py":
                wrong.append(f"{where}: not in the app's access.py")
            positional = [a.arg for a in node.args.args]
            keyword = [a.arg for a in node.args.kwonlyargs]
            if positional != ["user", "pk"] or keyword != ["action"]:
                wrong.append(f"{where}: signature is not (user, pk, *, action)")
    assert not wrong, "\n".join(wrong)


def test_role_branches_live_only_in_roles_py_and_models() -> None:
    allowed = {ROOT / "stapteam" / "platform" / "roles.py"}
    found = []
    for path in app_modules():
        if path in allowed or "models" in path.parts or path.name == "models.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "has_role":
                found.append(f"{rel(path)}:{node.lineno}")
    assert not found, "has_role outside roles.py and models: add a rule to roles.py\n" + "\n".join(
        found
    )


@pytest.mark.parametrize("path", view_modules(), ids=rel)
def test_view_functions_fit_on_a_screen(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{rel(path)}:{node.lineno} {node.name}: {length} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_VIEW_LINES
    ]
    assert not long, f"functions longer than {MAX_VIEW_LINES} lines:\n" + "\n".join(long)


# Function-local imports that break a real import cycle.
LOCAL_IMPORTS = {
    # stapteam/models/escalations.py imports clients.py for Escalation.client.
    ("stapteam/models/clients.py", "stapteam.models.escalations"),
}


def test_imports_sit_at_the_top_unless_they_break_a_cycle() -> None:
    found = []
    for path in app_modules():
        if path.name == "apps.py":
            continue
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom | ast.Import):
                    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    if (rel(path), module) not in LOCAL_IMPORTS:
                        found.append(f"{rel(path)}:{node.lineno} {ast.unparse(node)}")
    assert not found, "move these imports to the top of their module:\n" + "\n".join(found)
