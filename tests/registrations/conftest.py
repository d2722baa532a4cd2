"""A real IMAP server for the mail intake tests: a private Dovecot on loopback, fresh maildir."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

IMAP_USER = "registratie"
IMAP_PASSWORD = "test-wachtwoord-9f3k"  # a throw-away test mailbox

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
# No growing delay after the wrong-password test: it would slow every later login.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def _program(name: str) -> str:
    found = shutil.which(name, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if found is None:
        pytest.fail(f"`{name}` is missing: make test installs dovecot (Debian's dovecot-imapd).")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Dovecot stopped at start:\n{log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    pytest.fail(f"Dovecot did not listen on port {port}:\n{log.read_text()}")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[dict[str, Any]]:
    """A running Dovecot with one user; yields host, port, user and password."""
    dovecot_bin, doveconf_bin = _program("dovecot"), _program("doveconf")
    if os.geteuid() != 0:
        pytest.fail("The Dovecot test server runs its mail processes as `nobody` and needs root.")
    # Not under pytest's tmp dir: that is private to root, and the mail processes run as nobody.
    root = Path(tempfile.mkdtemp(prefix="stap-dovecot-"))
    root.chmod(0o755)
    port = _free_port()
    conf = root / "dovecot.conf"
    conf.write_text(DOVECOT_CONF.format(root=root, port=port))
    (root / "users").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    (root / "mail").mkdir()
    shutil.chown(root / "mail", "nobody", "nogroup")
    check = subprocess.run(  # noqa: S603 - fixed arguments
        [doveconf_bin, "-c", str(conf), "-n"], capture_output=True, text=True, check=False
    )
    if check.returncode != 0:
        pytest.fail(f"doveconf rejects the test config:\n{check.stderr}")
    process = subprocess.Popen([dovecot_bin, "-c", str(conf), "-F"])  # noqa: S603
    try:
        _wait_for_port(port, process, root / "dovecot.log")
        yield {"host": "127.0.0.1", "port": port, "user": IMAP_USER, "password": IMAP_PASSWORD}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def imap_client(server: dict[str, Any]) -> IMAPClient:
    client = IMAPClient(server["host"], port=server["port"], ssl=False, timeout=10)
    client.login(server["user"], server["password"])
    return client


@pytest.fixture
def imap_config(dovecot: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """REGISTRATION_IMAP settings for an empty mailbox: INBOX emptied, other folders removed."""
    with imap_client(dovecot) as client:
        for _flags, _delimiter, name in client.list_folders():
            if name != "INBOX":
                client.delete_folder(name)
        client.select_folder("INBOX")
        messages = client.search("ALL")
        if messages:
            client.delete_messages(messages)
            client.expunge()
    yield {
        "HOST": dovecot["host"],
        "PORT": dovecot["port"],
        "SSL": False,
        "USER": dovecot["user"],
        "PASSWORD": dovecot["password"],
        "FOLDER": "INBOX",
        "DONE_FOLDER": "",
    }
