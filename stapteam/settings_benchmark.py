"""Settings of the load benchmark's server only (`manage.py benchmark --mode load` starts gunicorn
with DJANGO_SETTINGS_MODULE=stapteam.settings_benchmark): STAP's settings with the URLs that add
the baseline admin. Never used in production."""

from stapteam.settings import *  # noqa: F403 - the one settings file, with one change

ROOT_URLCONF = "stapteam.urls_benchmark"
