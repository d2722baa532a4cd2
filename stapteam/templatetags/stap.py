"""Template filters and tags of STAP: Dutch money, hours, dates and terms, page links and the
one-time key of a POST form."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page
from django.utils.html import format_html

from stapteam.platform import formats, pagination, submissions

register = template.Library()

register.filter("euro", formats.euro)
register.filter("hours", formats.hours)
register.filter("long_date", formats.long_date)
register.filter("day_date", formats.day_date)
register.filter("day_time", formats.day_time)
register.filter("term", formats.term)


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], page: Page, number: int) -> str:
    """The current page's query string with ?pagina= set to `number` (filters stay on)."""
    return pagination.page_query(context["request"], page, number)


@register.simple_tag(takes_context=True)
def submission_key(context: dict[str, Any]) -> str:
    """The hidden one-time key of a POST form (stapteam/platform/submissions.py)."""
    key = submissions.key_for_form(context.get("request"))
    return format_html('<input type="hidden" name="{}" value="{}">', submissions.FIELD, key)
