"""The budget report page and its CSV and Excel exports: aggregates only, for one period."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from budgets.models import Budget
from budgets.report import BudgetReport, budget_report
from stapteam.access import AuthenticatedRequest
from stapteam.forms.fields import StapForm, date_field
from stapteam.models import AccessLogEntry, Organisation
from stapteam.platform.access_log import log_access
from stapteam.platform.date_bounds import PLANNED
from stapteam.platform.exports import Hours, Row, Sheet, csv_response, workbook_response
from stapteam.platform.login_security import recent_login

MAX_YEARS = 10
QUICK_BUDGETS = 12


# --- The period ----------------------------------------------------------------------------------


class PeriodForm(StapForm):
    van = date_field(gettext_lazy("Van"), PLANNED, required=False)
    tot = date_field(gettext_lazy("Tot en met"), PLANNED, required=False)
    organisatie = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Alle organisaties"),
        error_messages={"invalid_choice": gettext_lazy("Kies een organisatie uit de lijst.")},
    )

    def clean(self) -> dict[str, Any]:
        """One date given: the rest of its calendar year. At most ten years, within the bounds of
        PLANNED (2000 to five years ahead)."""
        data = super().clean() or {}
        if self.errors:
            return data
        first: datetime.date | None = data.get("van")
        last: datetime.date | None = data.get("tot")
        if first is None:
            first = datetime.date(last.year, 1, 1) if last is not None else default_period()[0]
        if last is None:
            last = datetime.date(first.year, 12, 31)
        if first > last:
            raise forms.ValidationError(_("De einddatum moet op of na de begindatum liggen."))
        if last >= _years_later(first, MAX_YEARS):
            raise forms.ValidationError(
                _("Kies een periode van hoogstens %(years)d jaar.") % {"years": MAX_YEARS}
            )
        data["van"], data["tot"] = first, last
        return data


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_period() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    organisation: Organisation | None

    def query(self, **extra: str) -> str:
        params = {"van": self.first.isoformat(), "tot": self.last.isoformat()}
        if self.organisation is not None:
            params["organisatie"] = str(self.organisation.pk)
        return urlencode({**params, **extra})


def _period(request: AuthenticatedRequest) -> tuple[Period, str | None]:
    """The period asked for, or this calendar year with the reason in Dutch."""
    first, last = default_period()
    if not any(request.GET.get(name) for name in ("van", "tot", "organisatie")):
        return Period(first, last, None), None
    form = PeriodForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        return Period(data["van"], data["tot"], data["organisatie"]), None
    problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return Period(first, last, None), _(
        "Deze periode kan niet: %(problems)s Het huidige kalenderjaar wordt getoond."
    ) % {"problems": problems}


def _quick_links(period: Period) -> list[tuple[str, str]]:
    """This year, last year and each recent budget's own period, keeping the organisation."""
    this_year = timezone.localdate().year
    links = [
        (
            _("Dit jaar"),
            Period(
                datetime.date(this_year, 1, 1),
                datetime.date(this_year, 12, 31),
                period.organisation,
            ).query(),
        ),
        (
            _("Vorig jaar"),
            Period(
                datetime.date(this_year - 1, 1, 1),
                datetime.date(this_year - 1, 12, 31),
                period.organisation,
            ).query(),
        ),
    ]
    budgets = Budget.objects.order_by("-starts_on", "name")
    if period.organisation is not None:
        budgets = budgets.filter(organisation=period.organisation)
    for budget in budgets.only("name", "starts_on", "ends_on")[:QUICK_BUDGETS]:
        links.append(
            (budget.name, Period(budget.starts_on, budget.ends_on, period.organisation).query())
        )
    return links


# --- Page ----------------------------------------------------------------------------------------


@never_cache
@login_required
@permission_required("budgets.view_budget_report", raise_exception=True)
def report(request: AuthenticatedRequest) -> HttpResponse:
    period, problem = _period(request)
    if problem:
        messages.warning(request, problem)
    form = PeriodForm(
        initial={"van": period.first, "tot": period.last, "organisatie": period.organisation}
    )
    return render(
        request,
        "budgets/report.html",
        {
            "form": form,
            "report": budget_report(
                first=period.first, last=period.last, organisation=period.organisation
            ),
            "quick_links": _quick_links(period),
            "csv_query": period.query(format="csv"),
            "xlsx_query": period.query(format="xlsx"),
        },
    )


# --- Exports -------------------------------------------------------------------------------------


@never_cache
@login_required
@permission_required("budgets.view_budget_report", raise_exception=True)
@recent_login()  # ASVS L3 step-up: password and code again before data leaves STAP
def report_export(request: AuthenticatedRequest) -> HttpResponse:
    """`?format=csv` (Dutch Excel: BOM, semicolons, decimal comma) or `?format=xlsx`."""
    period, problem = _period(request)
    kind = request.GET.get("format", "csv")
    if problem or kind not in ("csv", "xlsx"):
        # Back to the page, which explains what was wrong with the period.
        if not problem:
            messages.warning(request, _("Kies een export als CSV of als Excel."))
        params = request.GET.copy()
        params.pop("format", None)
        return redirect(f"{reverse('budgets:report')}?{params.urlencode()}")
    data = budget_report(first=period.first, last=period.last, organisation=period.organisation)
    filename = f"budgetrapportage-{period.first.isoformat()}-{period.last.isoformat()}.{kind}"
    response = _csv(filename, data) if kind == "csv" else _xlsx(filename, data)
    # Figures only, no client: logged all the same, as every export is.
    log_access(
        request, action=AccessLogEntry.Action.EXPORT, object_type="budget_report", object_id=kind
    )
    return response


