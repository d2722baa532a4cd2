"""Requests for access (AVG art. 15) to what the registration holds about a person."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from stapteam.models.subject_access import SubjectAccessRequestBase, access_request_constraints
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
