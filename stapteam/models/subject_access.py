"""Requests for access (AVG art. 15): who asked, when, the one-month due date, when handled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, PLANNED, floor_constraints
from stapteam.platform.text import length_at_most


class SubjectAccessRequestBase(models.Model):
    """What every access request holds; care (here) and registration (registrations) each have
    their own table, so each is handled by its own role and never mixed."""

    class RequestedBy(models.TextChoices):
        SELF = "self", _("Zijzelf")
        REPRESENTATIVE = "representative", _("Gemachtigde")

    requested_by = models.CharField(
        _("verzocht door"), max_length=14, choices=RequestedBy.choices, default=RequestedBy.SELF
    )
    representative = models.CharField(_("naam gemachtigde"), max_length=160, blank=True)
    received_on = models.DateField(_("ontvangen op"), validators=[HAPPENED])
    due_on = models.DateField(_("uiterlijk af op"), validators=[PLANNED])
    handled_on = models.DateField(_("afgehandeld op"), null=True, blank=True, validators=[HAPPENED])
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]

    @property
    def number(self) -> str:
        """The request's number: the only name its export gets."""
        return f"{self.pk:05d}"

    def is_overdue(self) -> bool:
        return self.handled_on is None and self.due_on < timezone.localdate()


def access_request_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        *floor_constraints(prefix, HAPPENED, "received_on", "handled_on"),
        *floor_constraints(prefix, PLANNED, "due_on"),
        models.CheckConstraint(
            condition=Q(due_on__gt=models.F("received_on")), name=f"{prefix}_due_after_received"
        ),
        models.CheckConstraint(
            condition=Q(handled_on__isnull=True, handled_by__isnull=True)
            | Q(handled_on__isnull=False, handled_by__isnull=False),
            name=f"{prefix}_handled_together",
        ),
        models.CheckConstraint(
            condition=~Q(requested_by="representative") | ~Q(representative=""),
            name=f"{prefix}_representative_named",
        ),
    ]


class SubjectAccessRequest(SubjectAccessRequestBase):
    """A woman (or her representative) asks for everything STAP's care team holds about her."""

    client = models.ForeignKey(
        "stapteam.Client",
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("cliënt"),
    )

    history = history_records()

    class Meta(SubjectAccessRequestBase.Meta):
        verbose_name = _("inzageverzoek zorg")
        verbose_name_plural = _("inzageverzoeken zorg")
        permissions = [("handle_subject_access", _("Inzageverzoeken (zorg) behandelen"))]
        constraints = access_request_constraints("care_access_request")

    def __str__(self) -> str:
        return str(_("Inzageverzoek %(n)s") % {"n": self.number})


# What the woman reads where a passage about someone else was (AVG art. 15 lid 4).
REDACTED = _("[weggelakt: gegevens van een ander]")


class SubjectAccessRedactionBase(models.Model):
    """Before release the handler blacks out other people's data in a free text of the export
    (AVG art. 15 lid 4): for this request's exports only, the record itself stays as it is.
    An empty passage blacks out the whole text."""

    record_type = models.CharField(_("soort gegeven"), max_length=100)  # model label
    record_id = models.PositiveBigIntegerField(_("record"))
    field_name = models.CharField(_("veld"), max_length=100)
    # At most 500 characters, so the uniqueness below fits an index; a longer passage is the
    # whole text (an empty passage) or several passages.
    passage = models.TextField(_("passage"), max_length=500, blank=True)
    reason = models.CharField(_("reden"), max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("weggelakt door"),
    )
    made_at = models.DateTimeField(_("weggelakt op"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["made_at", "id"]

    def is_whole_text(self) -> bool:
        return self.passage == ""


def redaction_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["request", "record_type", "record_id", "field_name", "passage"],
            name=f"{prefix}_once",
        ),
        models.CheckConstraint(
            condition=~Q(record_type="") & ~Q(field_name="") & ~Q(reason=""),
            name=f"{prefix}_named",
        ),
        length_at_most("passage", 500, name=f"{prefix}_passage_length"),
    ]


class SubjectAccessRedaction(SubjectAccessRedactionBase):
    """A blacked-out passage in the care export of one request."""

    request = models.ForeignKey(
        SubjectAccessRequest,
        on_delete=models.CASCADE,
        related_name="redactions",
        verbose_name=_("inzageverzoek"),
    )

    history = history_records()

    class Meta(SubjectAccessRedactionBase.Meta):
        verbose_name = _("weglakking inzage zorg")
        verbose_name_plural = _("weglakkingen inzage zorg")
        constraints = redaction_constraints("care_redaction")

    def __str__(self) -> str:
        return str(_("Weglakking bij %(request)s") % {"request": self.request})
