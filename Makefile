# STAP: `make run` serves the demo app on http://127.0.0.1:8000; `make test` runs every check.
# Both start from nothing on a Debian machine: they install what is missing and are safe to repeat.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PG_USER ?= stap
PG_PASSWORD ?= stap
PG_DB ?= stap
SERVE_PORT ?= 8000
SERVE_THREADS ?= 4

.PHONY: run serve test lock screenshots setup db chromium dovecot libreoffice duplicates lint typecheck messages static migrate demo clean backup restore

run: setup db libreoffice migrate demo
	@echo "STAP draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	$(MANAGE) runserver 127.0.0.1:8000

# As in production, on this machine: gunicorn (deploy/gunicorn.conf.py), DEBUG off, the collected
# static files served by WhiteNoise, a fresh secret key per start, a database pool. Plain HTTP on
# loopback only, so no HTTPS redirect and no Secure cookies; demo logins as DEMO_MODE in .env says.
serve: setup db libreoffice migrate demo
	@echo "STAP draait als in productie op http://127.0.0.1:$(SERVE_PORT) (stoppen met Ctrl+C)"
	DEBUG=false SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0 \
	  ALLOWED_HOSTS=127.0.0.1,localhost DB_CONN_MAX_AGE=0 DB_POOL_MAX_SIZE=$(SERVE_THREADS) \
	  GUNICORN_BIND=127.0.0.1:$(SERVE_PORT) GUNICORN_WORKERS=2 GUNICORN_THREADS=$(SERVE_THREADS) \
	  .venv/bin/gunicorn -c deploy/gunicorn.conf.py

test: setup db chromium dovecot libreoffice
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy .
	$(MAKE) --no-print-directory duplicates
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest

setup: .venv/.installed node_modules/.installed .env messages static

.env:
	cp .env.example .env

# The locked dependencies (requirements.lock, with hashes), then STAP itself without dependencies.
# Update the lock after a change of pyproject.toml's dependencies: make lock
.venv/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# pip-compile (pip-tools, in a throw-away venv) resolves pyproject.toml with the dev extra for this
# Python and writes every version with the hashes of all its files on pip's default index (local
# pip configuration is ignored, so machine-only wheel folders never end up in the lock). Versions
# already locked stay; to move everything to the newest allowed: make lock LOCK_FLAGS=--upgrade
lock:
	test -x .lock-venv/bin/pip-compile || (python3 -m venv .lock-venv && .lock-venv/bin/pip install --quiet pip-tools)
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= .lock-venv/bin/pip-compile --quiet $(LOCK_FLAGS) \
	  --generate-hashes --allow-unsafe --strip-extras --extra dev --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: .venv/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

static: .venv/.installed node_modules/.installed
	$(MANAGE) collectstatic --noinput -v 0

# PostgreSQL on 127.0.0.1:5432: start it if it is down, then make the login role and database.
db:
	@command -v pg_ctlcluster >/dev/null || (apt-get update -qq && apt-get install -y -qq postgresql)
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c "DO \$$\$$ BEGIN \
	  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$(PG_USER)') THEN \
	    CREATE ROLE $(PG_USER) LOGIN CREATEDB PASSWORD '$(PG_PASSWORD)'; END IF; END \$$\$$;"
	@runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$(PG_DB)'" | grep -q 1 \
	  || runuser -u postgres -- createdb -O $(PG_USER) $(PG_DB)

# Backup: the database (pg_dump, custom format) and MEDIA_ROOT into BACKUP_DIR (default backups/).
backup: .venv/.installed db
	$(MANAGE) backup --to $(or $(BACKUP_DIR),backups)

# Restore into a database that does not exist yet: make restore FILE=x.dump [MEDIA=x.media.tar.gz] [DB=name]
restore: .venv/.installed db
	@test -n "$(FILE)" || { echo "Gebruik: make restore FILE=backups/stap-....dump [MEDIA=....media.tar.gz] [DB=naam]"; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(MEDIA),--media "$(MEDIA)") $(if $(DB),--database "$(DB)")

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Dovecot for the mail-intake tests: each test run starts a private instance on a free port.
dovecot:
	@command -v dovecot >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd)

# LibreOffice headless for the letters' PDFs (registrations/letter_pdf.py), and pdftotext for
# reading them back in the tests.
libreoffice:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils)

migrate: .venv/.installed
	$(MANAGE) migrate --noinput -v 1

demo: .venv/.installed
	$(MANAGE) demo_data

# Refresh the screenshots in the user guides (docs/screenshots/) from the browser tests.
screenshots: setup db chromium dovecot libreoffice
	STAP_DOC_SCREENSHOTS=1 $(PY) -m pytest -m browser

# Code the apps repeat (ten lines or more), migrations left out: there should be none.
duplicates: .venv/.installed
	.venv/bin/pylint --disable=all --enable=duplicate-code --min-similarity-lines=10 \
	  --ignore=migrations --score=n stapteam registrations timeout budgets

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck:
	.venv/bin/mypy .

clean:
	rm -rf .venv .lock-venv node_modules staticfiles
