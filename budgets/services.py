"""Writes of budgets: grants, expenses, approvals and reversals, each under a lock on the budget.

Every write takes `SELECT … FOR UPDATE` on the budget row first, so bookings on one budget happen
one after the other and the balance they check is the balance they leave behind. Each write also
moves the budget's kept balance and pending total (Budget.kept_balance, kept_pending) in the same
transaction, so a check reads one row instead of summing the whole ledger.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import notifications
from budgets.models import ZERO, Approval, Budget, LedgerEntry
from stapteam.models import Client, User
from stapteam.platform.actor import acts_as_by
from stapteam.platform.formats import euro
from stapteam.platform.roles import spends_without_approval

Kind = LedgerEntry.Kind


def _locked(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().get(pk=budget.pk)


def _move(budget: Budget, *, balance: Decimal = ZERO, pending: Decimal = ZERO) -> None:
    """Keep the budget's sums in step with the entry just booked (caller holds the row lock).

    A queryset update: the kept sums are no history of their own, the ledger is."""
    Budget.objects.filter(pk=budget.pk).update(
        kept_balance=F("kept_balance") + balance, kept_pending=F("kept_pending") + pending
    )
    budget.kept_balance += balance
    budget.kept_pending += pending


def _check_amount(amount: Decimal) -> None:
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Vul een positief bedrag in met hoogstens twee decimalen."))


def _check_date(budget: Budget, booked_on: datetime.date) -> None:
    if booked_on > timezone.localdate():
        raise ValidationError(_("De datum mag niet in de toekomst liggen."))
    if not budget.starts_on <= booked_on <= budget.ends_on:
        raise ValidationError(
            _("Kies een datum binnen de looptijd van %(budget)s (%(start)s t/m %(end)s).")
            % {
                "budget": budget,
                "start": f"{budget.starts_on:%d-%m-%Y}",
                "end": f"{budget.ends_on:%d-%m-%Y}",
            }
        )


class AlreadyBooked(ValidationError):
    """The form was sent before and booked, but now says something else: book nothing."""


def _earlier(key: uuid.UUID | None, **same: Any) -> LedgerEntry | None:
    """The entry this form already booked (a second click, a retry), if it is the same booking.

    `same` names the fields that make it the same booking; the key alone is not enough, since the
    form may have been changed before it was sent again (a lost answer, then a correction).
    """
    if key is None:
        return None
    # Another user's key (only by tampering) finds nothing here and fails on insert in _book.
    earlier = LedgerEntry.objects.filter(submission_key=key, entered_by=same["entered_by"]).first()
    if earlier is None:
        return None
    if any(getattr(earlier, name) != value for name, value in same.items()):
        raise AlreadyBooked(
            _(
                "Dit formulier was al verstuurd en geboekt (%(amount)s op %(day)s). Er is niets "
                "nieuws geboekt. Kijk bij je uitgaven; is dit een nieuwe boeking, verstuur het "
                "formulier dan opnieuw."
            )
            % {"amount": euro(earlier.amount), "day": f"{earlier.booked_on:%d-%m-%Y}"}
        )
    return earlier


def _book(key: uuid.UUID | None, **fields: Any) -> LedgerEntry:
    """Insert the entry; a key that was used elsewhere in the meantime books nothing."""
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(submission_key=key, **fields)
    except IntegrityError:
        if key is None or not LedgerEntry.objects.filter(submission_key=key).exists():
            raise
        raise AlreadyBooked(_("Dit formulier is al gebruikt. Verstuur het opnieuw.")) from None


@acts_as_by
@transaction.atomic
def record_grant(
    *,
    budget: Budget,
    amount: Decimal,
    booked_on: datetime.date,
    description: str,
    by: User,
    submission_key: uuid.UUID | None = None,
) -> LedgerEntry:
    budget = _locked(budget)
    same = {"entered_by": by, "kind": Kind.GRANT, "budget": budget, "amount": amount}
    if earlier := _earlier(submission_key, **same):
        return earlier
    _check_amount(amount)
    _check_date(budget, booked_on)
    entry = _book(
        submission_key,
        budget=budget,
        kind=Kind.GRANT,
        amount=amount,
        booked_on=booked_on,
        description=description.strip(),
        entered_by=by,
    )
    _move(budget, balance=amount)
    return entry


@acts_as_by
@transaction.atomic
def record_expense(
    *,
    budget: Budget,
    amount: Decimal,
    booked_on: datetime.date,
    client: Client,
    category: str,
    by: User,
    description: str = "",
    receipt: Any = None,
    submission_key: uuid.UUID | None = None,
) -> LedgerEntry:
    """An expense; above the threshold it waits for the coordinator (unless she books it)."""
    budget = _locked(budget)
    same = {
        "entered_by": by,
        "kind": Kind.EXPENSE,
        "budget": budget,
        "amount": amount,
        "client": client,
        "category": category,
    }
    if earlier := _earlier(submission_key, **same):
        return earlier
    _check_amount(amount)
    _check_date(budget, booked_on)
    available = budget.kept_available
    if amount > available:
        raise ValidationError(
            _(
                "Deze uitgave van %(amount)s past niet: in %(budget)s is nog %(available)s "
                "beschikbaar."
            )
            % {
                "amount": euro(amount),
                "budget": budget,
                "available": euro(max(available, Decimal("0.00"))),
            }
        )
    needs_approval = amount > budget.approval_threshold and not spends_without_approval(by)
    entry = _book(
        submission_key,
        budget=budget,
        kind=Kind.EXPENSE,
        amount=amount,
        booked_on=booked_on,
        client=client,
        category=category,
        description=description.strip(),
        receipt=receipt or "",
        needs_approval=needs_approval,
        entered_by=by,
    )
    if needs_approval:
        _move(budget, pending=amount)
    else:
        _move(budget, balance=-amount)
    notifications.waiting_for_approval(entry)
    return entry


@acts_as_by
@transaction.atomic
def decide_expense(*, entry: LedgerEntry, approved: bool, by: User, note: str = "") -> Approval:
    """The coordinator approves (it counts from now) or refuses (it never counts)."""
    budget = _locked(entry.budget)
    if not LedgerEntry.objects.pending().filter(pk=entry.pk).exists():
        raise ValidationError(_("Over deze uitgave is al besloten."))
    if entry.entered_by_id == by.pk:
        raise ValidationError(_("Een eigen uitgave keur je niet zelf goed."))
    if not approved and not note.strip():
        raise ValidationError(_("Geef een reden bij afwijzen."))
    balance = budget.kept_balance
    if approved and entry.amount > balance:
        raise ValidationError(_("Onvoldoende saldo: er is nog %(b)s.") % {"b": euro(balance)})
    approval = Approval.objects.create(
        entry=entry, approved=approved, note=note.strip(), decided_by=by
    )
    _move(budget, balance=-entry.amount if approved else ZERO, pending=-entry.amount)
    notifications.decided(entry)
    return approval


@acts_as_by
@transaction.atomic
def reverse_entry(
    *, entry: LedgerEntry, reason: str, by: User, submission_key: uuid.UUID | None = None
) -> LedgerEntry:
    """Undo a counted grant or expense with a new entry; each entry can be undone once."""
    budget = _locked(entry.budget)
    same = {"entered_by": by, "kind": Kind.REVERSAL, "reverses": entry}
    if earlier := _earlier(submission_key, **same):
        return earlier
    if not reason.strip():
        raise ValidationError(_("Geef de reden van de terugboeking."))
    if entry.kind == Kind.REVERSAL:
        raise ValidationError(_("Een terugboeking draai je niet terug; boek opnieuw."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Deze boeking is al teruggedraaid."))
    if not LedgerEntry.objects.counted().filter(pk=entry.pk).exists():
        raise ValidationError(
            _("Deze uitgave telt (nog) niet mee; keur haar goed of af in plaats van terugdraaien.")
        )
    # Undoing a grant may not take away money already spent or promised to waiting expenses.
    available = budget.kept_available
    if entry.kind == Kind.GRANT and entry.amount > available:
        raise ValidationError(
            _(
                "Terugdraaien van deze toekenning maakt het saldo negatief (beschikbaar "
                "%(available)s)."
            )
            % {"available": euro(available)}
        )
    reversal = _book(
        submission_key,
        budget=budget,
        kind=Kind.REVERSAL,
        amount=entry.amount,
        booked_on=timezone.localdate(),
        reverses=entry,
        description=reason.strip(),
        entered_by=by,
    )
    _move(budget, balance=-entry.amount if entry.kind == Kind.GRANT else entry.amount)
    return reversal
