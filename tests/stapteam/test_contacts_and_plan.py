"""Logging and correcting contacts; the trajectory plan: goals and append-only ZRM assessments."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.models import (
    AccessLogEntry,
    Client,
    Contact,
    DomainSet,
    Goal,
    LifeDomain,
    NetworkPartner,
    ZrmAssessment,
    ZrmScore,
)
from tests.factories import ClientFactory, ContactFactory, GoalFactory

# These tests call services directly; their writes are recorded as the system account's.
pytestmark = pytest.mark.usefixtures("as_system")


def local_input(moment: datetime.datetime) -> str:
    """A datetime as the phone's datetime-local input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def five_taps(client: Client, **overrides: Any) -> dict[str, Any]:
    """The usual outreach contact: client chosen, everything else the defaults."""
    return {
        "client": client.pk,
        "occurred_at": local_input(timezone.now()),
        "kind": Contact.Kind.OUTREACH,
        "minutes": 30,
        "time_type": Contact.TimeType.DIRECT,
        **overrides,
    }


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


def domains() -> list[LifeDomain]:
    return list(DomainSet.default().domains.all())


# --- Logging a contact ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_create_with_only_the_client_and_defaults(client, anna_casemanager, annas_client):
    client.force_login(anna_casemanager)
    url = reverse("stapteam:contact_create")

    page = client.get(url, {"client": annas_client.pk})
    assert page.status_code == 200
    form = page.context["form"]
    assert str(form.initial["client"]) == str(annas_client.pk)
    assert form["kind"].value() == Contact.Kind.OUTREACH
    assert form["minutes"].value() == 30
    assert form["time_type"].value() == Contact.TimeType.DIRECT

    response = client.post(url, five_taps(annas_client))

    assert response.status_code == 302
    assert response.url == reverse("stapteam:client_detail", args=[annas_client.pk])
    contact = Contact.objects.get()
    assert contact.client == annas_client
    assert contact.author == anna_casemanager
    assert contact.kind == Contact.Kind.OUTREACH
    assert contact.minutes == 30
    assert contact.time_type == Contact.TimeType.DIRECT
    assert contact.no_show is False
    assert contact.note == ""
    assert abs(contact.occurred_at - timezone.now()) < datetime.timedelta(minutes=2)


HTMX = {"HX-Request": "true"}


@pytest.mark.django_db
def test_the_contact_form_checks_her_input_while_she_types_and_saves_nothing(
    client, anna_casemanager, annas_client
):
    client.force_login(anna_casemanager)
    url = reverse("stapteam:contact_create")
    page = client.get(url).content.decode()
    assert 'hx-post="/contacten/nieuw/"' in page or f'hx-post="{url}"' in page

    typed = five_taps(annas_client, minutes=999, note="", _check="1")
    fragment = client.post(url, typed, headers=HTMX).content.decode()

    assert "<html" not in fragment
    assert "Dit klopt nog niet:" in fragment and "Vul hoogstens 720 minuten in." in fragment
    assert "Notitie" not in fragment  # an empty field she has not reached is left alone
    assert not Contact.objects.exists()
    good = client.post(url, five_taps(annas_client, _check="1"), headers=HTMX).content.decode()
    assert "Dit klopt nog niet:" not in good
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_the_correction_form_checks_without_saving(client, anna_casemanager, annas_client):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, minutes=30)
    client.force_login(anna_casemanager)
    url = reverse("stapteam:contact_edit", args=[contact.pk])

    fragment = client.post(
        url, {**correction(contact, minutes=999), "_check": "1"}, headers=HTMX
    ).content.decode()

    assert "Vul hoogstens 720 minuten in." in fragment
    contact.refresh_from_db()
    assert contact.minutes == 30
    # The check read the contact; it changed nothing, and the access log says so.
    [row] = AccessLogEntry.objects.filter(object_type="contact")
    assert row.action == AccessLogEntry.Action.READ


