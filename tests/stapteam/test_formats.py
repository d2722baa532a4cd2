"""Dutch formats: money as "€ 1.234,56", dates with Dutch month names."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from stapteam.templatetags.stap import euro


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("5849.34"), "€\u00a05.849,34"),
        (Decimal("139.27"), "€\u00a0139,27"),
        (Decimal("-600"), "€\u00a0-600,00"),
        (0, "€\u00a00,00"),
        ("653503", "€\u00a0653.503,00"),
        (None, ""),
        ("geen bedrag", ""),
    ],
)
def test_euro(value, expected):
    with translation.override("nl"):
        assert euro(value) == expected


def test_dates_are_dutch():
    with translation.override("nl"):
        rendered = Template("{{ d|date:'j F Y' }}").render(
            Context({"d": datetime.date(2023, 8, 1)})
        )
    assert rendered == "1 augustus 2023"
