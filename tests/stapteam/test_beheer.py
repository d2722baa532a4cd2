"""STAP's own beheer pages: the index, the lists, editing with a reason, deleting what is unused,
and a tariff change that shows which stays it re-prices before it is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registrations import services as registration_services
from registrations.models import RefusalGround, RegistrationSettings
from stapteam.models import NetworkPartner, RetentionCategory
from stapteam.platform.beheer import BEHEER_KINDS
from stapteam.platform.navigation import nav_items_for
from tests.factories import ClientFactory, UserFactory
from tests.registrations.test_requests import application, named_regime  # noqa: F401
from tests.timeout.conftest import YEAR, day, make_beds, stay_on, year_settings
from timeout.models import Bed, YearSettings

pytestmark = pytest.mark.django_db


def edit_url(slug: str, pk: int) -> str:
    return reverse("stapteam:beheer_edit", args=[slug, pk])


def test_the_beheerder_opens_beheer_from_the_menu_and_sees_every_section(
    client, fenna_functional_admin
):
    urls = [item.url_name for item in nav_items_for(fenna_functional_admin)]
    assert "stapteam:beheer_index" in urls
    assert "admin:index" not in urls  # the Django admin is for the technical superuser only
    client.force_login(fenna_functional_admin)
    page = client.get(reverse("stapteam:beheer_index")).content.decode()
    for title in ["Jaarinstellingen en tarieven", "Bedden", "Regime en dagpassen", "Pasnummers"]:
        assert title in page
    for title in ["Brieven", "Bewaartermijnen", "Weigeringsgronden", "Netwerkpartners"]:
        assert title in page
    assert reverse("stapteam:user_list") in page
    assert reverse("admin:index") not in page


def test_only_the_superuser_sees_the_django_admin_link(client):
    superuser = UserFactory.create(is_superuser=True, is_staff=True, roles=[])
    assert "admin:index" in [item.url_name for item in nav_items_for(superuser)]


def test_other_roles_are_refused(client, carla_coordinator):
    client.force_login(carla_coordinator)
    assert client.get(reverse("stapteam:beheer_index")).status_code == 403
    assert client.get(reverse("stapteam:beheer_list", args=["bedden"])).status_code == 403
    assert client.get(reverse("stapteam:beheer_edit_single", args=["regime"])).status_code == 403


@pytest.mark.parametrize("slug", sorted(BEHEER_KINDS))
def test_every_kind_opens_for_the_beheerder(client, fenna_functional_admin, slug):
    client.force_login(fenna_functional_admin)
    kind = BEHEER_KINDS[slug]
    url = reverse("stapteam:beheer_list", args=[slug])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert str(kind.title) in response.content.decode()


def test_unknown_kind_and_record_are_404(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    assert client.get(reverse("stapteam:beheer_list", args=["bestaat-niet"])).status_code == 404
    assert client.get(edit_url("bedden", 999_999)).status_code == 404


def test_the_bed_list_paginates_with_a_fixed_number_of_queries(
    assert_fixed_queries, fenna_functional_admin
):
    make_beds(3)
    count = assert_fixed_queries(
        fenna_functional_admin,
        reverse("stapteam:beheer_list", args=["bedden"]),
        add_more=lambda: make_beds(60),
        max_queries=12,
    )
    assert count <= 11


def test_a_reference_item_is_added_and_edited_with_history(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("stapteam:beheer_create", args=["weigeringsgronden"]),
        {"name": "Geen zorgcontact", "is_active": "on"},
    )
    assert response.status_code == 302
    ground = RefusalGround.objects.get(name="Geen zorgcontact")
    client.post(edit_url("weigeringsgronden", ground.pk), {"name": "Geen zorgcontact bekend"})
    ground.refresh_from_db()
    assert ground.name == "Geen zorgcontact bekend"
    assert ground.is_active is False
    assert ground.history.first().history_user == fenna_functional_admin
    history = client.get(reverse("stapteam:beheer_history", args=["weigeringsgronden", ground.pk]))
    assert "Geen zorgcontact bekend" in history.content.decode()


def test_a_duplicate_name_is_refused_in_dutch_and_the_input_kept(client, fenna_functional_admin):
    NetworkPartner.objects.create(name="Wijkteam")
    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("stapteam:beheer_create", args=["netwerkpartners"]),
        {"name": "Wijkteam", "order": "abc"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "bestaat al" in page
    assert 'value="abc"' in page
    assert NetworkPartner.objects.filter(name="Wijkteam").count() == 1


def test_an_unused_item_is_deleted_after_confirmation(client, fenna_functional_admin):
    partner = NetworkPartner.objects.create(name="Eenmalig")
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_delete", args=["netwerkpartners", partner.pk])
    assert "Ja, verwijderen" in client.get(url).content.decode()
    assert NetworkPartner.objects.filter(pk=partner.pk).exists()  # asking deletes nothing
    client.post(url)
    assert not NetworkPartner.objects.filter(pk=partner.pk).exists()


def test_an_item_in_use_is_not_deleted_but_can_be_deactivated(client, fenna_functional_admin):
    bed = make_beds(1)[0]
    location = bed.location
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_delete", args=["locaties", location.pk])
    page = client.get(url).content.decode()
    assert "kan daarom niet worden verwijderd" in page
    assert "Ja, verwijderen" not in page
    response = client.post(url, follow=True)
    assert "wordt nog gebruikt" in response.content.decode()
    assert Bed.objects.filter(location=location).exists()
    bed_page = client.get(reverse("stapteam:beheer_delete", args=["bedden", bed.pk]))
    assert "Ja, verwijderen" in bed_page.content.decode()


def test_a_refusal_ground_named_in_a_decision_stays(
    client,
    fenna_functional_admin,
    application,  # noqa: F811 - the fixture
):
    ground = RefusalGround.objects.create(name="Eenmaal gebruikt")
    registration_services.decide(
        request=application,
        outcome="refused",
        decided_on=application.received_on,
        by=application.owner,
        grounds=[ground],
        grounds_text="Zie gronden.",
    )
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_delete", args=["weigeringsgronden", ground.pk])
    assert "Zet het op inactief" in client.get(url).content.decode()
    client.post(url)
    assert RefusalGround.objects.filter(pk=ground.pk).exists()
    assert list(application.decision.grounds.all()) == [ground]


def test_settings_that_matter_need_a_reason_kept_in_history(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_edit_single", args=["regime"])
    fields = {
        "regime": "day_pass",
        "day_pass_cap": "15",
        "legal_basis": "APV Nijmegen art. 3:7",
        "care_period_months": "12",
        "decision_term_weeks": "8",
        "expiry_warning_weeks": "6",
    }
    response = client.post(url, fields)
    assert "Vul in waarom deze instelling verandert" in response.content.decode()
    assert RegistrationSettings.current().day_pass_cap == 20
    client.post(url, {**fields, "change_reason": "Raadsbesluit juni"})
    config = RegistrationSettings.current()
    assert config.day_pass_cap == 15
    assert config.history.first().history_change_reason == "Raadsbesluit juni"


def test_a_decision_term_beyond_the_awb_is_refused_in_dutch(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("stapteam:beheer_edit_single", args=["regime"]),
        {
            "regime": "named",
            "day_pass_cap": "20",
            "care_period_months": "12",
            "decision_term_weeks": "9",
            "expiry_warning_weeks": "6",
            "change_reason": "Langer",
        },
    )
    assert "De beslistermijn is 1 tot en met 8 weken (Awb 4:13)." in response.content.decode()
    assert RegistrationSettings.current().decision_term_weeks == 8


def test_the_regime_page_shows_its_legal_explanation(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    page = client.get(reverse("stapteam:beheer_edit_single", args=["regime"])).content.decode()
    assert "Toelichting" in page
    assert "art. 4:13" in page


def test_letter_settings_are_kept(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    client.post(
        reverse("stapteam:beheer_edit_single", args=["brieven"]),
        {
            "decision_body": "De burgemeester van Nijmegen",
            "letter_address": "Postbus 9105\n6500 HG Nijmegen",
            "letter_legal_basis": "Artikel 3:7 APV",
        },
    )
    config = RegistrationSettings.current()
    assert config.decision_body == "De burgemeester van Nijmegen"
    assert config.letter_address == "Postbus 9105\n6500 HG Nijmegen"


def test_a_bad_mask_is_refused_in_dutch(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("stapteam:beheer_edit_single", args=["pasnummers"]), {"pass_number_mask": "TZ"}
    )
    assert "Gebruik in het patroon minstens één #" in response.content.decode()
    assert RegistrationSettings.current().pass_number_mask == ""


def test_retention_terms_are_changed_not_added_or_deleted(client, fenna_functional_admin):
    category = RetentionCategory.objects.first()
    assert category is not None
    client.force_login(fenna_functional_admin)
    assert (
        client.get(reverse("stapteam:beheer_create", args=["bewaartermijnen"])).status_code == 403
    )
    url = reverse("stapteam:beheer_delete", args=["bewaartermijnen", category.pk])
    assert client.get(url).status_code == 403


# --- The tariff of a year ------------------------------------------------------------------------


def year_form(settings: YearSettings, **changes: str) -> dict[str, str]:
    return {
        "year": str(settings.year),
        "tariff_per_day": str(settings.tariff_per_day),
        "max_stays": str(settings.max_stays),
        "max_days_per_stay": str(settings.max_days_per_stay),
        "budget": str(settings.budget),
        "day_counting": settings.day_counting,
        **({"is_closed": "on"} if settings.is_closed else {}),
        **changes,
    }


@pytest.fixture
def booked_year(anna_casemanager):
    """The year at €139.27 with two booked stays: 7 nights in March, 3 in June."""
    settings = year_settings()
    bed = make_beds(1)[0]
    her = ClientFactory.create(casemanager=anna_casemanager)
    stay_on(bed, day(3, 1), day(3, 8), client=her, by=anna_casemanager)
    stay_on(bed, day(6, 1), day(6, 4), client=her, by=anna_casemanager)
    return settings, her


def test_a_tariff_change_shows_each_stay_and_the_totals_before_it_is_saved(
    client, fenna_functional_admin, booked_year
):
    settings, her = booked_year
    client.force_login(fenna_functional_admin)
    url = edit_url("jaarinstellingen", settings.pk)
    data = year_form(settings, tariff_per_day="150.00", change_reason="Nieuw tarief")
    page = client.post(url, data).content.decode()
    assert "Wijziging bevestigen" in page
    assert her.code in page
    assert "€\xa0974,89" in page and "€\xa01.050,00" in page  # 7 nights, before → after
    assert "€\xa01.392,70" in page and "€\xa01.500,00" in page  # the year's cost
    assert "2 geboekte verblijven krijgen een andere prijs" in page
    settings.refresh_from_db()
    assert settings.tariff_per_day == Decimal("139.27")  # nothing saved yet

    client.post(url, {**data, "bevestigd": "1"})
    settings.refresh_from_db()
    assert settings.tariff_per_day == Decimal("150.00")
    assert settings.history.first().history_change_reason == "Nieuw tarief"


def test_the_preview_costs_the_same_queries_with_more_stays(
    client, fenna_functional_admin, booked_year, anna_casemanager
):
    settings, her = booked_year
    client.force_login(fenna_functional_admin)
    url = edit_url("jaarinstellingen", settings.pk)
    data = year_form(settings, tariff_per_day="150.00", change_reason="Nieuw tarief")
    counts = []
    for step in range(2):
        if step:
            for bed in make_beds(12)[1:]:
                stay_on(bed, day(9, 1), day(9, 5), client=her, by=anna_casemanager)
        with CaptureQueriesContext(connection) as queries:
            page = client.post(url, data).content.decode()
        assert "Wijziging bevestigen" in page
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "13 geboekte verblijven krijgen een andere prijs" in page


def test_back_from_the_confirmation_keeps_the_typed_tariff(
    client, fenna_functional_admin, booked_year
):
    settings, _her = booked_year
    client.force_login(fenna_functional_admin)
    data = year_form(settings, tariff_per_day="150.00", change_reason="Nieuw tarief", terug="1")
    page = client.post(edit_url("jaarinstellingen", settings.pk), data).content.decode()
    assert 'value="150.00"' in page
    settings.refresh_from_db()
    assert settings.tariff_per_day == Decimal("139.27")


def test_a_change_that_prices_nothing_is_saved_without_confirmation(
    client, fenna_functional_admin, booked_year
):
    settings, _her = booked_year
    client.force_login(fenna_functional_admin)
    data = year_form(settings, max_stays="8", change_reason="Meer verblijven")
    response = client.post(edit_url("jaarinstellingen", settings.pk), data)
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.max_stays == 8


def test_a_closed_year_cannot_be_repriced(client, fenna_functional_admin, booked_year):
    settings, _her = booked_year
    settings.is_closed = True
    settings.save()
    client.force_login(fenna_functional_admin)
    url = edit_url("jaarinstellingen", settings.pk)
    page = client.get(url).content.decode()
    assert "dit jaar is afgesloten" in page
    data = year_form(settings, tariff_per_day="150.00", change_reason="Toch anders")
    client.post(url, {**data, "bevestigd": "1"})
    settings.refresh_from_db()
    assert settings.tariff_per_day == Decimal("139.27")


def test_the_database_refuses_to_reprice_a_closed_year(booked_year):
    settings, _her = booked_year
    YearSettings.objects.filter(pk=settings.pk).update(is_closed=True)
    with pytest.raises(DatabaseError, match="closed"), transaction.atomic():
        YearSettings.objects.filter(pk=settings.pk).update(tariff_per_day=Decimal("150.00"))
    YearSettings.objects.filter(pk=settings.pk).update(budget=Decimal("20000.00"))  # may change


def test_a_reopened_year_can_be_repriced_again(client, fenna_functional_admin, booked_year):
    settings, _her = booked_year
    settings.is_closed = True
    settings.save()
    client.force_login(fenna_functional_admin)
    url = edit_url("jaarinstellingen", settings.pk)
    reopen = year_form(settings, change_reason="Correctie nodig")
    del reopen["is_closed"]
    client.post(url, reopen)
    settings.refresh_from_db()
    assert settings.is_closed is False
    data = year_form(settings, tariff_per_day="150.00", change_reason="Correctie")
    client.post(url, {**data, "bevestigd": "1"})
    settings.refresh_from_db()
    assert settings.tariff_per_day == Decimal("150.00")


def test_a_bad_tariff_is_refused_without_a_500(client, fenna_functional_admin, booked_year):
    settings, _her = booked_year
    client.force_login(fenna_functional_admin)
    for bad, message in [
        ("abc", "Vul een getal in, bijvoorbeeld 12,50."),
        ("-5", "Het tarief per dag is meer dan € 0."),
        ("0", "Het tarief per dag is meer dan € 0."),
        ("1e400", "Vul een getal in van hoogstens 8 cijfers."),
    ]:
        data = year_form(settings, tariff_per_day=bad, change_reason="x")
        response = client.post(edit_url("jaarinstellingen", settings.pk), data)
        assert response.status_code == 200, bad
        assert message in response.content.decode(), bad
    settings.refresh_from_db()
    assert settings.tariff_per_day == Decimal("139.27")
    assert settings.year == YEAR


def test_the_menu_marks_beheer_as_current_on_its_pages(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    page = client.get(reverse("stapteam:beheer_list", args=["bedden"])).content.decode()
    assert "dropdown-toggle active" in page


def test_the_life_domains_are_a_list_to_read(client, fenna_functional_admin):
    from stapteam.models import LifeDomain

    domain = LifeDomain.objects.select_related("domain_set").first()
    assert domain is not None
    client.force_login(fenna_functional_admin)
    page = client.get(reverse("stapteam:beheer_list", args=["leefgebieden"])).content.decode()
    assert domain.name in page
    edit = reverse("stapteam:beheer_edit", args=["leefgebieden", domain.pk])
    assert f'href="{edit}"' not in page
    assert "Toevoegen" not in page
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Anders"}).status_code == 403
    domain.refresh_from_db()
    assert domain.name != "Anders"


def test_the_life_domain_list_costs_fixed_queries(assert_fixed_queries, fenna_functional_admin):
    from stapteam.models import DomainSet, LifeDomain

    def more() -> None:
        extra = DomainSet.objects.create(code="extra", name="Extra lijst")
        for i in range(60):
            LifeDomain.objects.create(domain_set=extra, code=f"d{i}", name=f"Gebied {i}", order=i)

    assert_fixed_queries(
        fenna_functional_admin,
        reverse("stapteam:beheer_list", args=["leefgebieden"]),
        add_more=more,
        max_queries=12,
    )


@pytest.mark.parametrize(
    ("slug", "settings_of"),
    [("inzage-zorg", "caseload"), ("inzage-registratie", "registration")],
)
def test_the_beheerder_writes_the_subject_access_cover_with_a_reason(
    client, fenna_functional_admin, slug, settings_of
):
    from stapteam.models import CaseloadSettings

    current = (
        CaseloadSettings.current if settings_of == "caseload" else RegistrationSettings.current
    )
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_edit_single", args=[slug])
    text = "Wij leggen uw gegevens vast volgens AVG artikel 15."
    response = client.post(url, {"subject_access_text": text})
    assert response.status_code == 200
    assert "Vul in waarom deze instelling verandert" in response.content.decode()
    assert text in response.content.decode()  # what she typed stays
    assert current().subject_access_text != text
    response = client.post(url, {"subject_access_text": text, "change_reason": "Nieuwe tekst FG"})
    assert response.status_code == 302
    assert current().subject_access_text == text
    assert current().history.latest().history_change_reason == "Nieuwe tekst FG"
