"""The budget pages as people use them: booking, approving, reversing, granting, receipts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from budgets import services
from budgets.models import Budget, LedgerEntry
from stapteam.models import Organisation
from stapteam.platform.pagination import PER_PAGE
from tests.budgets.conftest import expense, make_budget
from tests.factories import ClientFactory
from tests.keys import new_key

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXPENSE_URL = reverse("budgets:expense_create")


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def budget(fenna_functional_admin: Any) -> Budget:
    return make_budget(by=fenna_functional_admin)


@pytest.fixture
def her(anna_casemanager: Any) -> Any:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


def form_data(pot: Budget, woman: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "budget": pot.pk,
        "amount": "12,50",
        "category": "food",
        "client": woman.pk,
        "booked_on": timezone.localdate().isoformat(),
        "description": "Boodschappen",
        "submission_key": new_key(),
        **overrides,
    }


def text_of(response: Any) -> str:
    return response.content.decode()


# --- Recording an expense ---------------------------------------------------------------------


def test_casemanager_records_expense_with_receipt_photo(client, anna_casemanager, budget, her):
    client.force_login(anna_casemanager)
    photo = SimpleUploadedFile("IMG_Roos_Jansen.jpg", JPEG, content_type="image/jpeg")
    response = client.post(EXPENSE_URL, form_data(budget, her, receipt=photo), follow=True)
    assert response.redirect_chain[-1][0] == reverse("budgets:my_entries")
    assert f"Uitgave van €\xa012,50 geboekt voor {her.code}." in text_of(response)
    entry = LedgerEntry.objects.get(kind="expense")
    assert (entry.amount, entry.client, entry.entered_by) == (
        Decimal("12.50"),
        her,
        anna_casemanager,
    )
    assert entry.receipt.name.startswith(f"receipts/{timezone.localdate():%Y}/")
    assert "Roos" not in entry.receipt.name and entry.receipt.name.endswith(".jpg")
    assert budget.balance() == Decimal("987.50")


def test_form_sent_twice_books_once(client, anna_casemanager, budget, her):
    client.force_login(anna_casemanager)
    data = form_data(budget, her)
    first = client.post(EXPENSE_URL, data)
    again = client.post(EXPENSE_URL, data, follow=True)
    assert again.redirect_chain[-1][0] == first["Location"] == reverse("budgets:my_entries")
    assert "Dit was al verwerkt" in text_of(again)
    assert LedgerEntry.objects.filter(kind="expense").count() == 1


def test_expense_without_its_key_is_refused_and_books_nothing(
    plain_client, anna_casemanager, budget, her
):
    """Issue 12: posted without its key, an expense was booked again each time."""
    plain_client.force_login(anna_casemanager)
    data = {k: v for k, v in form_data(budget, her).items() if k != "submission_key"}
    for _attempt in range(2):
        response = plain_client.post(EXPENSE_URL, data)
        assert response.status_code == 400
        assert "Dit formulier is al verstuurd of verlopen" in text_of(response)
    assert not LedgerEntry.objects.filter(kind="expense").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "abc"}, "Vul een bedrag in, bijvoorbeeld 12,50."),
        ({"amount": "-5"}, "Vul een bedrag in groter dan nul."),
        ({"amount": "0"}, "Vul een bedrag in groter dan nul."),
        ({"amount": "1,005"}, "Vul hoogstens twee cijfers achter de komma in."),
        ({"amount": "99999999"}, "Boek hoogstens € 10.000 per keer."),
        ({"amount": "2000"}, "past niet"),
        ({"amount": "<script>alert(1)</script>"}, "Vul een bedrag in"),
        ({"category": "casino"}, "Kies waarvoor."),
        (
            {"booked_on": "2999-01-01"},
            "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag.",
        ),
        ({"booked_on": "2001-01-01"}, "binnen de looptijd"),
        ({"booked_on": "gisteren"}, "Vul de datum in als dd-mm-jjjj."),
        ({"client": "999999"}, "Kies een cliënt uit de lijst."),
        ({"budget": "999999"}, "Kies een budget."),
        ({"description": "x" * 301}, "300"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_books_nothing(
    client, anna_casemanager, budget, her, overrides, message
):
    client.force_login(anna_casemanager)
    response = client.post(EXPENSE_URL, form_data(budget, her, **overrides))
    assert response.status_code == 200
    assert message in text_of(response)
    assert "<script>alert(1)</script>" not in text_of(response)
    assert not LedgerEntry.objects.filter(kind="expense").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bon.html", b"<html><script>alert(1)</script>", "Kies een foto"),
        ("bon.jpg", b"MZ\x90\x00 not a photo", "Kies een foto"),
        ("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "Kies een bon van hoogstens 10 MB"),
    ],
)
def test_wrong_or_oversized_receipt_is_refused(
    client, anna_casemanager, budget, her, name, content, message
):
    client.force_login(anna_casemanager)
    upload = SimpleUploadedFile(name, content)
    response = client.post(EXPENSE_URL, form_data(budget, her, receipt=upload))
    assert message in text_of(response)
    assert not LedgerEntry.objects.filter(kind="expense").exists()


def test_colleagues_client_and_other_organisations_budget_cannot_be_chosen(
    client, anna_casemanager, bram_casemanager_ldh, budget, fenna_functional_admin
):
    ldh_only = make_budget(name="Doorbraakbudget LdH", by=fenna_functional_admin)
    ldh_only.spending_organisations.set([Organisation.objects.get(name="Leger des Heils")])
    hers_not = ClientFactory.create(casemanager=bram_casemanager_ldh)
    client.force_login(anna_casemanager)
    page = text_of(client.get(EXPENSE_URL))
    assert "Doorbraakbudget LdH" not in page and hers_not.code not in page
    for data in (form_data(budget, hers_not), form_data(ldh_only, hers_not)):
        assert client.post(EXPENSE_URL, data).status_code == 200
    assert not LedgerEntry.objects.filter(kind="expense").exists()


def test_without_a_running_budget_the_page_says_so(client, anna_casemanager, her):
    client.force_login(anna_casemanager)
    assert "Er is nu geen budget waaruit je kunt boeken." in text_of(client.get(EXPENSE_URL))


# --- Approvals ----------------------------------------------------------------------------------


def test_coordinator_approves_expense_above_threshold(
    client, anna_casemanager, carla_coordinator, budget, her
):
    entry = expense(budget, "150.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    queue = text_of(client.get(reverse("budgets:approval_list")))
    assert "€\xa0150,00" in queue and her.code in queue
    client.post(reverse("budgets:entry_approve", args=[entry.pk]))
    assert budget.balance() == Decimal("850.00")
    assert "Er wachten geen uitgaven" in text_of(client.get(reverse("budgets:approval_list")))


def test_refusing_needs_a_reason(client, anna_casemanager, carla_coordinator, budget, her):
    entry = expense(budget, "150.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    response = client.post(reverse("budgets:entry_refuse", args=[entry.pk]), follow=True)
    assert "Geef een reden bij afwijzen." in text_of(response)
    assert LedgerEntry.objects.pending().count() == 1
    client.post(reverse("budgets:entry_refuse", args=[entry.pk]), {"note": "Eerst overleggen"})
    assert entry.approval.note == "Eerst overleggen" and not entry.approval.approved
    assert budget.balance() == Decimal("1000.00")


@pytest.mark.parametrize("name", ["entry_approve", "entry_refuse"])
def test_only_the_coordinator_decides(
    client, anna_casemanager, sanne_secretariat, budget, her, name
):
    entry = expense(budget, "150.00", by=anna_casemanager, client=her)
    for user in (anna_casemanager, sanne_secretariat):
        client.force_login(user)
        assert (
            client.post(reverse(f"budgets:{name}", args=[entry.pk]), {"note": "x"}).status_code
            == 403
        )
    assert client.get(reverse(f"budgets:{name}", args=[entry.pk])).status_code == 405
    assert LedgerEntry.objects.pending().count() == 1


# --- Reversals, grants, budget pages --------------------------------------------------------------


def test_coordinator_reverses_an_expense_once(
    client, anna_casemanager, carla_coordinator, budget, her
):
    entry = expense(budget, "20.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    url = reverse("budgets:entry_reverse", args=[entry.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Dubbel geboekt"})
    assert budget.balance() == Decimal("1000.00")
    again = client.post(url, {"reason": "Nog eens"})
    assert "al teruggedraaid" in text_of(again)
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1


def test_beheerder_books_a_grant_and_sees_no_spending(
    client, anna_casemanager, fenna_functional_admin, budget, her
):
    expense(budget, "20.00", by=anna_casemanager, client=her, description="Jas voor Roos")
    client.force_login(fenna_functional_admin)
    url = reverse("budgets:grant_create", args=[budget.pk])
    client.post(
        url,
        {"amount": "250", "booked_on": budget.starts_on.isoformat(), "description": "Aanvulling"},
    )
    assert budget.balance() == Decimal("1230.00")
    page = text_of(client.get(reverse("budgets:budget_detail", args=[budget.pk])))
    assert "Aanvulling" in page and "€\xa01.250,00" in page
    assert her.code not in page and "Roos" not in page


def test_coordinator_sees_spending_per_category_and_client(
    client, anna_casemanager, carla_coordinator, budget, her
):
    expense(budget, "20.00", by=anna_casemanager, client=her, category="clothing")
    reversed_one = expense(budget, "5.00", by=anna_casemanager, client=her, category="food")
    services.reverse_entry(entry=reversed_one, reason="Fout", by=carla_coordinator)
    client.force_login(carla_coordinator)
    response = client.get(reverse("budgets:budget_detail", args=[budget.pk]))
    assert [(label, str(amount)) for label, amount in response.context["by_category"]] == [
        ("Kleding", "20.00")
    ]
    assert response.context["by_client"] == [((her.code, "Roos"), Decimal("20.00"))]


def test_receipt_is_for_its_booker_and_the_coordinator_only(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, budget, her
):
    photo = SimpleUploadedFile("bon.jpg", JPEG)
    entry = expense(budget, "9.00", by=anna_casemanager, client=her, receipt=photo)
    url = reverse("budgets:entry_receipt", args=[entry.pk])
    for user, status in (
        (anna_casemanager, 200),
        (carla_coordinator, 200),
        (bram_casemanager_ldh, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"] == f'attachment; filename="bon-{entry.pk}.jpg"'
            assert b"".join(response.streaming_content) == JPEG


def test_expense_appears_on_the_client_timeline(client, anna_casemanager, budget, her):
    expense(budget, "150.00", by=anna_casemanager, client=her, category="bedding")
    client.force_login(anna_casemanager)
    page = text_of(client.get(reverse("stapteam:client_detail", args=[her.pk])))
    assert "€\xa0150,00 uit het flexbudget voor slaapzak/beddengoed" in page
    assert "(wacht op goedkeuring)" in page


# --- Fixed query counts --------------------------------------------------------------------------


def more_expenses(budget: Budget, by: Any, count: int = 8) -> None:
    for i in range(count):
        her = ClientFactory.create(casemanager=by)
        expense(budget, f"{i + 1}.00", by=by, client=her)
        expense(budget, "101.00", by=by, client=her)


@pytest.mark.parametrize(
    ("url_name", "who", "max_queries"),
    [
        ("budgets:my_entries", "anna", 13),  # 11, the count of the pages and the bell
        ("budgets:expense_create", "anna", 12),
        ("budgets:budget_list", "carla", 11),
        ("budgets:approval_list", "carla", 12),  # 11 and the count of the pages
    ],
)
def test_pages_keep_a_fixed_query_count(
    assert_fixed_queries,
    anna_casemanager,
    carla_coordinator,
    budget,
    her,
    url_name,
    who,
    max_queries,
):
    user = anna_casemanager if who == "anna" else carla_coordinator
    expense(budget, "1.00", by=anna_casemanager, client=her)
    expense(budget, "110.00", by=anna_casemanager, client=her)
    assert_fixed_queries(
        user,
        reverse(url_name),
        add_more=lambda: more_expenses(budget, anna_casemanager),
        max_queries=max_queries,
    )


def test_budget_detail_keeps_a_fixed_query_count(
    assert_fixed_queries, anna_casemanager, carla_coordinator, budget, her
):
    expense(budget, "1.00", by=anna_casemanager, client=her)
    assert_fixed_queries(
        carla_coordinator,
        reverse("budgets:budget_detail", args=[budget.pk]),
        add_more=lambda: more_expenses(budget, anna_casemanager),
        max_queries=16,  # 14, the count of the pages and the bell
    )


# --- Found in review ---------------------------------------------------------------------------


def test_form_sent_again_after_a_change_books_nothing(client, anna_casemanager, budget, her):
    """The answer to the first send was lost; she corrected the form and sent it again: that is
    no repeat, and nothing is booked; the page opened anew (a new key) books."""
    client.force_login(anna_casemanager)
    first = form_data(budget, her)
    client.post(EXPENSE_URL, first)
    changed = {**first, "amount": "45,00"}
    response = client.post(EXPENSE_URL, changed)
    assert response.status_code == 409
    assert "Dit formulier was al verstuurd en verwerkt, met andere gegevens" in text_of(response)
    assert LedgerEntry.objects.filter(kind="expense").count() == 1
    client.post(EXPENSE_URL, {**changed, "submission_key": new_key()})
    assert sorted(LedgerEntry.objects.values_list("amount", flat=True)) == [
        Decimal("12.50"),
        Decimal("45.00"),
        Decimal("1000.00"),
    ]


def test_someone_elses_key_books_nothing(
    client, plain_client, anna_casemanager, carla_coordinator, budget, her
):
    plain_client.force_login(carla_coordinator)
    key = new_key()
    data = form_data(budget, her, amount="77,00", submission_key=key)
    assert plain_client.post(EXPENSE_URL, data).status_code == 302
    client.force_login(anna_casemanager)
    response = client.post(EXPENSE_URL, form_data(budget, her, submission_key=key))
    assert response.status_code == 400
    assert "Dit formulier is al verstuurd of verlopen" in text_of(response)
    assert "€\xa077,00" not in text_of(response)
    assert LedgerEntry.objects.filter(kind="expense").count() == 1


def test_receipt_type_comes_from_its_content_not_its_name(client, anna_casemanager, budget, her):
    client.force_login(anna_casemanager)
    upload = SimpleUploadedFile("Roos_Jansen.html", b"%PDF-1.7 bon")
    client.post(EXPENSE_URL, form_data(budget, her, receipt=upload))
    name = LedgerEntry.objects.get(kind="expense").receipt.name
    assert name.endswith(".pdf") and "Roos" not in name and "html" not in name


def test_missing_receipt_file_is_not_found(client, anna_casemanager, budget, her, tmp_path):
    photo = SimpleUploadedFile("b.jpg", JPEG)
    entry = expense(budget, "9.00", by=anna_casemanager, client=her, receipt=photo)
    (tmp_path / entry.receipt.name).unlink()
    client.force_login(anna_casemanager)
    assert client.get(reverse("budgets:entry_receipt", args=[entry.pk])).status_code == 404


def test_receipt_of_last_month_can_be_booked_on_an_ended_budget(
    client, anna_casemanager, fenna_functional_admin, her
):
    today = timezone.localdate()
    ended = make_budget(
        name="Vorige periode",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today - datetime.timedelta(days=10),
        by=fenna_functional_admin,
    )
    client.force_login(anna_casemanager)
    assert "Vorige periode" in text_of(client.get(EXPENSE_URL))
    day = (today - datetime.timedelta(days=20)).isoformat()
    client.post(EXPENSE_URL, form_data(ended, her, booked_on=day))
    assert ended.entries.filter(kind="expense").count() == 1
    response = client.post(EXPENSE_URL, form_data(ended, her))
    assert "binnen de looptijd" in text_of(response)


# --- Every line with its direction; lists are pages --------------------------------------------


def directions(page: str) -> list[tuple[str, str]]:
    """(direction, what a screen reader hears) of every ledger amount on the page."""
    found = re.findall(
        r'data-direction="(in|out)"><span class="visually-hidden">(bij|af) </span>'
        r'<span aria-hidden="true">([+\u2212])\u00a0</span>(€\u00a0[\d.,]+)</span>',
        page,
    )
    return [(direction, f"{word} {sign} {money}") for direction, word, sign, money in found]


def test_every_ledger_line_shows_its_direction(
    client, anna_casemanager, carla_coordinator, fenna_functional_admin, budget, her
):
    spent = expense(budget, "12.50", by=anna_casemanager, client=her, category="food")
    services.reverse_entry(entry=spent, reason="Dubbel geboekt", by=carla_coordinator)
    extra = services.record_grant(
        budget=budget,
        amount=Decimal("40.00"),
        booked_on=budget.starts_on,
        description="Aanvulling",
        by=fenna_functional_admin,
    )
    services.reverse_entry(entry=extra, reason="Te veel toegekend", by=carla_coordinator)
    expense(budget, "5.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    page = text_of(client.get(reverse("budgets:budget_detail", args=[budget.pk])))
    # Newest first: the expense, the grant's reversal, the grant, the expense's reversal, ...
    assert sorted(directions(page)) == sorted(
        [
            ("out", "af \u2212 €\u00a05,00"),  # an expense
            ("out", "af \u2212 €\u00a040,00"),  # a grant taken back
            ("in", "bij + €\u00a040,00"),  # the grant
            ("in", "bij + €\u00a012,50"),  # money back: the expense reversed
            ("out", "af \u2212 €\u00a012,50"),  # the expense it reverses
            ("in", "bij + €\u00a01.000,00"),  # the first grant
        ]
    )
    assert "Terugboeking voeding" in page  # a reversal says what it undoes
    assert "€\u00a012,50 · Terugboeking" not in page  # never without its sign


def test_the_approval_list_shows_expenses_as_money_out(
    client, anna_casemanager, carla_coordinator, budget, her
):
    expense(budget, "145.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    page = text_of(client.get(reverse("budgets:approval_list")))
    assert directions(page) == [("out", "af \u2212 €\u00a0145,00")]


@pytest.fixture
def big_budget(fenna_functional_admin: Any) -> Budget:
    """Room for more than a page of expenses."""
    return make_budget(grant="50000.00", by=fenna_functional_admin)


def test_ledger_lists_are_pages(client, anna_casemanager, carla_coordinator, big_budget, her):
    budget = big_budget
    for i in range(PER_PAGE + 5):
        expense(budget, f"{i + 1}.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    url = reverse("budgets:budget_detail", args=[budget.pk])
    first = client.get(url)
    assert len(first.context["rows"]) == PER_PAGE
    assert "Pagina 1 van 2" in text_of(first)
    second = client.get(url, {"pagina": 2}, headers={"HX-Request": "true"})
    rows = second.context["rows"]
    assert len(rows) == 6  # five more expenses and the grant, the oldest line
    assert rows[-1][0].kind == LedgerEntry.Kind.GRANT
    assert "<html" not in text_of(second)  # htmx gets the list only
    shown = {row[0].pk for row in first.context["rows"]} | {row[0].pk for row in rows}
    assert len(shown) == LedgerEntry.objects.filter(budget=budget).count()

    client.force_login(anna_casemanager)
    mine = client.get(reverse("budgets:my_entries"), {"pagina": 2})
    assert len(mine.context["rows"]) == 5


def test_the_approval_list_is_a_page(client, anna_casemanager, carla_coordinator, big_budget, her):
    budget = big_budget
    for _ in range(PER_PAGE + 1):
        expense(budget, "101.00", by=anna_casemanager, client=her)
    client.force_login(carla_coordinator)
    first = client.get(reverse("budgets:approval_list"))
    assert len(first.context["page"]) == PER_PAGE
    oldest = LedgerEntry.objects.filter(kind="expense").order_by("entered_at", "pk").first()
    assert first.context["page"][0] == oldest  # the longest waiting first
    second = client.get(reverse("budgets:approval_list"), {"pagina": 2})
    assert len(second.context["page"]) == 1


@pytest.mark.parametrize(
    ("url_name", "who", "max_queries"),
    [
        ("budgets:my_entries", "anna", 13),
        ("budgets:approval_list", "carla", 12),
        ("budgets:budget_detail", "carla", 16),
    ],
)
def test_ledger_pages_keep_their_query_count_beyond_one_page(
    assert_fixed_queries,
    anna_casemanager,
    carla_coordinator,
    big_budget,
    her,
    url_name,
    who,
    max_queries,
):
    budget = big_budget
    user = anna_casemanager if who == "anna" else carla_coordinator
    expense(budget, "1.00", by=anna_casemanager, client=her)
    expense(budget, "110.00", by=anna_casemanager, client=her)
    url = reverse(url_name, args=[budget.pk] if url_name == "budgets:budget_detail" else [])
    assert_fixed_queries(
        user,
        url,
        add_more=lambda: more_expenses(budget, anna_casemanager, count=PER_PAGE // 2 + 5),
        max_queries=max_queries,
    )
