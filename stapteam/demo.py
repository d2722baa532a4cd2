"""The invented demo caseload that `manage.py demo_data` loads once: clients and their files."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone
from faker import Faker

from stapteam.caseload import services
from stapteam.models import (
    Assignment,
    CaseloadSettings,
    Client,
    Contact,
    DomainSet,
    Escalation,
    EscalationAction,
    Goal,
    LifeDomain,
    NetworkPartner,
    PeerLink,
    Trajectory,
    User,
    ZrmAssessment,
)
from stapteam.platform import dates
from stapteam.platform.roles import Role

DEMO_PASSWORD = "demo-stap-2026"  # noqa: S105 - demo mode only, printed for the user on purpose

# username, role, organisation; new accounts go last, so that earlier ones keep their names
DEMO_ACCOUNTS = [
    ("casemanager", Role.CASEMANAGER, "IrisZorg"),
    ("ervaringsdeskundige", Role.PEER_WORKER, "IrisZorg"),
    ("coordinator", Role.COORDINATOR, "IrisZorg"),
    ("cirkel", Role.CIRKEL_STAFF, "IrisZorg"),
    ("procesregisseur", Role.PROCESS_DIRECTOR, "Gemeente Nijmegen — Zorg- en Veiligheidshuis"),
    ("secretariaat", Role.SECRETARIAT, "Gemeente Nijmegen — Zorg- en Veiligheidshuis"),
    ("beleid", Role.POLICY_OFFICER, "Gemeente Nijmegen — Maatschappelijke Ontwikkeling"),
    ("beheerder", Role.FUNCTIONAL_ADMIN, "IrisZorg"),
    ("casemanager2", Role.CASEMANAGER, "IrisZorg"),
    ("casemanager_ldh", Role.CASEMANAGER, "Leger des Heils"),
]

SEED = 2026
CONTACT_WINDOW = 120  # days of contacts shown, even for clients known longer
CM, CM2, CM_LDH = "casemanager", "casemanager2", "casemanager_ldh"
PEER, COORDINATOR, PROCESS_DIRECTOR = "ervaringsdeskundige", "coordinator", "procesregisseur"
# How a case ends besides closure; not Outcome values ("monitoring" is one).
HANDOVER, FOLLOWED = "warm_handover", "followed_by_procesregie"

Kind = Trajectory.Kind
Origin = Client.Origin
Addiction = Client.Addiction
Outcome = Client.Outcome

# (kind, provider, started days ago, ended days ago or None, result)
TrajectorySpec = tuple[str, str, int, int | None, str]


@dataclass(frozen=True)
class Case:
    """One invented client's story; all dates are days before today."""

    casemanager: str | None  # username; None: registered only, or followed by procesregie
    intake: int
    origin: str
    addiction: str
    region: str = ""
    protected_housing: bool = False
    zone_pass: bool = False
    cirkel: bool = False
    consent: bool = True
    peer: bool = False
    last_contact: int = 2
    overdue_goal: bool = False
    max_zrm: int = 3
    trajectories: tuple[TrajectorySpec, ...] = ()
    escalation: str = ""  # "acknowledged" or "overdue"
    end: str = ""  # HANDOVER, FOLLOWED (status monitoring) or a Client.Outcome (closed)
    closed: int = 0
    outcome_region: str = ""


