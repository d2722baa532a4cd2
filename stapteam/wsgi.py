"""WSGI entry point of STAP."""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stapteam.settings")
application = get_wsgi_application()

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def warm_up() -> None:
    """Import every view and compile STAP's templates before a new worker takes its first
    request (gunicorn's post_worker_init): otherwise the first users after a worker is replaced
    wait a second or more for a cold process. Without DEBUG the cached template loader keeps
    what is compiled here."""
    get_resolver().url_patterns  # noqa: B018 - importing the URLconf imports every view
    for path in sorted(TEMPLATES.rglob("*.html")):
        try:
            get_template(str(path.relative_to(TEMPLATES)))
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a fragment that only works inside another; it compiles there
