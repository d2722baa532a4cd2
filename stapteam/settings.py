"""Django settings for STAP: one file, every deploy-specific value from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env (made from .env.example by `make`) fills in what the environment lacks.
# STAP_ENV_FILE=/dev/null reads none (the production-settings test uses that).
environ.Env.read_env(env.str("STAP_ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Demo mode loads invented data and shows the demo accounts; never on in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

SECRET_KEY = env.str("SECRET_KEY")
if not DEBUG and SECRET_KEY.startswith("dev-"):
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key; set a real one when DEBUG is off."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://stap:stap@127.0.0.1:5432/stap"),
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("STAP runs on PostgreSQL only: DATABASE_URL must be postgres://...")
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Seconds a connection outlives its request. 0 (the default): each request opens and closes its
# own, so the threaded development server keeps no idle connections.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
# PostgreSQL's JIT compiler off: STAP's queries are many and short, and compiling cost more than
# it saved (docs/performance.md: the team overview 294 -> 129 ms at 3,000 clients). DB_JIT=true
# turns it back on.
if not env.bool("DB_JIT", default=False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Production: psycopg's connection pool, one per server process, of at most this many connections
# (at least the server's threads per process; docs/operations.md has the arithmetic). 0: no pool.
DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0)
if DB_POOL_MAX_SIZE < 0:
    raise ImproperlyConfigured("DB_POOL_MAX_SIZE must be 0 (no pool) or more")
if DB_POOL_MAX_SIZE:
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("DB_POOL_MAX_SIZE needs DB_CONN_MAX_AGE=0: the pool keeps them")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(env.int("DB_POOL_MIN_SIZE", default=1), DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        # A request waits this long for a free connection, then fails (instead of queueing forever).
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
        # Idle connections above min_size close after this many seconds.
        "max_idle": env.float("DB_POOL_MAX_IDLE", default=300.0),
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "stapteam",
    "registrations",
    "timeout",
    "budgets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages carry personal data: no browser or proxy may keep a copy (static files come earlier).
    "stapteam.platform.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every view needs a logged-in user unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ...and a second factor (TOTP or a recovery code) unless marked @second_factor_not_required.
    "stapteam.platform.login_security.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS).
    "stapteam.platform.login_security.session_limits",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Every logged-in POST carries a one-time key and acts once (stapteam/platform/submissions.py);
    # after the login steps above, and around the view's transaction (ATOMIC_REQUESTS).
    "stapteam.platform.submissions.SubmissionKeyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The NEN 7513 access log: keeps the request, writes refused attempts
    # (see stapteam/platform/access_log.py).
    "stapteam.platform.access_log.AccessLogMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stapteam.urls"
WSGI_APPLICATION = "stapteam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stapteam.platform.navigation.navigation",
                "stapteam.platform.notifications.bell",
            ],
        },
    },
]

AUTH_USER_MODEL = "stapteam.User"
LOGIN_URL = "stapteam:login"
LOGIN_REDIRECT_URL = "stapteam:home"
LOGOUT_REDIRECT_URL = "stapteam:login"

# django-axes checks for a lock-out before any password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out: 5 failed logins per username and, apart from that, per address; 30 minutes, or until
# the beheerder unlocks the account (Gebruikers > Wijzigen > Deblokkeren).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# The combination: one person's typos lock her account from that address only, never the office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Against password spraying (many accounts tried from one address), a much higher limit per
# address within an hour; see stapteam/platform/login_security.py address_locked.
ADDRESS_FAILURE_LIMIT = env.int("ADDRESS_FAILURE_LIMIT", default=50)
ADDRESS_FAILURE_WINDOW_MINUTES = env.int("ADDRESS_FAILURE_WINDOW_MINUTES", default=60)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=30) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every manage.py command; failures are still logged
AXES_LOCKOUT_CALLABLE = "stapteam.platform.login_security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# The address is REMOTE_ADDR; behind a proxy that sets X-Forwarded-For, AXES_IPWARE_PROXY_COUNT=1
# (a forged header from outside is never trusted without it).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0) or None
# One rule for the lock-out and the access log: the N-th X-Forwarded-For entry from the right
# behind N proxies, else REMOTE_ADDR (stapteam/platform/access_log.py client_address).
AXES_CLIENT_IP_CALLABLE = "stapteam.platform.access_log.client_address"

# Two-factor login (django-otp): the issuer shown in the authenticator app.
OTP_TOTP_ISSUER = "STAP Nijmegen"
# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after login.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
# Exports and changing the second factor ask for password and code again after this many minutes.
STEP_UP_MINUTES = env.int("STEP_UP_MINUTES", default=5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The cookie lives as long as the absolute limit; the middleware enforces both limits.
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS: production values are the defaults whenever DEBUG is off; with DEBUG on they are off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The health URLs answer over plain HTTP too: the service manager asks on loopback, not via TLS.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # The __Host- prefix: the browser accepts the cookie only over HTTPS, for this host, path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Behind a TLS-terminating proxy: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
_proxy_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER is 'HEADER,value', e.g. ...,https")
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])

# Content-Security-Policy (django-csp): only STAP's own files; no inline script or style at all,
# no framing, no plugins, forms post only to STAP. Bootstrap's CSS draws a few icons as data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries from package.json, served by the app itself.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    # The date adapter (with date-fns bundled in) gives the ZRM charts a time axis.
    (
        "vendor/chartjs-adapter-date-fns",
        BASE_DIR / "node_modules" / "chartjs-adapter-date-fns" / "dist",
    ),
]
# Uploaded and received files (mail attachments, letters): private, never served as static.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media-niet-publiek/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The registration mailbox (tippelzone registrations), read by `manage.py fetch_registration_mail`.
REGISTRATION_IMAP = {
    "HOST": env.str("REGISTRATION_IMAP_HOST", default=""),
    "PORT": env.int("REGISTRATION_IMAP_PORT", default=993),
    "SSL": env.bool("REGISTRATION_IMAP_SSL", default=True),
    "USER": env.str("REGISTRATION_IMAP_USER", default=""),
    "PASSWORD": env.str("REGISTRATION_IMAP_PASSWORD", default=""),
    "FOLDER": env.str("REGISTRATION_IMAP_FOLDER", default="INBOX"),
    # Fetched mail is moved here; empty: it stays in FOLDER, flagged as seen and "$StapStored".
    "DONE_FOLDER": env.str("REGISTRATION_IMAP_DONE_FOLDER", default=""),
}
# "Nu ophalen" on the inbox reads at most this many messages per click (the page waits for it);
# the scheduled command reads them all.
REGISTRATION_IMAP_FETCH_LIMIT = env.int("REGISTRATION_IMAP_FETCH_LIMIT", default=25)
if not 1 <= REGISTRATION_IMAP_FETCH_LIMIT <= 500:
    raise ImproperlyConfigured("REGISTRATION_IMAP_FETCH_LIMIT must be between 1 and 500")

# How long rows of the NEN 7513 access log are kept before the retention command purges them.
ACCESS_LOG_RETENTION_YEARS = env.int("ACCESS_LOG_RETENTION_YEARS", default=5)
if ACCESS_LOG_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("ACCESS_LOG_RETENTION_YEARS must be at least 1")

MAIL_ATTACHMENT_MAX_BYTES = env.int("MAIL_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
MAIL_ATTACHMENT_TYPES = env.list(
    "MAIL_ATTACHMENT_TYPES",
    default=[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/msword",
        "text/plain",
    ],
)

# Outgoing mail (the daily deadline digest). Development prints mail to the console.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="stap@localhost")
# Where STAP is reached, for the links in the daily digest mail of notifications.
STAP_BASE_URL = env.str("STAP_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# History is for reading; reverting would bypass the services' rules (the admin refuses it too).
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Keep personal data out of logs: no request bodies, and Django's own error mails are off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
ADMINS: list[tuple[str, str]] = []
