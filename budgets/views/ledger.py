"""Pages of the ledger: record an expense, own entries, approvals, budgets, grants, reversals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from budgets import services
from budgets.access import get_budget_for, get_entry_for
from budgets.forms import ExpenseForm, GrantForm, ReasonForm, RefuseForm
from budgets.models import Budget, Category, Figures, LedgerEntry
from stapteam.access import AuthenticatedRequest
from stapteam.models import AccessLogEntry, Client
from stapteam.platform.access_log import log_access
from stapteam.platform.formats import euro
from stapteam.platform.pagination import paginate
from stapteam.platform.submissions import used_key

Kind = LedgerEntry.Kind

# --- Fetch and authorise -------------------------------------------------------------------------


STATE_LABELS = {
    "reversal": _lazy("terugboeking"),
    "reversed": _lazy("teruggedraaid"),
    "pending": _lazy("wacht op goedkeuring"),
    "approved": _lazy("goedgekeurd"),
    "refused": _lazy("afgewezen"),
    "counted": _lazy("telt mee"),
}


def entry_state(entry: LedgerEntry) -> str:
    """What an entry means for the balance now: a key of STATE_LABELS."""
    if entry.kind == Kind.REVERSAL:
        return "reversal"
    if hasattr(entry, "reversal"):
        return "reversed"
    if entry.needs_approval:
        approval = getattr(entry, "approval", None)
        if approval is None:
            return "pending"
        return "approved" if approval.approved else "refused"
    return "counted"


def _rows(entries: Any) -> list[tuple[LedgerEntry, str, str]]:
    rows = []
    for entry in entries:
        state = entry_state(entry)
        rows.append((entry, state, str(STATE_LABELS[state])))
    return rows


def _page_or_list(request: AuthenticatedRequest, template: str, partial: str) -> str:
    """The whole page, or for htmx's page links only the list with its page links."""
    return f"{template}#{partial}" if request.htmx else template


def _entries() -> Any:
    return LedgerEntry.objects.select_related(
        "budget", "client", "entered_by", "approval", "reversal", "reverses"
    )


# --- Casemanager ---------------------------------------------------------------------------------


def _booked_message(entry: LedgerEntry) -> str:
    """What she reads after booking: the amount and client, and whether it waits for approval."""
    text = _("Uitgave van %(amount)s geboekt voor %(code)s.") % {
        "amount": euro(entry.amount),
        "code": entry.client.code if entry.client else "",
    }
    if entry.needs_approval:
        text += " " + _("Boven de drempel: hij telt mee na goedkeuring door de coördinator.")
    return text