CASES = [
    # The demo casemanager's own caseload (plus the handover below).
    Case(CM, 115, Origin.NIJMEGEN, Addiction.YES, zone_pass=True, cirkel=True, peer=True,
         trajectories=((Kind.ENTRY_HOUSING, "IrisZorg", 40, None, ""),)),
    Case(CM, 95, Origin.MO_REGION, Addiction.UNKNOWN, zone_pass=True, cirkel=True,
         last_contact=30),
    Case(CM, 80, Origin.ELSEWHERE, Addiction.NO, region="Den Bosch", cirkel=True,
         overdue_goal=True, escalation="acknowledged",
         trajectories=((Kind.AMBULANT_SUPPORT, "Terecht", 50, None, ""),)),
    Case(CM, 60, Origin.NIJMEGEN, Addiction.YES, protected_housing=True, peer=True,
         trajectories=((Kind.PROTECTED_HOUSING, "IrisZorg", 150, None, ""),)),
    Case(CM, 25, Origin.NIJMEGEN, Addiction.UNKNOWN, zone_pass=True, consent=False),
    Case(CM2, 100, Origin.MO_REGION, Addiction.YES, cirkel=True, end=HANDOVER,
         trajectories=(
             (Kind.OUTREACH_DIAGNOSTICS, "Pro Persona", 70, 20, "Advies: ambulante begeleiding."),
             (Kind.AMBULANT_SUPPORT, "Levenskracht", 15, None, ""),
         )),
    # IrisZorg's second casemanager.
    Case(CM2, 120, Origin.NIJMEGEN, Addiction.YES, zone_pass=True, cirkel=True, peer=True,
         trajectories=((Kind.ADDICTION_CARE, "IrisZorg", 90, None, ""),)),
    Case(CM2, 70, Origin.ELSEWHERE, Addiction.NO, region="Utrecht", overdue_goal=True),
    Case(CM2, 45, Origin.NIJMEGEN, Addiction.NO, protected_housing=True,
         trajectories=((Kind.PROTECTED_HOUSING, "Leger des Heils", 100, None, ""),)),
    # Leger des Heils.
    Case(CM_LDH, 230, Origin.NIJMEGEN, Addiction.YES, zone_pass=True, cirkel=True,
         overdue_goal=True, max_zrm=1, escalation="overdue"),
    Case(CM_LDH, 85, Origin.MO_REGION, Addiction.UNKNOWN, cirkel=True, peer=True,
         trajectories=((Kind.ENTRY_HOUSING, "Leger des Heils", 20, None, ""),)),
    Case(CM_LDH, 50, Origin.ELSEWHERE, Addiction.YES, region="Eindhoven", zone_pass=True,
         trajectories=((Kind.AMBULANT_SUPPORT, "Terecht", 10, None, ""),)),
    # Not (yet) in care: procesregie follows them; one just registered.
    Case(None, 75, Origin.NIJMEGEN, Addiction.YES, zone_pass=True, cirkel=True, last_contact=6,
         end=FOLLOWED),
    Case(None, 40, Origin.ELSEWHERE, Addiction.UNKNOWN, region="Zwolle", cirkel=True,
         consent=False, last_contact=20, end=FOLLOWED),
    Case(None, 3, Origin.NIJMEGEN, Addiction.UNKNOWN, consent=False, last_contact=2),
    # Closed cases, one per outcome.
    Case(CM, 260, Origin.NIJMEGEN, Addiction.YES, zone_pass=True, end=Outcome.CLOSED, closed=70),
    Case(CM2, 300, Origin.MO_REGION, Addiction.YES, end=Outcome.REGULAR_CARE, closed=45,
         trajectories=((Kind.AMBULANT_SUPPORT, "Levenskracht", 120, 45, "Loopt door na STAP."),)),
    Case(CM_LDH, 210, Origin.ELSEWHERE, Addiction.NO, region="Arnhem", end=Outcome.OTHER_REGION,
         closed=30, outcome_region="Arnhem"),
    Case(CM_LDH, 180, Origin.NIJMEGEN, Addiction.UNKNOWN, cirkel=True, end=Outcome.MONITORING,
         closed=55),
    Case(CM, 330, Origin.NIJMEGEN, Addiction.YES, zone_pass=True, cirkel=True,
         end=Outcome.STAP_TEAM, closed=20,
         trajectories=((Kind.ENTRY_HOUSING, "IrisZorg", 200, 40, "Eigen huurwoning."),)),
]  # fmt: skip

RESIDENCES = [
    "dakloos",
    "bij een vriendin",
    "nachtopvang",
    "wisselend",
    "eigen kamer",
    "bij moeder",
]

