"""The HTTP side of the load benchmark: users with session cookies on one kept-alive connection,
phases of concurrent users for a fixed time, percentiles per request kind, and the peak memory of
the server's worker processes (read from /proc)."""

from __future__ import annotations

import http.client
import http.cookies
import os
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

# A connection the server closed while it was idle (keep-alive timeout, a worker replaced after
# its max_requests) fails on its next request: open a new one and send that request again (a
# POST too: its one-time submission key makes a repeat act once).
CLOSED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
HIDDEN_FIELDS = ("csrfmiddlewaretoken", "submission_key")
NO_ANSWER = 0  # the status of a request that got no HTTP answer: an error like any other


@dataclass
class Answer:
    status: int
    body: bytes
    ms: float
    location: str = ""


class HttpUser:
    """One person at a keyboard: one kept-alive connection, and a cookie jar per account she is
    logged in as (the benchmark's users act in several roles)."""

    def __init__(self, host: str, port: int, jars: dict[str, dict[str, str]]) -> None:
        self.host, self.port = host, port
        self.jars = jars
        self.connection = http.client.HTTPConnection(host, port, timeout=120)
        self.reconnects = 0

    def get(self, account: str, path: str) -> Answer:
        return self._send(account, "GET", path, None)

    def post(self, account: str, path: str, fields: dict[str, str]) -> Answer:
        return self._send(account, "POST", path, urlencode(fields).encode())

    def close(self) -> None:
        self.connection.close()

    def _send(self, account: str, method: str, path: str, body: bytes | None) -> Answer:
        jar = self.jars[account]
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in jar.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for _attempt in range(2):
            start = time.perf_counter()
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                content = response.read()
            except CLOSED:
                self.connection.close()
                self.reconnects += 1
                continue
            except (OSError, http.client.HTTPException):  # refused, timed out, garbled
                self.connection.close()
                break
            ms = (time.perf_counter() - start) * 1000
            _keep_cookies(jar, response.headers.get_all("Set-Cookie") or [])
            return Answer(response.status, content, ms, response.headers.get("Location", ""))
        return Answer(NO_ANSWER, b"", 0.0)


def _keep_cookies(jar: dict[str, str], headers: list[str]) -> None:
    for header in headers:
        cookie = http.cookies.SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel.value and morsel["max-age"] != "0":
                jar[name] = morsel.value
            else:
                jar.pop(name, None)


def hidden_fields(page: bytes) -> dict[str, str]:
    """The CSRF token and the one-time submission key of the page's form."""
    text = page.decode(errors="replace")
    found = {}
    for name in HIDDEN_FIELDS:
        match = re.search(rf'name="{name}" value="([^"]+)"', text)
        if match:
            found[name] = match[1]
    return found


def first_choice(page: bytes, name: str) -> str:
    """The first value the page's form offers for field `name`: a `<select>`'s first option with
    a value, or the hidden input a form shows when there is only one choice."""
    text = page.decode(errors="replace")
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', text, re.DOTALL)
    if select:
        option = re.search(r'<option value="([^"]+)"', select[1])
        return option[1] if option else ""
    hidden = re.search(rf'<input type="hidden" name="{name}" value="([^"]+)"', text)
    return hidden[1] if hidden else ""


# --- Figures -------------------------------------------------------------------------------------


@dataclass
class Samples:
    """The times of the answers that were as expected, and the count of those that were not."""

    ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter[int] = field(default_factory=Counter)  # of the errors; 0: no answer

    def fail(self, status: int) -> None:
        self.errors += 1
        self.statuses[status] += 1

    def add(self, other: Samples) -> None:
        self.ms.extend(other.ms)
        self.errors += other.errors
        self.statuses.update(other.statuses)


@dataclass(frozen=True)
class Figures:
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int


def percentile(sorted_ms: list[float], share: float) -> float:
    """The nearest-rank percentile (0 without samples)."""
    if not sorted_ms:
        return 0.0
    rank = max(1, round(share * len(sorted_ms) + 0.5 - 1e-9))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


def figures(samples: Samples, seconds: float) -> Figures:
    ordered = sorted(samples.ms)
    count = len(ordered) + samples.errors
    return Figures(
        requests=count,
        per_second=count / seconds if seconds else 0.0,
        p50=statistics.median(ordered) if ordered else 0.0,
        p95=percentile(ordered, 0.95),
        p99=percentile(ordered, 0.99),
        errors=samples.errors,
    )


# --- Phases --------------------------------------------------------------------------------------

# One user's work until the deadline, writing what she measured into her own samples.
Work = Callable[[HttpUser, int, float, dict[str, Samples]], None]


@dataclass
class PhaseResult:
    seconds: float
    samples: dict[str, Samples]
    reconnects: int

    def figures(self) -> dict[str, Figures]:
        return {label: figures(s, self.seconds) for label, s in self.samples.items()}


def run_phase(users: list[HttpUser], work: Work, seconds: float) -> PhaseResult:
    """Every user works in a thread of her own until `seconds` have passed."""
    own: list[dict[str, Samples]] = [defaultdict(Samples) for _ in users]
    errors: list[BaseException] = []
    deadline = time.monotonic() + seconds

    def run(index: int) -> None:
        try:
            work(users[index], index, deadline, own[index])
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(users))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors:
        raise errors[0]
    merged: dict[str, Samples] = defaultdict(Samples)
    for samples in own:
        for label, found in samples.items():
            merged[label].add(found)
    return PhaseResult(elapsed, dict(merged), sum(u.reconnects for u in users))


# --- Memory --------------------------------------------------------------------------------------


def _status(pid: str) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # the process ended meanwhile
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def worker_rss_kb(master: int) -> dict[int, int]:
    """Resident memory (VmRSS, kB) of each child process of `master` (gunicorn's workers)."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        status = _status(pid)
        if status.get("PPid", "").strip() == str(master) and "VmRSS" in status:
            found[int(pid)] = int(status["VmRSS"].split()[0])
    return found


class MemoryWatch:
    """Samples the workers' memory in a thread while the benchmark runs; keeps each one's peak."""

    def __init__(self, master: int, every: float = 0.25) -> None:
        self.master, self.every = master, every
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            for pid, kb in worker_rss_kb(self.master).items():
                self.peaks[pid] = max(kb, self.peaks.get(pid, 0))
            self._stop.wait(self.every)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024
