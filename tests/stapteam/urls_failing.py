"""A URLconf with one view that fails, to see what a 500 shows (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("geheim: Roos Jansen, STAP-0042")


urlpatterns = [path("kapot/", failing), path("", include("stapteam.urls"))]
