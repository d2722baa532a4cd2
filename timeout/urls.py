"""URLs of timeout (time-out beds), under /time-out/."""

from django.urls import path

from timeout import views

app_name = "timeout"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("aanvragen/nieuw/", views.request_create, name="request_create"),
    path("aanvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("aanvragen/<int:pk>/beoordelen/", views.request_assess, name="request_assess"),
    path("aanvragen/<int:pk>/plaatsen/", views.request_place, name="request_place"),
    path("aanvragen/<int:pk>/intrekken/", views.request_withdraw, name="request_withdraw"),
    path("verblijven/achteraf/", views.stay_register_past, name="stay_register_past"),
    path("verblijven/<int:pk>/beeindigen/", views.stay_end, name="stay_end"),
    path("verblijven/<int:pk>/verlengen/", views.stay_extend, name="stay_extend"),
    path("bedkalender/", views.calendar, name="calendar"),
    path("jaaroverzicht/", views.overview, name="overview"),
]