NOTES = {
    Contact.Kind.OUTREACH: [
        "Op de zone gesproken, ging redelijk. Koffie gedronken in de bus.",
        "Kort contact op de zone, wil later deze week bellen.",
        "Op de zone, was moe en wilde niet lang praten.",
        "Condooms en een warme jas meegegeven.",
    ],
    Contact.Kind.FACE_TO_FACE: [
        "Samen post doorgenomen en twee brieven beantwoord.",
        "Plan besproken; ze wil eerst rust en een vaste slaapplek.",
        "Samen naar de huisarts geweest, vervolgafspraak over twee weken.",
        "Gesprek over haar doelen; zij kiest huisvesting als eerste.",
    ],
    Contact.Kind.PHONE: [
        "Gebeld over de afspraak van morgen.",
        "Zij belde: vraag over haar uitkering, uitgezocht en teruggebeld.",
        "Telefonisch kort bijgepraat, gaat goed.",
    ],
    Contact.Kind.CIRKEL: [
        "In de Cirkel gesproken tijdens de inloop.",
        "Samen gegeten in de Cirkel, ontspannen contact.",
    ],
    Contact.Kind.HOME_VISIT: [
        "Huisbezoek: kamer op orde, koelkast leeg; voedselbank besproken.",
        "Huisbezoek samen met de woonbegeleider.",
    ],
    Contact.Kind.NETWORK: [
        "Overleg over behandeling en wie wat doet.",
        "Afstemming over de aanmelding, volgende stap afgesproken.",
        "Casusoverleg: zorgen gedeeld, afspraken over contact.",
    ],
    Contact.Kind.OTHER: ["Brief gestuurd met de nieuwe afspraak.", "Formulieren voorbereid."],
}
NO_SHOW_NOTES = {
    Contact.Kind.OUTREACH: "Niet aangetroffen op de zone.",
    Contact.Kind.HOME_VISIT: "Huisbezoek, niemand thuis; briefje achtergelaten.",
}
NO_SHOW_NOTE = "Niet verschenen op de afspraak; nieuwe afspraak per sms voorgesteld."
# How often casemanagers record each kind of contact, relatively.
KIND_WEIGHTS = {
    Contact.Kind.OUTREACH: 3,
    Contact.Kind.FACE_TO_FACE: 4,
    Contact.Kind.PHONE: 3,
    Contact.Kind.CIRKEL: 2,
    Contact.Kind.HOME_VISIT: 2,
    Contact.Kind.NETWORK: 2,
    Contact.Kind.OTHER: 1,
}
MINUTES = {
    Contact.Kind.OUTREACH: (30, 90),
    Contact.Kind.FACE_TO_FACE: (45, 120),
    Contact.Kind.PHONE: (10, 30),
    Contact.Kind.CIRKEL: (30, 60),
    Contact.Kind.HOME_VISIT: (60, 120),
    Contact.Kind.NETWORK: (30, 60),
    Contact.Kind.OTHER: (15, 45),
}

# Per life domain code of the default list: (what she wants, actions).
GOALS = {
    "inkomen": [
        ("Een uitkering aanvragen.", "Samen DigiD aanvragen en de aanvraag bijstand indienen."),
        ("Overzicht over haar schulden.", "Aanmelden bij schuldhulpverlening."),
    ],
    "werk_opleiding": [("Oriënteren op ander werk.", "Kennismaken bij een werkproject.")],
    "tijdsbesteding": [("Een vaste dagbesteding.", "Twee keer per week naar de inloop.")],
    "huisvesting": [
        ("Een eigen plek om te slapen.", "Aanmelden voor een instroomwoning."),
        ("Haar kamer behouden.", "Huur automatisch laten betalen."),
    ],
    "huiselijke_relaties": [("Veilig zijn voor haar ex.", "Samen een veiligheidsplan maken.")],
    "geestelijke_gezondheid": [("Beter slapen, minder piekeren.", "Verwijzing bespreken.")],
    "lichamelijke_gezondheid": [
        ("Haar gebit laten behandelen.", "Een tandarts zoeken die nieuwe patiënten aanneemt."),
        ("Regelmatig een soa-test.", "Afspraak op het GGD-spreekuur."),
    ],
    "middelengebruik": [("Minder gebruiken.", "Kennismaken bij de verslavingszorg.")],
    "adl": [("Zelf haar post bijhouden.", "Wekelijks samen de post doornemen.")],
    "sociaal_netwerk": [("Weer contact met haar zus.", "Samen een brief schrijven.")],
    "maatschappelijke_participatie": [("Een geldige ID-kaart.", "Afspraak bij de gemeente.")],
    "justitie": [("Openstaande boetes regelen.", "Betalingsregeling met het CJIB.")],
}
WHO = ["Zij en casemanager", "Casemanager", "Zij, met de ervaringsdeskundige"]
NOT_SCORED = ["Wil ze (nog) niet over praten.", "Onvoldoende zicht op."]
QUESTIONS = {
    "acknowledged": "Woning loopt vast: urgentie afgewezen en de GGZ-aanmelding staat stil. "
    "Graag regie op een gezamenlijk plan met woningcorporatie en Pro Persona.",
    "overdue": "Al maanden geen voortgang; zij mijdt afspraken en de zorgen over haar "
    "gezondheid nemen toe. Graag een casusoverleg met de ketenpartners.",
}


