"""gunicorn settings of STAP: every value from the environment, with a default for one small host.

    gunicorn -c deploy/gunicorn.conf.py

Each worker is a process with its own database connection pool (DB_POOL_MAX_SIZE, see
docs/operations.md): keep GUNICORN_THREADS <= DB_POOL_MAX_SIZE and
GUNICORN_WORKERS x DB_POOL_MAX_SIZE below PostgreSQL's max_connections.
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, not {value}")
    return value


wsgi_app = "stapteam.wsgi:application"
# Behind the reverse proxy on the same host: loopback only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", 2)
# Threads per worker: one request per thread, each with its own database connection.
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
# A request slower than this is killed (the slowest export takes a few seconds).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (with jitter), against slow leaks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(1, max_requests // 10)
# No preload: each worker opens its own database pool after the fork, never the master's.
preload_app = False
# Request lines carry no personal data (none is in a URL), but keep the access log off by default:
# the proxy logs requests, and STAP's own access log records who opened which file.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxy on this host sets X-Forwarded-*; gunicorn trusts it from loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "stap"


def post_worker_init(worker: object) -> None:
    """A new worker imports its views and compiles the templates before its first request."""
    from stapteam.wsgi import warm_up

    warm_up()