@pytest.mark.django_db
def test_peer_worker_logs_her_own_contact_with_a_linked_client(
    client, esther_peer_worker, annas_client
):
    from stapteam.models import PeerLink

    PeerLink.objects.create(
        client=annas_client, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    client.force_login(esther_peer_worker)

    response = client.post(reverse("stapteam:contact_create"), five_taps(annas_client))

    assert response.status_code == 302
    assert Contact.objects.get().author == esther_peer_worker


def _bad_inputs(brams: Client, annas: Client) -> list[tuple[dict[str, Any], str]]:
    future = timezone.now() + datetime.timedelta(days=1)
    return [
        (five_taps(annas, minutes=9999), "Vul hoogstens 720 minuten in."),
        (
            five_taps(annas, occurred_at=local_input(future)),
            "Een contact mag niet in de toekomst liggen.",
        ),
        (
            five_taps(annas, kind=Contact.Kind.NETWORK),
            "Kies met welke netwerkpartner het contact was.",
        ),
        (five_taps(brams), "Kies een cliënt uit de lijst."),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("case", range(4), ids=["minutes", "future", "network", "not_hers"])
def test_contact_create_with_bad_input_gives_a_dutch_message_and_creates_nothing(
    case, client, anna_casemanager, bram_casemanager_ldh, annas_client
):
    brams_client = ClientFactory.create(casemanager=bram_casemanager_ldh)
    data, message = _bad_inputs(brams_client, annas_client)[case]
    client.force_login(anna_casemanager)

    response = client.post(reverse("stapteam:contact_create"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_contact_with_a_network_partner_is_accepted(client, anna_casemanager, annas_client):
    ggd = NetworkPartner.objects.get(name="GGD")
    client.force_login(anna_casemanager)

    response = client.post(
        reverse("stapteam:contact_create"),
        five_taps(annas_client, kind=Contact.Kind.NETWORK, partner=ggd.pk),
    )

    assert response.status_code == 302
    assert Contact.objects.get().partner == ggd


@pytest.mark.django_db
def test_no_contact_can_be_logged_on_a_closed_file(anna_casemanager):
    closed = ClientFactory.create(closed=True, casemanager=anna_casemanager)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.record_contact(client=closed, author=anna_casemanager, minutes=30)
    assert not Contact.objects.exists()


# --- Correcting a contact ------------------------------------------------------------------------


def correction(contact: Contact, **overrides: Any) -> dict[str, Any]:
    return {
        "client": contact.client_id,
        "occurred_at": local_input(contact.occurred_at),
        "kind": contact.kind,
        "minutes": contact.minutes,
        "time_type": contact.time_type,
        "note": contact.note,
        "version": contact.version,
        **overrides,
    }


@pytest.mark.django_db
def test_author_corrects_her_contact_within_7_days_and_history_keeps_both(
    client, anna_casemanager, annas_client
):
    contact = ContactFactory.create(
        client=annas_client, author=anna_casemanager, minutes=30, note="Eerste versie"
    )
    Contact.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=6)
    )
    client.force_login(anna_casemanager)
    url = reverse("stapteam:contact_edit", args=[contact.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, correction(contact, minutes=45, note="Gecorrigeerde versie"))

    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.minutes, contact.note) == (45, "Gecorrigeerde versie")
    versions = list(contact.history.order_by("history_id").values_list("minutes", "note"))
    assert versions == [(30, "Eerste versie"), (45, "Gecorrigeerde versie")]


@pytest.mark.django_db
def test_author_cannot_correct_after_8_days(client, anna_casemanager, annas_client):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Oud")
    Contact.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    client.force_login(anna_casemanager)
    url = reverse("stapteam:contact_edit", args=[contact.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, correction(contact, note="Te laat")).status_code == 403
    contact.refresh_from_db()
    assert contact.note == "Oud"
    assert contact.history.count() == 1


@pytest.mark.django_db
def test_colleagues_cannot_correct_someone_elses_contact(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, annas_client
):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Van Anna")
    url = reverse("stapteam:contact_edit", args=[contact.pk])

    # Bram does not see her client: the contact does not exist for him.
    client.force_login(bram_casemanager_ldh)
    assert client.get(url).status_code == 404
    assert client.post(url, correction(contact, note="Van Bram")).status_code == 404
    # Carla sees it, but is not the author.
    client.force_login(carla_coordinator)
    assert client.get(url).status_code == 403
    assert client.post(url, correction(contact, note="Van Carla")).status_code == 403

    contact.refresh_from_db()
    assert contact.note == "Van Anna"


# --- Goals ---------------------------------------------------------------------------------------


def goal_data(goal: Goal | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "domain": goal.domain_id if goal else domains()[3].pk,
        "wish": goal.wish if goal else "",
        "actions": goal.actions if goal else "",
        "who": goal.who if goal else "",
        "target_date": goal.target_date.isoformat() if goal and goal.target_date else "",
        "status": goal.status if goal else Goal.Status.OPEN,
        "version": goal.version if goal else "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_casemanager_adds_a_goal(client, anna_casemanager, annas_client):
    client.force_login(anna_casemanager)
    target = timezone.localdate() + datetime.timedelta(days=60)

    response = client.post(
        reverse("stapteam:goal_create", args=[annas_client.pk]),
        goal_data(
            wish="Een eigen kamer",
            actions="Inschrijven bij Talis",
            who="Anna",
            target_date=target.isoformat(),
        ),
    )

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.client, goal.wish, goal.target_date) == (annas_client, "Een eigen kamer", target)
    assert goal.domain == domains()[3]
    assert goal.created_by == anna_casemanager
    assert goal.status == Goal.Status.OPEN


@pytest.mark.django_db
def test_goal_create_without_a_wish_gives_a_dutch_message(client, anna_casemanager, annas_client):
    client.force_login(anna_casemanager)
    response = client.post(reverse("stapteam:goal_create", args=[annas_client.pk]), goal_data())
    assert response.status_code == 200
    assert "Schrijf op wat zij wil." in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_goal_edit_from_a_stale_version_is_refused(
    client, anna_casemanager, carla_coordinator, annas_client
):
    goal = GoalFactory.create(client=annas_client, wish="Een eigen kamer", who="")
    url = reverse("stapteam:goal_edit", args=[goal.pk])
    opened = goal_data(goal)

    client.force_login(carla_coordinator)
    first = client.post(url, {**opened, "status": Goal.Status.ACHIEVED})
    assert first.status_code == 302

    client.force_login(anna_casemanager)
    second = client.post(url, {**opened, "who": "Anna en Esther"})

    assert second.status_code == 200
    assert "Niet opgeslagen: iemand anders" in second.content.decode()
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED
    assert goal.who == ""
    assert goal.version == opened["version"] + 1


@pytest.mark.django_db
def test_update_goal_raises_stale_edit(anna_casemanager, annas_client):
    goal = GoalFactory.create(client=annas_client)
    services.update_goal(goal=goal, expected_version=1, changes={"who": "Anna"})
    with pytest.raises(services.StaleEdit):
        services.update_goal(goal=goal, expected_version=1, changes={"who": "Bram"})
    goal.refresh_from_db()
    assert (goal.who, goal.version) == ("Anna", 2)


# --- ZRM -----------------------------------------------------------------------------------------


def zrm_data(*, skip_reason: str = "Wilde er niet over praten") -> dict[str, Any]:
    """All 12 domains: 11 scored, the last one 'niet gescoord' with `skip_reason`."""
    data: dict[str, Any] = {
        "assessed_on": timezone.localdate().isoformat(),
        "moment": ZrmAssessment.Moment.INTAKE,
    }
    all_domains = domains()
    for i, d in enumerate(all_domains[:-1]):
        data[f"score_{d.pk}"] = str(i % 5 + 1)
        data[f"reason_{d.pk}"] = ""
        data[f"target_{d.pk}"] = "4" if i == 0 else ""
    last = all_domains[-1]
    data[f"score_{last.pk}"] = ""
    data[f"reason_{last.pk}"] = skip_reason
    data[f"target_{last.pk}"] = ""
    return data


@pytest.mark.django_db
def test_zrm_create_with_all_12_domains_creates_one_assessment_with_12_scores(
    client, anna_casemanager, annas_client
):
    all_domains = domains()
    assert len(all_domains) == 12
    client.force_login(anna_casemanager)

    response = client.post(reverse("stapteam:zrm_create", args=[annas_client.pk]), zrm_data())

    assert response.status_code == 302
    assert response.url == reverse("stapteam:zrm_overview", args=[annas_client.pk])
    assessment = ZrmAssessment.objects.get()
    assert assessment.client == annas_client
    assert assessment.assessor == anna_casemanager
    assert assessment.moment == ZrmAssessment.Moment.INTAKE
    scores = {s.domain_id: s for s in assessment.scores.all()}
    assert set(scores) == {d.pk for d in all_domains}
    for i, d in enumerate(all_domains[:-1]):
        assert scores[d.pk].score == i % 5 + 1
        assert scores[d.pk].not_scored_reason == ""
    skipped = scores[all_domains[-1].pk]
    assert skipped.score is None
    assert skipped.not_scored_reason == "Wilde er niet over praten"
    assert scores[all_domains[0].pk].target_score == 4


@pytest.mark.django_db
def test_zrm_create_without_a_reason_for_an_unscored_domain_creates_nothing(
    client, anna_casemanager, annas_client
):
    client.force_login(anna_casemanager)

    response = client.post(
        reverse("stapteam:zrm_create", args=[annas_client.pk]), zrm_data(skip_reason="  ")
    )

    assert response.status_code == 200
    assert "Geef een score of een reden waarom niet." in response.content.decode()
    assert not ZrmAssessment.objects.exists()
    assert not ZrmScore.objects.exists()


@pytest.mark.django_db
def test_record_zrm_refuses_an_incomplete_domain_list(anna_casemanager, annas_client):
    from django.core.exceptions import ValidationError

    scores: list[tuple[LifeDomain, int | None, str, int | None]] = [
        (d, 3, "", None) for d in domains()[:11]
    ]
    with pytest.raises(ValidationError, match="Scoor elk leefgebied"):
        services.record_zrm(
            client=annas_client,
            assessed_on=timezone.localdate(),
            moment=ZrmAssessment.Moment.PROGRESS,
            assessor=anna_casemanager,
            scores=scores,
        )
    assert not ZrmAssessment.objects.exists()


def _record(client: Client, who: Any, on: datetime.date, score: int) -> ZrmAssessment:
    return services.record_zrm(
        client=client,
        assessed_on=on,
        moment=ZrmAssessment.Moment.PROGRESS,
        assessor=who,
        scores=[(d, score, "", None) for d in domains()],
    )


@pytest.mark.django_db
def test_database_refuses_update_and_delete_of_zrm_scores(anna_casemanager, annas_client):
    assessment = _record(annas_client, anna_casemanager, timezone.localdate(), 2)
    score = assessment.scores.all()[0]

    with pytest.raises(DatabaseError), transaction.atomic():
        ZrmScore.objects.filter(pk=score.pk).update(score=5)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE stapteam_zrmscore SET score = 5 WHERE id = %s", [score.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM stapteam_zrmscore WHERE id = %s", [score.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        ZrmScore.objects.filter(pk=score.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        ZrmAssessment.objects.filter(pk=assessment.pk).update(moment="intake")

    score.refresh_from_db()
    assert score.score == 2
    assert assessment.scores.count() == 12


@pytest.mark.django_db
def test_zrm_overview_is_closed_to_a_peer_worker(client, esther_peer_worker, annas_client):
    from stapteam.models import PeerLink

    PeerLink.objects.create(
        client=annas_client, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    client.force_login(esther_peer_worker)
    assert client.get(reverse("stapteam:zrm_overview", args=[annas_client.pk])).status_code == 403
