"""Template filters and tags of STAP: Dutch money, hours, dates and terms, page links and the
one-time key of a POST form."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.translation import gettext

from stapteam.platform import formats, pagination, submissions

register = template.Library()

register.filter("euro", formats.euro)
register.filter("hours", formats.hours)
register.filter("long_date", formats.long_date)
register.filter("day_date", formats.day_date)
register.filter("day_time", formats.day_time)
register.filter("term", formats.term)
register.filter("deadline", formats.deadline)


@register.simple_tag
def signed_amount(amount: Any, adds: bool) -> str:
    """A ledger amount with its direction in sign, word and colour: the sign is drawn, a screen
    reader hears "bij" or "af" instead, and the colour only repeats it."""
    signed = formats.signed_euro(amount, adds=adds)
    if not signed:
        return ""
    sign, money = signed.split("\u00a0", 1)
    return format_html(
        '<span class="text-nowrap {}" data-direction="{}"><span class="visually-hidden">{} </span>'
        '<span aria-hidden="true">{}\u00a0</span>{}</span>',
        "text-success" if adds else "text-body",
        "in" if adds else "out",
        gettext("bij") if adds else gettext("af"),
        sign,
        money,
    )


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], page: Page, number: int) -> str:
    """The current page's query string with ?pagina= set to `number` (filters stay on)."""
    return pagination.page_query(context["request"], page, number)


@register.simple_tag(takes_context=True)
def submission_key(context: dict[str, Any]) -> str:
    """The hidden one-time key of a POST form (stapteam/platform/submissions.py)."""
    key = submissions.key_for_form(context.get("request"))
    return format_html('<input type="hidden" name="{}" value="{}">', submissions.FIELD, key)
