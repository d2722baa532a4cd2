"""The load benchmark's URLs: all of STAP's, plus the baseline admin (stapteam/benchmark_admin.py).
Served only by the benchmark's own gunicorn (stapteam/settings_benchmark.py)."""

from django.urls import path

from stapteam import benchmark_admin
from stapteam.urls import urlpatterns as stap_urlpatterns

urlpatterns = [path(benchmark_admin.PREFIX, benchmark_admin.site.urls), *stap_urlpatterns]