def _heading_rows(data: BudgetReport) -> list[Row]:
    return [
        [_("Budgetrapportage STAP")],
        [_("Periode"), data.first, _("t/m"), data.last],
        [
            _("Organisatie"),
            data.organisation.name if data.organisation else _("Alle organisaties"),
        ],
    ]


def _budget_rows(data: BudgetReport) -> list[Row]:
    header: Row = [
        _("Organisatie"),
        _("Budget"),
        _("Looptijd van"),
        _("Looptijd tot en met"),
        _("Beginsaldo"),
        _("Toegekend"),
        _("Besteed"),
        _("In afwachting"),
        _("Eindsaldo"),
    ]
    rows: list[Row] = [[_("Flexbudgetten")], header]
    rows += [
        [
            *(row.organisation, row.name, row.starts_on, row.ends_on),
            *(row.opening, row.granted, row.spent, row.pending, row.remaining),
        ]
        for row in data.budgets
    ]
    totals = data.totals
    rows.append(
        [
            *(_("Totaal flexbudgetten"), None, None, None),
            *(totals.opening, totals.granted, totals.spent, totals.pending, totals.remaining),
        ]
    )
    return rows


def _timeout_rows(data: BudgetReport) -> list[Row]:
    rows: list[Row] = [[_("Time-out"), _("Dagen"), _("Kosten"), _("Budget")]]
    timeout = data.timeout
    if timeout is None:
        rows.append([_("Time-out wordt niet aan een organisatie toegerekend.")])
        return rows
    rows.append([_("Verblijven in de periode"), timeout.days, timeout.cost, timeout.granted])
    if timeout.granted is None:
        rows.append(
            [_("Het budget is alleen bekend voor hele kalenderjaren met jaarinstellingen.")]
        )
    return rows


def _hours(value: Decimal | None) -> Hours | None:
    return Hours(value) if value is not None else None


def _subsidy_rows(data: BudgetReport) -> list[Row]:
    header: Row = [
        _("Organisatie"),
        _("Jaar"),
        _("Soort"),
        _("Uren per week"),
        _("Toegekend"),
        _("Gerealiseerd"),
        _("Geregistreerde contacturen"),
    ]
    rows: list[Row] = [[_("Subsidie")], header]
    rows += [
        [
            *(line.organisation, line.year, line.kind_label, _hours(line.hours_per_week)),
            *(line.granted, line.realised, _hours(line.contact_hours)),
        ]
        for line in data.subsidies
    ]
    rows.append(
        [_("Totaal subsidie"), None, None, None, data.subsidy_granted, data.subsidy_realised]
    )
    if not data.subsidy_realised_complete:
        rows.append([_("Gerealiseerd: alleen de bekende bedragen zijn opgeteld.")])
    return rows


def _summary_rows(data: BudgetReport) -> list[Row]:
    return [
        [_("Totaal")],
        [_("Totaal toegekend"), data.summary.granted],
        [_("Totaal gebruikt"), data.summary.used],
    ]


def _overview_rows(data: BudgetReport) -> list[Row]:
    """The sheet "Overzicht", shared by both exports: its sections, a blank row between them."""
    sections = (_heading_rows, _budget_rows, _timeout_rows, _subsidy_rows, _summary_rows)
    rows: list[Row] = []
    for number, section in enumerate(sections):
        if number:
            rows.append([])
        rows += section(data)
    return rows


def _category_rows(data: BudgetReport) -> list[Row]:
    rows: list[Row] = [[_("Categorie"), _("Aantal uitgaven"), _("Bedrag")]]
    rows += [[row.label, row.expenses, row.amount] for row in data.categories]
    rows.append(
        [
            _("Totaal"),
            sum(row.expenses for row in data.categories),
            data.spent_by_category,
        ]
    )
    return rows


def _is_heading(row: Row) -> bool:
    """A section title (a row of one text) or a total: its first cell in bold in Excel."""
    first = row[0] if row else None
    return isinstance(first, str) and (len(row) == 1 or first.startswith(_("Totaal")))


def _csv(filename: str, data: BudgetReport) -> HttpResponse:
    """Dutch Excel: BOM, semicolons, decimal comma; the categories below the overview."""
    rows = [*_overview_rows(data), [], [_("Per categorie")], *_category_rows(data)]
    return csv_response(filename, None, rows)


def _xlsx(filename: str, data: BudgetReport) -> HttpResponse:
    overview_widths = [34, 28, 14, 18, 14, 14, 14, 14, 14]
    return workbook_response(
        filename,
        [
            Sheet(_("Overzicht"), None, _overview_rows(data), overview_widths, _is_heading),
            Sheet(_("Per categorie"), None, _category_rows(data), [24, 16, 14], _is_heading),
        ],
    )
