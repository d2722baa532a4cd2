"""Budgets: the pots, their append-only ledger, approvals of large expenses, and subsidy lines."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from stapteam.models import Client, Organisation
from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, PLANNED, floor_constraints, period_constraint
from stapteam.platform.roles import Role, has_role

if TYPE_CHECKING:
    from stapteam.models import User

ZERO = Decimal("0.00")
# How long after a budget ends its casemanagers may still book receipts dated within it.
LATE_RECEIPT_DAYS = 60


class BudgetQuerySet(models.QuerySet["Budget"]):
    def visible_to(self, user: User) -> BudgetQuerySet:
        """Budgets whose balance `user` may see: all for coordinator and beheerder; a casemanager
        the budgets her organisation may spend from."""
        if user.has_perm("budgets.view_budget"):
            return self.all()
        if has_role(user, Role.CASEMANAGER) and user.organisation_id:
            return self.filter(spending_organisations=user.organisation_id).distinct()
        return self.none()

    def usable_by(self, user: User, on: datetime.date) -> BudgetQuerySet:
        """Budgets `user` may record an expense from on day `on`: those running, and those ended
        less than LATE_RECEIPT_DAYS ago (a December receipt booked in January)."""
        if not user.has_perm("budgets.record_expense"):
            return self.none()
        mine = self.all() if has_role(user, Role.COORDINATOR) else self.visible_to(user)
        late = on - datetime.timedelta(days=LATE_RECEIPT_DAYS)
        return mine.filter(starts_on__lte=on, ends_on__gte=late)


class Budget(models.Model):
    """A pot of money for one period, e.g. Flexbudget STAP-team 2024."""

    name = models.CharField(_("naam"), max_length=120)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="managed_budgets",
        verbose_name=_("beherende organisatie"),
    )
    spending_organisations = models.ManyToManyField(
        Organisation,
        related_name="spendable_budgets",
        verbose_name=_("casemanagers van deze organisaties mogen besteden"),
    )
    starts_on = models.DateField(_("begint op"), validators=[PLANNED])
    ends_on = models.DateField(_("eindigt op"), validators=[PLANNED])
    approval_threshold = models.DecimalField(
        _("goedkeuring nodig boven"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(ZERO)],
        help_text=_("Uitgaven boven dit bedrag tellen pas na goedkeuring door de coördinator."),
    )

    # The ledger's sums, kept on the row by budgets/services.py in the transaction of each booking
    # (under the budget's row lock), so a booking's check does not grow with the ledger.
    # `reconcile_budgets` compares them with balance() and pending(). The ledger is their history.
    kept_balance = models.DecimalField(
        _("saldo"), max_digits=12, decimal_places=2, default=ZERO, editable=False
    )
    kept_pending = models.DecimalField(
        _("wacht op goedkeuring"), max_digits=12, decimal_places=2, default=ZERO, editable=False
    )

    history = history_records(
        m2m_fields=[spending_organisations], excluded_fields=["kept_balance", "kept_pending"]
    )

    objects: ClassVar[BudgetQuerySet] = BudgetQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        permissions = [
            ("record_expense", _("Uitgaven boeken")),
            ("record_grant", _("Toekenningen boeken")),
            ("approve_expense", _("Uitgaven boven de drempel goedkeuren")),
            ("reverse_entry", _("Boekingen terugdraaien")),
            ("view_spending", _("Besteding per categorie en cliënt bekijken")),
            ("view_budget_report", _("Budgetrapportage bekijken en exporteren")),
        ]
        constraints = [
            *floor_constraints("budget", PLANNED, "starts_on", "ends_on"),
            period_constraint("budget", "starts_on", "ends_on"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="budget_ends_after_start",
                violation_error_message=_("De einddatum ligt op of na de begindatum."),
            ),
            models.CheckConstraint(
                condition=Q(approval_threshold__gte=0),
                name="budget_threshold_not_negative",
                violation_error_message=_("De goedkeuringsdrempel is nul of meer."),
            ),
            models.CheckConstraint(
                condition=Q(kept_balance__gte=F("kept_pending"), kept_pending__gte=0),
                name="budget_kept_balance_covers_pending",
                violation_error_message=_(
                    "Het saldo van een budget is nooit lager dan wat op goedkeuring wacht."
                ),
            ),
            models.UniqueConstraint(
                fields=["name", "starts_on"],
                name="budget_name_unique_per_start",
                violation_error_message=_(
                    "Er is al een budget met deze naam dat op die dag begint; kies een andere naam."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def balance(self) -> Decimal:
        """Sum of the counted entries (grants in, expenses out, reversals undo)."""
        return LedgerEntry.objects.filter(budget=self).counted().total()

    @property
    def kept_available(self) -> Decimal:
        """What can still be spent, from the kept sums (read them under the row lock)."""
        return self.kept_balance - self.kept_pending

    def pending(self) -> Decimal:
        """Expenses waiting for approval: not counted yet, but already promised."""
        return (
            LedgerEntry.objects.filter(budget=self)
            .pending()
            .aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
        )


@dataclass(frozen=True)
class Figures:
    granted: Decimal = ZERO
    spent: Decimal = ZERO
    balance: Decimal = ZERO
    pending: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        """What can still be spent: the balance less what waits for approval."""
        return self.balance - self.pending


class Category(models.TextChoices):
    CLOTHING = "clothing", _("Kleding")
    FOOD = "food", _("Voeding")
    BEDDING = "bedding", _("Slaapzak/beddengoed")
    TRANSPORT = "transport", _("Vervoer")
    DOCUMENTS = "documents", _("Documenten/ID")
    PHONE = "phone", _("Telefoon")
    ACTIVITY = "activity", _("Activiteit")
    OTHER = "other", _("Overig")


class EntryQuerySet(models.QuerySet["LedgerEntry"]):
    def _approved(self) -> Exists:
        return Exists(Approval.objects.filter(entry=OuterRef("pk"), approved=True))

    def counted(self) -> EntryQuerySet:
        """Entries that count for the balance: all but expenses still waiting or refused."""
        return self.filter(
            ~Q(kind=LedgerEntry.Kind.EXPENSE) | Q(needs_approval=False) | Q(self._approved())
        )

    def pending(self) -> EntryQuerySet:
        """Expenses above the threshold without a decision yet."""
        return self.filter(
            kind=LedgerEntry.Kind.EXPENSE, needs_approval=True, approval__isnull=True
        )

    def with_signed_amount(self) -> EntryQuerySet:
        """Annotate `signed`: plus for money in, minus for money out; a reversal undoes."""
        kind = LedgerEntry.Kind
        return self.annotate(
            signed=Case(
                When(kind=kind.GRANT, then=F("amount")),
                When(kind=kind.EXPENSE, then=-F("amount")),
                When(reverses__kind=kind.GRANT, then=-F("amount")),
                default=F("amount"),
                output_field=models.DecimalField(max_digits=12, decimal_places=2),
            ),
            # The category an amount belongs to: a reversal takes that of the entry it undoes.
            spent_category=Coalesce(NullIf("category", Value("")), "reverses__category", Value("")),
        )

    def total(self) -> Decimal:
        return self.with_signed_amount().aggregate(total=Coalesce(Sum("signed"), ZERO))["total"]

    def figures_by_budget(self) -> dict[int, Figures]:
        """Granted, spent, balance and pending per budget id, in one grouped query."""
        kind = LedgerEntry.Kind
        counted = ~Q(kind=kind.EXPENSE) | Q(needs_approval=False) | Q(approval__approved=True)
        rows = (
            self.with_signed_amount()
            .order_by()
            .values("budget")
            .annotate(
                granted=Sum("signed", filter=Q(kind=kind.GRANT) | Q(reverses__kind=kind.GRANT)),
                spent=Sum(
                    -F("signed"),
                    filter=counted & (Q(kind=kind.EXPENSE) | Q(reverses__kind=kind.EXPENSE)),
                ),
                balance=Sum("signed", filter=counted),
                pending=Sum(
                    "amount",
                    filter=Q(kind=kind.EXPENSE, needs_approval=True, approval__isnull=True),
                ),
            )
        )
        return {
            row["budget"]: Figures(
                *(row[name] or ZERO for name in ("granted", "spent", "balance", "pending"))
            )
            for row in rows
        }

    def visible_to(self, user: User) -> EntryQuerySet:
        """Entries `user` may see one by one: all for the coordinator, her own for a casemanager."""
        if user.has_perm("budgets.view_spending"):
            return self.all()
        if user.has_perm("budgets.record_expense"):
            return self.filter(entered_by=user)
        return self.none()


RECEIPT_SUFFIXES = frozenset({"jpg", "png", "pdf", "webp", "heic"})


def receipt_path(entry: LedgerEntry, filename: str) -> str:
    """A random name; of the given name only a known type survives (the form names it)."""
    suffix = filename.rsplit(".", 1)[-1].lower()
    if suffix not in RECEIPT_SUFFIXES:
        suffix = "bin"
    return f"receipts/{entry.booked_on:%Y}/{uuid.uuid4().hex}.{suffix}"


class LedgerEntry(models.Model):
    """One booking. The database refuses UPDATE and DELETE: corrections are reversals."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Toekenning")
        EXPENSE = "expense", _("Uitgave")
        REVERSAL = "reversal", _("Terugboeking")

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="entries", verbose_name=_("budget")
    )
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100000"))],
    )
    booked_on = models.DateField(_("datum"), validators=[HAPPENED])
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_entries",
        verbose_name=_("cliënt"),
    )
    category = models.CharField(_("categorie"), max_length=10, choices=Category.choices, blank=True)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    receipt = models.FileField(_("bon"), upload_to=receipt_path, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("draait terug"),
    )
    needs_approval = models.BooleanField(_("goedkeuring nodig"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geboekt door"),
    )
    entered_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)
    # The key of the form that sent it: a second click or a retry finds the first entry.
    submission_key = models.UUIDField(
        _("formuliersleutel"), null=True, blank=True, unique=True, editable=False
    )

    history = history_records()

    objects: ClassVar[EntryQuerySet] = EntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-booked_on", "-pk"]
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        indexes = [
            # A budget's entries, newest first (the budget page), and her own (mijn uitgaven).
            models.Index(fields=["budget", "-booked_on", "-id"], name="entry_budget_recent"),
            models.Index(fields=["entered_by", "-booked_on", "-id"], name="entry_author_recent"),
            # The approval queue, oldest first: only expenses above the threshold.
            models.Index(
                fields=["entered_at", "id"],
                name="entry_needs_approval",
                condition=Q(kind="expense", needs_approval=True),
            ),
        ]
        constraints = [
            *floor_constraints("ledger_entry", HAPPENED, "booked_on"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["grant", "expense", "reversal"]), name="entry_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | ~Q(kind="reversal") & Q(reverses__isnull=True),
                name="entry_reversal_points_at_entry",
            ),
            models.CheckConstraint(
                condition=~Q(kind="expense") | Q(client__isnull=False) & ~Q(category=""),
                name="entry_expense_has_client_and_category",
            ),
            models.CheckConstraint(
                condition=Q(kind="expense") | Q(category="", needs_approval=False),
                name="entry_only_expenses_have_category",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reversal") | ~Q(description=""),
                name="entry_reversal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.booked_on:%d-%m-%Y}"

    @property
    def adds_money(self) -> bool:
        """The direction of the line: a grant adds, an expense takes; a reversal does the
        opposite of what it undoes (money back for an expense). As `signed` in the database."""
        if self.kind == self.Kind.REVERSAL:
            return self.reverses is not None and self.reverses.kind == self.Kind.EXPENSE
        return self.kind == self.Kind.GRANT


class Approval(models.Model):
    """The coordinator's decision on an expense above the threshold. Append-only, one per entry."""

    entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, related_name="approval", verbose_name=_("boeking")
    )
    approved = models.BooleanField(_("goedgekeurd"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), auto_now_add=True)

    history = history_records()

    class Meta:
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved=True) | ~Q(note=""), name="approval_refusal_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {'✓' if self.approved else '✗'}"


class SubsidyLine(models.Model):
    """What the municipality granted an organisation for one year, e.g. casemanagement hours."""

    class Kind(models.TextChoices):
        CASEMANAGEMENT = "casemanagement", _("Casemanagement")
        PEER_WORK = "peer_work", _("Ervaringsdeskundige")
        COORDINATION = "coordination", _("Expert- en coördinatierol")
        OTHER = "other", _("Overig")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="subsidy_lines",
        verbose_name=_("organisatie"),
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("soort"), max_length=14, choices=Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=160)
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    granted = models.DecimalField(
        _("toegekend"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    realised = models.DecimalField(
        _("gerealiseerd"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Leeg zolang STAP het niet weet."),
    )

    history = history_records()

    class Meta:
        ordering = ["year", "organisation__name", "kind"]
        verbose_name = _("subsidieregel")
        verbose_name_plural = _("subsidieregels")
        constraints = [
            models.CheckConstraint(
                condition=Q(granted__gte=0), name="subsidy_granted_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(realised__isnull=True) | Q(realised__gte=0),
                name="subsidy_realised_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=0),
                name="subsidy_hours_not_negative",
                violation_error_message=_("Het aantal uren per week is 0 of meer."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "description"], name="subsidy_line_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.description}"
