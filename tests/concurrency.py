"""Run actions really at the same time: threads, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection


def at_once(*actions: Callable[[], Any]) -> list[str]:
    """Start the actions together; return their outcomes sorted: "ok" or the refusal's message."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            action()
        except ValidationError as error:
            with lock:
                outcomes.append(" ".join(error.messages))
        else:
            with lock:
                outcomes.append("ok")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return sorted(outcomes)
