"""Requests for access (AVG art. 15) to what the registration holds about a person."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from stapteam.models.subject_access import (
    SubjectAccessRedactionBase,
    SubjectAccessRequestBase,
    access_request_constraints,
    redaction_constraints,
)
from stapteam.platform.actor import history_records


class SubjectAccessRequest(SubjectAccessRequestBase):
    """A person (or her representative) asks for everything the registration holds about her."""

    person = models.ForeignKey(
        "registrations.Person",
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("persoon"),
    )

    history = history_records()

    class Meta(SubjectAccessRequestBase.Meta):
        verbose_name = _("inzageverzoek registratie")
        verbose_name_plural = _("inzageverzoeken registratie")
        permissions = [("handle_subject_access", _("Inzageverzoeken (registratie) behandelen"))]
        constraints = access_request_constraints("registration_access_request")

    def __str__(self) -> str:
        return str(_("Inzageverzoek registratie %(n)s") % {"n": self.number})


class SubjectAccessRedaction(SubjectAccessRedactionBase):
    """A blacked-out passage in the registration export of one request."""

    request = models.ForeignKey(
        SubjectAccessRequest,
        on_delete=models.CASCADE,
        related_name="redactions",
        verbose_name=_("inzageverzoek"),
    )

    history = history_records()

    class Meta(SubjectAccessRedactionBase.Meta):
        verbose_name = _("weglakking inzage registratie")
        verbose_name_plural = _("weglakkingen inzage registratie")
        constraints = redaction_constraints("registration_redaction")

    def __str__(self) -> str:
        return str(_("Weglakking bij %(request)s") % {"request": self.request})
