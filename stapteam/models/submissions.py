"""One-time submission keys: which form was sent, and what its first sending answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.text import length_at_most


class SubmissionKey(models.Model):
    """A key that a form carried when it was sent (stapteam/platform/submissions.py).

    The row is inserted before the view acts, in the same transaction, so a second request with
    the same key waits on the unique index until the first has committed; then it finds the row
    and gets the first answer instead of acting again. A sending that changed nothing (a form
    with errors, a refusal) removes its row again, so the key stays usable.

    No simple-history here: a row is written once, by the request that used the key, and is
    itself the record of that sending; it holds no text from the form, only a hash of it.
    """

    key = models.UUIDField(_("sleutel"), unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )
    path = models.CharField(_("adres"), max_length=500)
    # sha256 of what the form sent: the same key with other data is not a repeat.
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    used_at = models.DateTimeField(_("verstuurd op"), default=timezone.now, db_index=True)
    status = models.PositiveSmallIntegerField(_("antwoord"), null=True, blank=True)
    location = models.TextField(_("doorgestuurd naar"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")
        default_permissions = ()
        constraints = [
            # Only a redirect (Post/Redirect/Get) is kept as a first answer; None while it runs.
            models.CheckConstraint(
                condition=models.Q(status__isnull=True) | models.Q(status__gte=300, status__lt=400),
                name="submission_key_status_redirect",
            ),
            length_at_most("location", 2000, name="submission_key_location_length"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.path}"
