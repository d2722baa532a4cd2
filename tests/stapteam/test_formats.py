"""Dutch formats: money as "€ 1.234,56", dates with Dutch names, terms as "3 dagen te laat"."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from stapteam.platform.formats import deadline, euro, long_date, signed_euro, term


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


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 12, 27), "vrijdag 27 december 2024"),
        (datetime.date(2023, 8, 1), "dinsdag 1 augustus 2023"),
        (None, ""),
    ],
)
def test_long_date_is_dutch_with_the_weekday(day, expected):
    with translation.override("nl"):
        assert long_date(day) == expected
        assert Template("{% load stap %}{{ d|long_date }}").render(Context({"d": day})) == expected


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (datetime.date(2024, 12, 30), "nog 3 dagen"),
        (datetime.date(2024, 12, 29), "nog 2 dagen"),
        (datetime.date(2024, 12, 28), "morgen"),
        (datetime.date(2024, 12, 27), "vandaag"),
        (datetime.date(2024, 12, 26), "1 dag te laat"),
        (datetime.date(2024, 12, 24), "3 dagen te laat"),
        (None, ""),
    ],
)
def test_term_says_how_a_deadline_stands(deadline, expected):
    with translation.override("nl"):
        assert term(deadline, today=datetime.date(2024, 12, 27)) == expected


def test_term_counts_from_today_by_default(settings):
    today = timezone.localdate()
    with translation.override("nl"):
        assert term(today + datetime.timedelta(days=4)) == "nog 4 dagen"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 12, 30), "maandag 30 december 2024 (nog 3 dagen)"),
        (datetime.date(2024, 12, 28), "zaterdag 28 december 2024 (morgen)"),
        (datetime.date(2024, 12, 27), "vrijdag 27 december 2024 (vandaag)"),
        (datetime.date(2024, 12, 26), "donderdag 26 december 2024 (1 dag te laat)"),
        (datetime.date(2022, 2, 21), "maandag 21 februari 2022 (1040 dagen te laat)"),
        (None, ""),
    ],
)
def test_deadline_gives_the_weekday_and_how_it_stands(day, expected):
    with translation.override("nl"):
        assert deadline(day, today=datetime.date(2024, 12, 27)) == expected
        rendered = Template("{% load stap %}{{ d|deadline }}").render(Context({"d": day}))
        assert rendered == deadline(day)


@pytest.mark.parametrize(
    ("amount", "adds", "expected"),
    [
        (Decimal("12.50"), True, "+\u00a0€\u00a012,50"),
        (Decimal("5"), False, "\u2212\u00a0€\u00a05,00"),
        (Decimal("1000"), True, "+\u00a0€\u00a01.000,00"),
        (None, True, ""),
    ],
)
def test_signed_euro_gives_a_ledger_line_its_direction(amount, adds, expected):
    with translation.override("nl"):
        assert signed_euro(amount, adds=adds) == expected


def test_signed_amount_says_the_direction_to_a_screen_reader_too():
    with translation.override("nl"):
        html = Template("{% load stap %}{% signed_amount a False %}").render(
            Context({"a": Decimal("5")})
        )
    assert '<span class="visually-hidden">af </span>' in html
    assert '<span aria-hidden="true">\u2212\u00a0</span>€\u00a05,00' in html
