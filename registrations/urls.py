"""URLs of registrations (tippelzone registrations), under /registraties/."""

from django.urls import path

from registrations.views import (
    advice,
    daypasses,
    inbox,
    register,
    reports,
    requests,
)
from registrations.views.subject_access import REGISTRATION
from stapteam.views.platform import subject_access as access_pages

app_name = "registrations"

# The registration subject-access requests, for stapteam's generic subject-access pages.
KIND = {"kind": REGISTRATION}

urlpatterns = [
    # Mail intake (secretariaat)
    path("post/", inbox.inbox, name="inbox"),
    path("post/uploaden/", inbox.mail_upload, name="mail_upload"),
    path("post/ophalen/", inbox.mailbox_fetch, name="mailbox_fetch"),
    path("post/<int:pk>/", inbox.mail_detail, name="mail_detail"),
    path("post/<int:pk>/koppelen/", inbox.mail_link, name="mail_link"),
    path("post/<int:pk>/niet-relevant/", inbox.mail_dismiss, name="mail_dismiss"),
    path("post/<int:pk>/bericht/", inbox.mail_message_download, name="mail_message_download"),
    path("bijlagen/<int:pk>/", inbox.attachment_download, name="attachment_download"),
    # Requests and the Awb deadline radar (secretariaat)
    path("", requests.request_list, name="request_list"),
    path("nieuw/", requests.request_create, name="request_create"),
    path("<int:pk>/", requests.request_detail, name="request_detail"),
    path("<int:pk>/stap/", requests.request_step, name="request_step"),
    path("<int:pk>/beantwoorden/", requests.request_answer, name="request_answer"),
    path("<int:pk>/verdagen/", requests.request_extend, name="request_extend"),
    path("<int:pk>/opschorten/", requests.request_suspend, name="request_suspend"),
    path("<int:pk>/besluit/", requests.request_decide, name="request_decide"),
    path("<int:pk>/bekendmaken/", requests.request_notify, name="request_notify"),
    path("<int:pk>/stopzetten/", requests.request_stop, name="request_stop"),
    path("<int:pk>/wijzigen/", requests.request_change, name="request_change"),
    path("<int:pk>/brief/", requests.decision_letter, name="decision_letter"),
    path("<int:pk>/brieven/", requests.letter_send, name="letter_send"),
    path("<int:pk>/aangevuld/", requests.request_complete, name="request_complete"),
    path("brieven/<int:pk>/", requests.letter_download, name="letter_download"),
    path("<int:pk>/bezwaar/", requests.objection_create, name="objection_create"),
    path("bezwaar/<int:pk>/beslissen/", requests.objection_decide, name="objection_decide"),
    # Advice on the care condition (coordinator)
    path("advies/", advice.advice_list, name="advice_list"),
    path("advies/<int:pk>/", advice.advice_answer, name="advice_answer"),
    # Register (secretariaat; procesregisseur reads)
    path("register/", register.register, name="register"),
    path("register/<int:pk>/beeindigen/", register.registration_end, name="registration_end"),
    # Day passes (secretariaat, on a phone at the gate)
    path("dagpassen/", daypasses.day_passes, name="day_passes"),
    # Counts for policy staff
    path("cijfers/", reports.counts, name="counts"),
    # Subject access (AVG art. 15) to registration data
    path("inzageverzoeken/", access_pages.subject_access_list, KIND, name="subject_access_list"),
    path(
        "inzageverzoeken/nieuw/",
        access_pages.subject_access_create,
        KIND,
        name="subject_access_create",
    ),
    path(
        "inzageverzoeken/<int:pk>/",
        access_pages.subject_access_detail,
        KIND,
        name="subject_access_detail",
    ),
    path(
        "inzageverzoeken/<int:pk>/weglakken/",
        access_pages.subject_access_redact,
        KIND,
        name="subject_access_redact",
    ),
    path(
        "inzageverzoeken/<int:pk>/export/",
        access_pages.subject_access_export,
        KIND,
        name="subject_access_export",
    ),
]