@dataclass
class Loader:
    """Loads CASES with one seeded Faker and random generator, relative to `today`."""

    people: dict[str, User]
    today: datetime.date
    fake: Faker
    rng: random.Random
    domains: dict[str, LifeDomain]
    partners: list[NetworkPartner]
    call_names: set[str] = field(default_factory=set)  # first three letters of those used

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime.datetime:
        moment = datetime.datetime.combine(self.day(days_ago), datetime.time(hour, minute))
        return timezone.make_aware(moment)

    def load(self, case: Case) -> None:
        client = self.register(case)
        if case.peer:
            PeerLink.objects.create(
                client=client, peer_worker=self.people[PEER], started_on=self.day(case.intake - 7)
            )
        self.contacts(case, client)
        if case.casemanager:
            self.goals(case, client)
            self.zrm(case, client)
        for kind, provider, started, ended, result in case.trajectories:
            services.add_trajectory(
                client=client,
                kind=kind,
                provider=provider,
                started_on=self.day(started),
                ended_on=None if ended is None else self.day(ended),
                result=result,
            )
        if case.escalation:
            self.escalate(case, client)
        self.end(case, client)

    def register(self, case: Case) -> Client:
        fake = self.fake
        # Short street names, not the official ones; easy to tell apart from staff and each other.
        taken = {person.first_name[:3] for person in self.people.values()} | self.call_names
        call_name = fake.unique.first_name_female()
        while len(call_name) > 6 or call_name[:3] in taken:
            call_name = fake.unique.first_name_female()
        self.call_names.add(call_name[:3])
        casemanager = self.people[case.casemanager] if case.casemanager else None
        residence = self.rng.choice(RESIDENCES)
        if case.protected_housing:
            residence = "Beschermd Wonen"
        elif any(t[0] == Kind.ENTRY_HOUSING and t[3] is None for t in case.trajectories):
            residence = "instroomwoning"
        client = services.register_client(
            casemanager=casemanager,
            call_name=call_name,
            full_name=f"{fake.first_name_female()} {fake.last_name()}",
            date_of_birth=fake.date_of_birth(minimum_age=19, maximum_age=55),
            phone=fake.phone_number() if self.rng.random() < 0.7 else "",
            residence=residence,
            origin=case.origin,
            origin_region=case.region,
            addiction=case.addiction,
            in_protected_housing=case.protected_housing,
            has_zone_pass=case.zone_pass,
            known_at_cirkel=case.cirkel,
            consent_on=self.day(case.intake) if case.consent else None,
            consent_scope="Zorgplan en contacten, tussen IrisZorg, Leger des Heils en procesregie."
            if case.consent
            else "",
        )
        # The services date everything today; the demo story started at the intake.
        Client.objects.filter(pk=client.pk).update(created_at=self.at(case.intake, 10))
        Assignment.objects.filter(client=client).update(started_on=self.day(case.intake))
        return client

    def contacts(self, case: Case, client: Client) -> None:
        first = min(case.intake, CONTACT_WINDOW)
        last = case.closed if case.closed else case.last_contact
        if case.casemanager:
            authors = [self.people[case.casemanager]]
            kinds = [k for k in KIND_WEIGHTS for _n in range(KIND_WEIGHTS[k])]
            if not case.cirkel:
                kinds = [k for k in kinds if k != Contact.Kind.CIRKEL]
            last_kind = Contact.Kind.FACE_TO_FACE
        else:  # outreach by whichever casemanager is on the zone
            authors = [self.people[CM_LDH], self.people[CM], self.people[CM2]]
            kinds = [Contact.Kind.OUTREACH, Contact.Kind.CIRKEL]
            last_kind = Contact.Kind.OUTREACH
        days_ago = first
        while days_ago > last:
            self.contact(client, self.rng.choice(authors), self.rng.choice(kinds), days_ago)
            days_ago -= self.rng.randint(4, 10) if case.casemanager else self.rng.randint(10, 18)
        self.contact(client, authors[0], last_kind, last, no_show=False)
        if last >= 14 and not case.closed:  # tried since, but did not see her
            self.contact(client, authors[0], Contact.Kind.OUTREACH, last // 2, no_show=True)
        if case.peer:
            days_ago = min(case.intake - 7, 70)
            while days_ago > last:
                kind = self.rng.choice([Contact.Kind.OUTREACH, Contact.Kind.FACE_TO_FACE])
                self.contact(client, self.people[PEER], kind, days_ago)
                days_ago -= self.rng.randint(9, 16)

    def contact(
        self,
        client: Client,
        author: User,
        kind: str,
        days_ago: int,
        *,
        no_show: bool | None = None,
    ) -> Contact:
        rng = self.rng
        if no_show is None:
            no_show = kind in (Contact.Kind.FACE_TO_FACE, Contact.Kind.HOME_VISIT) and (
                rng.random() < 0.15
            )
        low, high = MINUTES[Contact.Kind(kind)]
        evening = kind == Contact.Kind.OUTREACH
        return services.record_contact(
            client=client,
            author=author,
            occurred_at=self.at(days_ago, rng.randint(20, 23) if evening else rng.randint(9, 16)),
            kind=kind,
            minutes=15 if no_show else rng.randrange(low, high + 1, 5),
            time_type=Contact.TimeType.INDIRECT
            if kind in (Contact.Kind.NETWORK, Contact.Kind.OTHER)
            else Contact.TimeType.DIRECT,
            no_show=no_show,
            partner=rng.choice(self.partners) if kind == Contact.Kind.NETWORK else None,
            note=NO_SHOW_NOTES.get(Contact.Kind(kind), NO_SHOW_NOTE)
            if no_show
            else rng.choice(NOTES[Contact.Kind(kind)]),
        )

    def goals(self, case: Case, client: Client) -> None:
        rng = self.rng
        codes = rng.sample(
            sorted(code for code in GOALS if code in self.domains), rng.randint(2, 4)
        )
        for index, code in enumerate(codes):
            wish, actions = rng.choice(GOALS[code])
            if case.closed:
                status = rng.choice(list(Goal.Status)[1:])  # achieved, not achieved, lapsed
                target = self.day(case.closed + rng.randint(5, 60))
            elif case.overdue_goal and index == 0:  # a signal: open, past its date
                status, target = Goal.Status.OPEN, self.day(rng.randint(10, 40))
            elif case.intake > 45 and rng.random() < 0.3:
                status, target = Goal.Status.ACHIEVED, self.day(rng.randint(5, case.intake - 20))
            else:
                status, target = Goal.Status.OPEN, self.day(-rng.randint(14, 90))
            services.add_goal(
                client=client,
                by=self.people[case.casemanager or CM],
                domain=self.domains[code],
                wish=wish,
                actions=actions,
                who=rng.choice(WHO),
                target_date=target,
                status=status,
            )

    def zrm(self, case: Case, client: Client) -> None:
        rng = self.rng
        Moment = ZrmAssessment.Moment
        moments = [(case.intake - 7, Moment.INTAKE)]
        end = case.closed or 3
        step = max((case.intake - 7 - end) // 2, 30)
        while len(moments) < case.max_zrm - bool(case.closed) and moments[-1][0] - step > end:
            moment = Moment.PROGRESS if len(moments) == 1 else Moment.EVALUATION
            moments.append((moments[-1][0] - step, moment))
        if case.closed:
            moments.append((case.closed, Moment.OUTFLOW))
        goal_codes = set(client.goals.values_list("domain__code", flat=True))
        scores = {code: rng.choice([1, 2, 2, 3, 3, 4]) for code in self.domains}
        scores["huisvesting"] = 3 if case.protected_housing else rng.choice([1, 2])
        targets = {code: min(score + 1, 5) for code, score in scores.items() if code in goal_codes}
        for days_ago, moment in moments:
            unscored = rng.choice(["justitie", "huiselijke_relaties", "", ""])
            rows: list[tuple[LifeDomain, int | None, str, int | None]] = []
            for code, domain in self.domains.items():
                if code == unscored:
                    rows.append((domain, None, rng.choice(NOT_SCORED), targets.get(code)))
                else:
                    rows.append((domain, scores[code], "", targets.get(code)))
            services.record_zrm(
                client=client,
                assessed_on=self.day(days_ago),
                moment=moment,
                assessor=self.people[case.casemanager or CM],
                scores=rows,
            )
            # Mostly a little better by the next assessment, sometimes worse.
            scores = {
                c: min(max(s + rng.choice([-1, 0, 0, 1, 1]), 1), 5) for c, s in scores.items()
            }

    def escalate(self, case: Case, client: Client) -> None:
        # Back-dated, so made here with the same rules as services.escalate (which dates today).
        raised = 3 if case.escalation == "acknowledged" else 12
        term = CaseloadSettings.current().response_working_days
        escalation = Escalation.objects.create(
            client=client,
            question=QUESTIONS[case.escalation],
            raised_by=self.people[case.casemanager or CM],
            raised_at=self.at(raised, 11),
            respond_by=dates.add_working_days(self.day(raised), term),
        )
        if case.escalation == "acknowledged":
            services.add_escalation_action(
                escalation=escalation,
                by=self.people[PROCESS_DIRECTOR],
                kind=EscalationAction.Kind.AGREEMENT,
                description="Procesregie belt de woningcorporatie over urgentie; casemanager "
                "plant met Pro Persona een gezamenlijk huisbezoek.",
                owner="Procesregisseur en casemanager",
                follow_up_on=self.day(-14),
            )

    def end(self, case: Case, client: Client) -> None:
        if case.end == HANDOVER:
            services.reassign(
                client=client,
                to_casemanager=self.people[CM],
                overlap_until=self.day(-10),
                note="Zij kent de nieuwe casemanager van de Cirkel. Lopend: begeleiding door "
                "Levenskracht net gestart; samen het eerstvolgende huisbezoek doen.",
                by=self.people[COORDINATOR],
            )
        elif case.end == FOLLOWED:
            services.update_client(
                client=client,
                expected_version=client.version,
                changes={"status": Client.Status.MONITORING},
            )
        elif case.end:
            services.close_client(
                client=client,
                closed_on=self.day(case.closed),
                outcome=case.end,
                outcome_region=case.outcome_region,
                # The demo's history names the account that loaded it (not a casemanager).
                by=User.objects.system_account(),
            )


def load_demo_caseload(people: dict[str, User]) -> bool:
    """Load the invented caseload unless clients exist already; True when it loaded."""
    if Client.objects.exists():
        return False
    fake = Faker("nl_NL")
    fake.seed_instance(SEED + 1)  # other names than the demo accounts', the same on every run
    loader = Loader(
        people=people,
        today=timezone.localdate(),
        fake=fake,
        rng=random.Random(SEED),  # noqa: S311 - invented demo data, not security
        domains={d.code: d for d in DomainSet.default().domains.order_by("order")},
        partners=list(NetworkPartner.objects.filter(is_active=True).exclude(name="Anders")),
    )
    for case in CASES:
        loader.load(case)
    return True


def caseload_summary() -> str:
    """One line with what the caseload holds, for the command's output."""
    return (
        f"{Client.objects.count()} cliënten, {Contact.objects.count()} contacten, "
        f"{Goal.objects.count()} doelen, {ZrmAssessment.objects.count()} ZRM-metingen, "
        f"{Trajectory.objects.count()} trajecten, "
        f"{Escalation.objects.filter(closed_at__isnull=True).count()} open opschalingen"
    )
