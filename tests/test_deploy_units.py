"""deploy/ stays true to the project: every unit's command exists, every variable is read."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("stap-*.*"))
SERVICES = [u for u in UNITS if u.suffix == ".service"]
# Read by other programs than STAP: gpg's keyring of the backup unit.
FOREIGN = {"GNUPGHOME"}


def parse(unit: Path) -> dict[str, list[str]]:
    """`Section.Key` -> values (systemd allows a key more than once)."""
    values: dict[str, list[str]] = {}
    section = ""
    for raw in unit.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        values.setdefault(f"{section}.{key}", []).append(value)
    return values


def names_read_by_stap() -> set[str]:
    """Environment names that settings.py and deploy/gunicorn.conf.py read."""
    settings = (ROOT / "stapteam" / "settings.py").read_text()
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_][A-Z0-9_]*)"', settings))
    read |= set(re.findall(r'(?:_int|os\.environ\.get)\(\s*"([A-Z_][A-Z0-9_]*)"', gunicorn))
    return read


def env_file_names(path: Path) -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", path.read_text(), re.MULTILINE))


def test_the_units_are_there() -> None:
    names = {u.name for u in UNITS}
    assert "stap-web.service" in names
    for job in ["mail", "notifications", "retention", "backup"]:
        assert {f"stap-{job}.service", f"stap-{job}.timer"} <= names


def test_reading_the_settings_finds_what_they_read() -> None:
    read = names_read_by_stap()
    assert {"DATABASE_URL", "DB_POOL_MAX_SIZE", "AXES_IPWARE_PROXY_COUNT"} <= read
    assert {"GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_BIND", "GUNICORN_TIMEOUT"} <= read


@pytest.mark.parametrize("unit", SERVICES, ids=lambda u: u.name)
def test_every_exec_start_runs_a_command_of_the_project(unit: Path) -> None:
    commands = get_commands()
    for line in parse(unit)["Service.ExecStart"]:
        argv = shlex.split(line)
        assert argv[0].startswith("/srv/stap/.venv/bin/"), argv
        if argv[1:2] == ["manage.py"]:
            assert argv[2] in commands, f"{unit.name}: no management command {argv[2]}"
            # Every option the unit passes is one the command knows.
            known = subprocess.run(  # noqa: S603
                [str(ROOT / ".venv/bin/python"), "manage.py", argv[2], "--help"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for option in (a.split("=")[0] for a in argv[3:] if a.startswith("--")):
                assert option in known, f"{unit.name}: {argv[2]} has no option {option}"
        else:
            assert Path(argv[0]).name == "gunicorn"
            config = argv[argv.index("-c") + 1]
            assert (ROOT / config).is_file(), config


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_every_environment_name_is_one_stap_reads(unit: Path) -> None:
    read = names_read_by_stap() | FOREIGN | {"STAP_ENV_FILE"}
    for line in parse(unit).get("Service.Environment", []):
        for assignment in shlex.split(line):
            assert assignment.split("=")[0] in read, f"{unit.name}: {assignment}"
    for path in parse(unit).get("Service.EnvironmentFile", []):
        assert path == "/etc/stap/env"  # installed from deploy/stap.env.example


@pytest.mark.parametrize(
    "env_file", [DEPLOY / "stap.env.example", ROOT / ".env.example"], ids=lambda p: p.name
)
def test_every_name_of_the_environment_files_is_read(env_file: Path) -> None:
    unknown = env_file_names(env_file) - names_read_by_stap() - {"STAP_ENV_FILE"}
    assert not unknown, f"{env_file.name} names variables STAP never reads: {sorted(unknown)}"


def test_the_production_environment_fits_the_proxy() -> None:
    names = (DEPLOY / "stap.env.example").read_text()
    proxy = (DEPLOY / "nginx" / "stap.conf").read_text()
    assert "SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https" in names
    assert "proxy_set_header X-Forwarded-Proto https;" in proxy
    assert "AXES_IPWARE_PROXY_COUNT=1" in names
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in proxy  # overwritten, not appended
    host = re.search(r"^ALLOWED_HOSTS=(\S+)$", names, re.MULTILINE)
    assert host and f"server_name {host[1]};" in proxy
    bind = re.search(r"^GUNICORN_BIND=(\S+)$", names, re.MULTILINE)
    assert bind and f"proxy_pass http://{bind[1]};" in proxy
    assert "DEMO_MODE=false" in names and "DEBUG=false" in names


@pytest.mark.parametrize("unit", [u for u in UNITS if u.suffix == ".timer"], ids=lambda u: u.name)
def test_every_timer_has_its_service_and_a_valid_calendar(unit: Path) -> None:
    assert unit.with_suffix(".service").exists()
    (calendar,) = parse(unit)["Timer.OnCalendar"]
    if shutil.which("systemd-analyze"):
        result = subprocess.run(  # noqa: S603
            ["systemd-analyze", "calendar", calendar],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