@login_required
@permission_required("budgets.record_expense", raise_exception=True)
def expense_create(request: AuthenticatedRequest) -> HttpResponse:
    """Record an expense in a few taps, with a photo of the receipt."""
    today = timezone.localdate()
    budgets = Budget.objects.usable_by(request.user, today).order_by("name")
    clients = Client.objects.visible_to(request.user).active().order_by("call_name")
    initial: dict[str, Any] = {"booked_on": today}
    if request.GET.get("client", "").isdigit():
        initial["client"] = request.GET["client"]
    form = ExpenseForm(
        request.POST or None,
        request.FILES or None,
        budgets=budgets,
        clients=clients,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.record_expense(
                by=request.user, submission_key=used_key(request), **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_access(
                request,
                action=AccessLogEntry.Action.CREATE,
                object_type="ledger_entry",
                object_id=entry.pk,
                client=entry.client_id,
            )
            messages.success(request, _booked_message(entry))
            return redirect("budgets:my_entries")
    figures = LedgerEntry.objects.filter(budget__in=budgets).figures_by_budget()
    available = [(budget, figures.get(budget.pk, Figures()).available) for budget in budgets]
    return render(request, "budgets/expense_form.html", {"form": form, "available": available})


@login_required
@permission_required("budgets.record_expense", raise_exception=True)
def my_entries(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    budgets = list(Budget.objects.usable_by(request.user, today).order_by("name"))
    figures = LedgerEntry.objects.filter(budget__in=budgets).figures_by_budget()
    page = paginate(request, _entries().filter(entered_by=request.user))
    context = {
        "available": [(b, figures.get(b.pk, Figures()).available) for b in budgets],
        "page": page,
        "rows": _rows(page.object_list),
    }
    return render(request, _page_or_list(request, "budgets/my_entries.html", "entries"), context)


# --- Coordinator ---------------------------------------------------------------------------------


@login_required
@permission_required("budgets.approve_expense", raise_exception=True)
def approval_list(request: AuthenticatedRequest) -> HttpResponse:
    return _approval_page(request)


def _approval_page(
    request: AuthenticatedRequest, refused: LedgerEntry | None = None, form: Any = None
) -> HttpResponse:
    """The expenses awaiting approval; after a refused refusal, her reason back at its entry."""
    # Read along the partial index of entries that need approval (entry_needs_approval).
    waiting = _entries().pending().order_by("entered_at", "pk")
    context = {
        "page": paginate(request, waiting),
        "refused_pk": refused.pk if refused else None,
        "form": form,
    }
    return render(request, _page_or_list(request, "budgets/approval_list.html", "waiting"), context)


def _decide(request: AuthenticatedRequest, pk: int, *, approved: bool) -> HttpResponse:
    entry = get_entry_for(request.user, pk, action="approve")
    note, form = "", None
    if not approved:
        form = RefuseForm(request.POST)
        if not form.is_valid():
            return _approval_page(request, entry, form)
        note = form.cleaned_data["note"]
    try:
        services.decide_expense(entry=entry, approved=approved, note=note, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if form is not None:  # her reason stays at the entry (gone if it was decided since)
            return _approval_page(request, entry, form)
    else:
        done = _("goedgekeurd") if approved else _("afgewezen")
        messages.success(
            request,
            _("Uitgave van %(amount)s %(done)s.") % {"amount": euro(entry.amount), "done": done},
        )
    return redirect("budgets:approval_list")


@login_required
@require_POST
def entry_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approved=True)


@login_required
@require_POST
def entry_refuse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approved=False)


@login_required
def entry_reverse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_entry_for(request.user, pk, action="reverse")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reverse_entry(
                entry=entry,
                reason=form.cleaned_data["reason"],
                submission_key=used_key(request),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Boeking van %(amount)s teruggedraaid.") % {"amount": euro(entry.amount)}
            )
            return redirect("budgets:budget_detail", pk=entry.budget_id)
    return render(request, "budgets/entry_reverse.html", {"form": form, "entry": entry})


@login_required
def entry_receipt(request: AuthenticatedRequest, pk: int) -> FileResponse:
    entry = get_entry_for(request.user, pk, action="receipt")
    if not entry.receipt:
        raise Http404
    suffix = entry.receipt.name.rsplit(".", 1)[-1]
    try:
        receipt = entry.receipt.open("rb")
    except FileNotFoundError:  # e.g. a database restored without its files
        raise Http404 from None
    return FileResponse(receipt, as_attachment=True, filename=f"bon-{entry.pk}.{suffix}")


# --- Budgets (coordinator and beheerder) ---------------------------------------------------------


@login_required
@permission_required("budgets.view_budget", raise_exception=True)
def budget_list(request: AuthenticatedRequest) -> HttpResponse:
    budgets = list(Budget.objects.visible_to(request.user).select_related("organisation"))
    figures = LedgerEntry.objects.filter(budget__in=budgets).figures_by_budget()
    rows = [(budget, figures.get(budget.pk, Figures())) for budget in budgets]
    return render(request, "budgets/budget_list.html", {"rows": rows})


@login_required
@permission_required("budgets.view_budget", raise_exception=True)
def budget_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Figures and grants for all who see the budget; spending per category and client, and every
    entry, only for the coordinator (view_spending)."""
    budget = get_budget_for(request.user, pk, action="view")
    figures = LedgerEntry.objects.filter(budget=budget).figures_by_budget().get(pk, Figures())
    entries = _entries().filter(budget=budget)
    sees_spending = request.user.has_perm("budgets.view_spending")
    if not sees_spending:
        entries = entries.filter(Q(kind=Kind.GRANT) | Q(reverses__kind=Kind.GRANT))
    page = paginate(request, entries)
    context = {
        "budget": budget,
        "figures": figures,
        "page": page,
        "rows": _rows(page.object_list),
        "sees_spending": sees_spending,
    }
    if request.htmx:
        return render(request, "budgets/budget_detail.html#entries", context)
    if sees_spending:
        context.update(spending_breakdown(budget))
    return render(request, "budgets/budget_detail.html", context)


# The budget page lists the clients with the most spending, at most this many (the export and
# the entries below have every booking).
CLIENTS_SHOWN = 50


def spending_breakdown(budget: Budget) -> dict[str, Any]:
    """Counted spending per category and per client, reversals netted, summed in the database
    (two grouped queries, whatever the length of the ledger)."""
    signed = (
        LedgerEntry.objects.filter(budget=budget)
        .counted()
        .exclude(kind=Kind.GRANT)
        .exclude(reverses__kind=Kind.GRANT)
        .with_signed_amount()
        .order_by()
    )
    # The stubs cannot see the fields with_signed_amount() annotates.
    per_category = dict(
        signed.values("spent_category")  # type: ignore[misc]
        .annotate(spent=-Sum("signed"))
        .values_list("spent_category", "spent")
    )
    per_client = (
        signed.annotate(
            spent_code=Coalesce("client__code", "reverses__client__code"),
            spent_name=Coalesce("client__call_name", "reverses__client__call_name"),
        )
        .values("spent_code", "spent_name")
        .annotate(spent=-Sum("signed"))
        .exclude(spent=0)
        .order_by("-spent", "spent_code")
        .values_list("spent_code", "spent_name", "spent")[:CLIENTS_SHOWN]
    )
    labels = dict(Category.choices)
    return {
        "by_category": [(labels[c], per_category[c]) for c in labels if per_category.get(c)],
        "by_client": [((code, name), amount) for code, name, amount in per_client],
        "clients_shown": CLIENTS_SHOWN,
    }


@login_required
def grant_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    budget = get_budget_for(request.user, pk, action="grant")
    form = GrantForm(request.POST or None, initial={"booked_on": budget.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_grant(
                budget=budget,
                by=request.user,
                submission_key=used_key(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Toekenning van %(amount)s geboekt.")
                % {"amount": euro(form.cleaned_data["amount"])},
            )
            return redirect("budgets:budget_detail", pk=budget.pk)
    return render(request, "budgets/grant_form.html", {"form": form, "budget": budget})
