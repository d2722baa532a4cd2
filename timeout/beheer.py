"""Time-out on the beheer pages: year settings and tariffs (a tariff change shows what it
re-prices first), locations and beds."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stapteam.platform.beheer import (
    TIMEOUT,
    BeheerKind,
    Label,
    Preview,
    register_beheer_kind,
)
from stapteam.platform.formats import euro
from timeout.costs import repricing
from timeout.models import Bed, Location, YearSettings

PRICED = ("tariff_per_day", "day_counting")


def locked_year(year: YearSettings) -> dict[str, Label]:
    """A year's number never changes; a closed year's tariff and day counting neither."""
    locked: dict[str, Label] = {"year": _("Ligt vast: maak voor een ander jaar een nieuwe rij.")}
    if year.is_closed:
        why = _("Ligt vast: dit jaar is afgesloten. Heropen het jaar eerst (apart opslaan).")
        locked.update(dict.fromkeys(PRICED, why))
    return locked


def repricing_preview(old: YearSettings, new: YearSettings) -> Preview | None:
    """A change of the tariff or the day counting shows first which stays it re-prices."""
    if all(getattr(old, name) == getattr(new, name) for name in PRICED):
        return None
    return Preview("timeout/beheer_repricing.html", repricing(old, new))


def saved_year(year: YearSettings) -> str:
    return gettext("Jaar %(year)s opgeslagen: %(tariff)s per dag.") % {
        "year": year.year,
        "tariff": euro(year.tariff_per_day),
    }


def register() -> None:
    register_beheer_kind(
        BeheerKind(
            slug="jaarinstellingen",
            section=TIMEOUT,
            title=_("Jaarinstellingen en tarieven"),
            description=_("Tarief per dag, maximum verblijven, budget en dagen tellen per jaar."),
            model=YearSettings,
            fields=[
                "year",
                "tariff_per_day",
                "max_stays",
                "max_days_per_stay",
                "budget",
                "day_counting",
                "is_closed",
            ],
            columns=[
                "year",
                "tariff_per_day",
                "max_stays",
                "max_days_per_stay",
                "budget",
                "is_closed",
            ],
            can_delete=False,
            reason_required=True,
            explanation=_(
                "Een time-outverblijf wordt bekostigd als Beschermd Wonen licht, tegen het "
                "tarief per dag van het jaar waarin de dag valt. Een nieuw tarief geldt ook "
                "voor de verblijven die al in dat jaar geboekt zijn: STAP laat eerst zien "
                "welke verblijven en totalen veranderen. Sluit een jaar af als het is "
                "verantwoord; daarna verandert het tarief niet meer."
            ),
            locked=locked_year,
            preview=repricing_preview,
            saved_message=saved_year,
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="locaties",
            section=TIMEOUT,
            title=_("Locaties"),
            description=_("De locaties van IrisZorg met time-outbedden."),
            model=Location,
            fields=["name"],
            columns=["name"],
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="bedden",
            section=TIMEOUT,
            title=_("Bedden"),
            description=_(
                "De time-outbedden per locatie; een bed buiten gebruik blijft in de historie."
            ),
            model=Bed,
            fields=["location", "name", "is_active"],
            columns=["name", "location", "is_active"],
            select_related=["location"],
        )
    )
