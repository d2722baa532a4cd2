"""How STAP writes money, hours, dates and terms for its Dutch readers (pages, exports, letters)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext


def euro(value: Decimal | int | str | None) -> str:
    """Decimal(1234.5) -> "€ 1.234,50" and -5 -> "€ -5,00", the Dutch way; empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"€\u00a0{sign}{number_format(abs(amount), 2, use_l10n=True, force_grouping=True)}"


def signed_euro(value: Decimal | int | str | None, *, adds: bool) -> str:
    """A ledger line with its direction: "+ € 12,50" for money in, "\u2212 € 5,00" for money
    out (a real minus sign, U+2212); the amount itself is positive, as the ledger stores it."""
    amount = euro(value).replace("-", "", 1)  # the direction is the sign's, not the amount's
    if not amount:
        return ""
    return ("+\u00a0" if adds else "\u2212\u00a0") + amount


def hours(minutes: int | None) -> str:
    """90 -> "1,5": minutes shown as hours with one decimal, the Dutch way."""
    if minutes is None:
        return ""
    return number_format(Decimal(minutes) / 60, 1, use_l10n=True)


def long_date(day: datetime.date | None) -> str:
    """date(2024, 12, 27) -> "vrijdag 27 december 2024"; empty for no date."""
    if day is None or day == "":
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return date_format(day, "l j F Y")


def day_date(day: datetime.date | None) -> str:
    """date(2026, 3, 3) -> "3 maart 2026"; a datetime gives its local day; empty for no date."""
    if day is None or day == "":
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return date_format(day, "j F Y")


def day_time(moment: datetime.datetime | None) -> str:
    """A datetime -> "3 maart 2026 om 14:05", in local time; empty for none."""
    if moment is None or moment == "":
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return gettext("%(day)s om %(time)s") % {
        "day": date_format(moment.date(), "j F Y"),
        "time": f"{moment:%H:%M}",
    }


def term(deadline: datetime.date | None, today: datetime.date | None = None) -> str:
    """How a deadline stands: "nog 5 dagen", "morgen", "vandaag", "1 dag te laat"."""
    if deadline is None or deadline == "":
        return ""
    days = (deadline - (today or timezone.localdate())).days
    if days == 0:
        return gettext("vandaag")
    if days == 1:
        return gettext("morgen")
    if days > 1:
        return ngettext("nog %(days)d dag", "nog %(days)d dagen", days) % {"days": days}
    late = -days
    return ngettext("%(days)d dag te laat", "%(days)d dagen te laat", late) % {"days": late}


def deadline(day: datetime.date | None, today: datetime.date | None = None) -> str:
    """A running deadline as a person says it: "vrijdag 27 december 2024 (nog 3 dagen)",
    "… (vandaag)", "… (1040 dagen te laat)"; the date alone is `long_date`, the rest `term`."""
    if day is None or day == "":
        return ""
    return gettext("%(date)s (%(term)s)") % {"date": long_date(day), "term": term(day, today)}
