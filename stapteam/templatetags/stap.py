"""Template filters of STAP: Dutch money formatting."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
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


@register.filter
def hours(minutes: int | None) -> str:
    """90 -> "1,5": minutes shown as hours with one decimal, the Dutch way."""
    if minutes is None:
        return ""
    return number_format(Decimal(minutes) / 60, 1, use_l10n=True)
