"""Build a large programme: the demo (through the project's services), then the masses.

At ``scale=1``: 3,000 coalitions with owners, editors, member organisations, regions and
interests; 1,000 confirmed pairs; 5,000 complete applications (2,000 in the 2022 call,
3,000 in the open call) with answers, joint organisations, proposed attendees and their
status history; 4 submitted reviews of 7 criteria each; 600 workshop participants with
five days of attendance; 10,000 registrations for the information session (the audience
of the reminder benchmark); 300 technical-support requests of the 2022 call with 3,000
budget lines, activities and expected results, two support-stage reviews each; 60 awards
with their lines and contracts (not yet printed: benchmark 4 prints them), spending on
every line, reallocations, and an interim and a final report per award in every state.

How: ``load_demo`` first — calls, criteria, people, the demo's coalitions, applications,
reviews, workshop, support requests, awards, contracts, reports and reminder rules, all
through the services. The masses are then written with ``bulk_create`` in the shape the
services give them: ``Coalition.name_key`` set as ``Coalition.save`` sets it; history rows
for models with ``HistoricalRecords`` (``bulk_create_with_history``); every submitted
application has its draft → submitted change recorded, ``version`` 1 and its consent;
decisions are recorded the same way; reviews are by people of the reviewer group who are
not members of the coalition, with one score per criterion in its range; support requests
carry ``requested_total`` as the sum of their lines; awards stay within the call's budget
(raised as staff would raise it) and their contracts are numbered as ``award_support``
numbers them. Nothing is sent: the demo's e-mails go to the locmem backend and the masses
record no messages (as if delivered long ago).

Parts are registered with ``@part``; a part not buildable yet is registered with
``skip=`` and the reason, so the report says what is missing.
"""

import dataclasses
import datetime as dt
import io
import random
import time
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

# Full-scale sizes (the numbers); ``scale`` multiplies them.
SIZES = {
    "coalitions": 3000,
    "applications": 5000,
    "reviews_per_application": 4,
    "participants": 600,
    "workshop_days": 5,
    "info_session_registrants": 10_000,
    "reviewers": 40,
    # grants
    "support_applications": 300,
    "budget_lines": 3000,
    "awards": 60,
}
BATCH = 2000
PASSWORD = "bench-password-12"  # noqa: S105 — the bench's people, on the bench database only

SENTENCES = [
    "Жители сёл не знают, как расходуется местный бюджет айыл окмоту.",
    "Предприниматели сталкиваются с непрозрачными закупками на уровне района.",
    "Коалиция соберёт данные о расходах и опубликует их в понятном виде.",
    "Мы добиваемся публикации бюджетов и отчётов о закупках на сайтах айыл окмоту.",
    "Решение принимают местные кенеши и министерство финансов.",
    "Женщины-предпринимательницы в регионах чаще других лишены доступа к кредитам.",
    "Мы проведём опрос жителей и фокус-группы с фермерами и ремесленниками.",
    "Инфографика расходов и открытые слушания сделают кампанию убедительной.",
    "За две кампании с 2019 года коалиция добилась изменения двух положений.",
    "Ожидаем, что бюджеты будут опубликованы не менее чем в пяти айылах.",
    "Бизнес-ассоциация поможет с анализом налоговой нагрузки на малый бизнес.",
    "Гражданские организации обеспечат участие уязвимых групп в слушаниях.",
]


class Skip(Exception):
    """A part or benchmark that cannot run on this branch; the message says why."""


@dataclasses.dataclass
class Programme:
    """What the parts build, handed from one part to the next."""

    scale: float
    rng: random.Random
    archive: object = None
    current: object = None
    people: dict = dataclasses.field(default_factory=dict)
    staff: object = None
    reviewers: list = dataclasses.field(default_factory=list)
    coalitions: list = dataclasses.field(default_factory=list)
    applications: list = dataclasses.field(default_factory=list)
    workshop: object = None
    counts: dict = dataclasses.field(default_factory=dict)
    versions: dict = dataclasses.field(default_factory=dict)  # call pk → form version
    questions: list = dataclasses.field(default_factory=list)  # of the bench's 40-question form

    def size(self, name: str, minimum: int = 1) -> int:
        return max(minimum, round(SIZES[name] * self.scale))

    def text(self, sentences: int = 3) -> str:
        return " ".join(self.rng.choice(SENTENCES) for _ in range(sentences))

    def answers(self, n: int) -> dict:
        """An answer to each of the 40 questions, as the form stores them."""
        return {question.key: _answer(self, question, n) for question in self.questions}


# The 2022 questions and 30 more of every storable kind: the form of issue #21's export
# target (5,000 applications × 40 questions).
EXTRA_TYPES = ["integer", "amount", "date", "choice", "choices", "yes_no", "email", "url"]


def _answer(programme: Programme, question, n: int):
    kind = question.type
    if kind == "long_text":
        return programme.text(3)
    if kind == "integer":
        return n % 500
    if kind == "amount":
        return f"{(n * 137) % 900000}.50"
    if kind == "date":
        return f"2030-{1 + n % 12:02d}-{1 + n % 28:02d}"
    if kind == "choice":
        return question.choices[n % len(question.choices)]["value"]
    if kind == "choices":
        return [choice["value"] for choice in question.choices[: 1 + n % 3]]
    if kind == "yes_no":
        return n % 2 == 0
    if kind == "email":
        return f"team{n}@bench.eged.kg"
    if kind == "url":
        return f"https://bench.eged.kg/{n}"
    return f"Ответ {n}"


def forty_questions(call):
    """The call's application form with 30 questions added to the 2022 ones (a new version
    if the demo's is in use); returns the version."""
    from calls.form_services import edit_version, questions_of
    from calls.models import Form, FormSection, Question

    version = edit_version(Form.objects.get(call=call, kind=Form.Kind.APPLICATION))
    section = FormSection.objects.create(version=version, position=99, key="more", title="Ещё")
    choices = [{"value": f"v{i}", "label": f"Вариант {i}"} for i in range(1, 5)]
    Question.objects.bulk_create(
        Question(
            version=version,
            section=section,
            position=i,
            key=f"extra_{i}",
            type=EXTRA_TYPES[i % len(EXTRA_TYPES)],
            label=f"Дополнительный вопрос {i}",
            choices=choices if EXTRA_TYPES[i % len(EXTRA_TYPES)] in ("choice", "choices") else [],
        )
        for i in range(1, 31)
    )
    version._sections_cache = None
    return version, [q for q in questions_of(version) if not q.is_fixed]


@dataclasses.dataclass(frozen=True)
class Part:
    name: str
    build: Callable[[Programme], dict]
    skip: str = ""


PARTS: list[Part] = []


def part(name: str, *, skip: str = ""):
    """Register ``build(programme) -> {what: how many}`` as a part of the programme."""

    def register(function):
        PARTS.append(Part(name, function, skip))
        return function

    return register


def reset_database() -> None:
    """Empty every table (the bench database is the suite's own)."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # flush recreated them


def generate(*, scale: float = 1.0, seed: int = 12, log=print) -> Programme:
    """Empty the database and build the programme at ``scale``; returns what was built."""
    programme = Programme(scale=scale, rng=random.Random(seed))
    reset_database()
    for item in PARTS:
        if item.skip:
            log(f"  {item.name:<22} skipped: {item.skip}")
            continue
        started = time.perf_counter()
        with transaction.atomic():
            made = item.build(programme) or {}
        programme.counts.update(made)
        summary = ", ".join(f"{n} {what}" for what, n in made.items())
        log(f"  {item.name:<22} {time.perf_counter() - started:6.1f} s  {summary}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Bulk updates (decisions, stored scores) leave dead rows a database in use
            # would have vacuumed away; the planner needs statistics either way.
            cursor.execute("VACUUM ANALYZE")
    return programme


# --- Parts --------------------------------------------------------------------------


@part("demo (services)")
def build_demo(programme: Programme) -> dict:
    from accounts import roles
    from accounts.demo import load_people
    from calls.models import Call

    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    programme.people = load_people()
    programme.staff = programme.people["staff"]
    programme.archive = Call.objects.get(slug="eged-2022")
    programme.current = Call.objects.filter(status=Call.Status.OPEN).get()
    for call in (programme.archive, programme.current):
        programme.versions[call.pk], programme.questions = forty_questions(call)
    roles.ensure_role_groups()
    return {"demo calls": 2}


def _users(programme: Programme, prefix: str, count: int, **fields) -> list:
    from allauth.account.models import EmailAddress

    from accounts.models import User

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        (
            User(
                email=f"{prefix}{n}@bench.eged.kg",
                first_name=f"Имя{n}",
                last_name=f"Фамилия{n}",
                password=password,
                language=("ru", "ky", "en")[n % 3],
                **fields,
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
        batch_size=BATCH,
    )
    return users


@part("coalitions")
def build_coalitions(programme: Programme) -> dict:
    from coalitions.models import (
        Coalition,
        Interest,
        MemberOrganisation,
        Membership,
        Partnership,
        PartnershipStatusChange,
        Region,
        name_key,
    )

    rng = programme.rng
    count = programme.size("coalitions", minimum=4)
    regions = list(Region.objects.all())
    interests = list(Interest.objects.all())
    coalitions = []
    for n in range(count):
        kind = Coalition.Kind.CIVIC if n % 2 == 0 else Coalition.Kind.ECONOMIC
        name = f"Коалиция «Бенч {n}» ({'гражданская' if n % 2 == 0 else 'экономическая'})"
        coalitions.append(
            Coalition(
                name=name,
                name_key=name_key(name),
                kind=kind,
                description=programme.text(2),
                mission=programme.text(1),
                year_founded=2005 + n % 18,
                contact_person=f"Контакт {n}",
                contact_email=f"coalition{n}@bench.eged.kg",
                contact_phone=f"+996 555 {n % 1000:03d} {n % 997:03d}",
                looking_for_partner=n % 2 == 0 or n % 3 == 0,
                partner_note=programme.text(1),
            )
        )
    coalitions = bulk_create_with_history(coalitions, Coalition, batch_size=BATCH)
    programme.coalitions = coalitions
    Coalition.regions.through.objects.bulk_create(
        (
            Coalition.regions.through(coalition_id=c.pk, region_id=r.pk)
            for c in coalitions
            for r in rng.sample(regions, min(2, len(regions)))
        ),
        batch_size=BATCH,
    )
    Coalition.interests.through.objects.bulk_create(
        (
            Coalition.interests.through(coalition_id=c.pk, interest_id=i.pk)
            for c in coalitions
            for i in rng.sample(interests, min(3, len(interests)))
        ),
        batch_size=BATCH,
    )
    organisations = MemberOrganisation.objects.bulk_create(
        (
            MemberOrganisation(
                coalition=c,
                name=f"ОО «Организация {c.pk}-{k}»",
                sector=sector,
                organisation_type=(
                    MemberOrganisation.OrganisationType.NGO
                    if sector == MemberOrganisation.Sector.CIVIC
                    else MemberOrganisation.OrganisationType.BUSINESS_ASSOCIATION
                ),
                region=regions[(c.pk + k) % len(regions)] if regions else None,
                contact=f"+996 700 {c.pk % 1000:03d} {k:03d}",
            )
            for c in coalitions
            for k, sector in enumerate(
                [MemberOrganisation.Sector.CIVIC, MemberOrganisation.Sector.BUSINESS]
            )
        ),
        batch_size=BATCH,
    )
    owners = _users(programme, "owner", count)
    editors = _users(programme, "editor", count // 3)
    memberships = [
        Membership(coalition=c, user=u, role=Membership.Role.OWNER)
        for c, u in zip(coalitions, owners, strict=True)
    ] + [
        Membership(coalition=coalitions[3 * n], user=u, role=Membership.Role.EDITOR)
        for n, u in enumerate(editors)
    ]
    bulk_create_with_history(memberships, Membership, batch_size=BATCH)
    # Confirmed pairs of the open call: civic coalition 2k with economic 2k+1, for a third.
    pairs = []
    for n in range(0, count - 1, 6):
        pairs.append(
            Partnership(
                call=programme.current,
                inviter=coalitions[n],
                invitee=coalitions[n + 1],
                status=Partnership.Status.CONFIRMED,
                invited_by=owners[n],
                responded_by=owners[n + 1],
                responded_at=timezone.now(),
            )
        )
    pairs = Partnership.objects.bulk_create(pairs, batch_size=BATCH)
    PartnershipStatusChange.objects.bulk_create(
        [
            PartnershipStatusChange(
                partnership=p,
                from_status="",
                to_status=Partnership.Status.INVITED,
                by_id=p.invited_by_id,
                by_coalition_id=p.inviter_id,
            )
            for p in pairs
        ]
        + [
            PartnershipStatusChange(
                partnership=p,
                from_status=Partnership.Status.INVITED,
                to_status=Partnership.Status.CONFIRMED,
                by_id=p.responded_by_id,
                by_coalition_id=p.invitee_id,
            )
            for p in pairs
        ],
        batch_size=BATCH,
    )
    programme.pairs = {p.inviter_id: p for p in pairs}
    programme.owners = owners
    return {
        "coalitions": len(coalitions),
        "member organisations": len(organisations),
        "memberships": len(memberships),
        "confirmed pairs": len(pairs),
    }


@part("applications")
def build_applications(programme: Programme) -> dict:
    from applications.models import (
        Application,
        ApplicationStatusChange,
        JointOrganisation,
        ProposedAttendee,
    )
    from coalitions.models import Region

    rng = programme.rng
    total = programme.size("applications", minimum=4)
    coalitions = programme.coalitions
    # One application per coalition and call: the open call takes up to one per coalition,
    # the 2022 call the rest.
    in_current = min(len(coalitions), total - total * 2 // 5)
    in_archive = min(len(coalitions), total - in_current)
    regions = list(Region.objects.all())
    plan = [(programme.current, c) for c in coalitions[:in_current]] + [
        (programme.archive, c) for c in coalitions[:in_archive]
    ]
    owner_of = {c.pk: o.pk for c, o in zip(coalitions, programme.owners, strict=True)}
    applications = []
    for n, (call, coalition) in enumerate(plan):
        deadline = call.application_deadline
        submitted_at = deadline - dt.timedelta(days=1 + n % 20, minutes=n % 600)
        pair = programme.pairs.get(coalition.pk) if call.pk == programme.current.pk else None
        applications.append(
            Application(
                call=call,
                coalition=coalition,
                partnership=pair,
                partner_id=pair.invitee_id if pair else None,
                partner_confirmed_at=submitted_at if pair else None,
                status=Application.Status.SUBMITTED,
                version=1,
                submitted_at=submitted_at,
                idea_title=f"Идея кампании {n}: открытые бюджеты и закупки",
                form_version=programme.versions[call.pk],
                answers=programme.answers(n),
                consent_personal_data=True,
                consent_at=submitted_at - dt.timedelta(days=3),
                created_by_id=owner_of[coalition.pk],
            )
        )
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    programme.applications = applications
    priorities = {c.pk: list(c.priorities.all()) for c in (programme.archive, programme.current)}
    topics = {c.pk: list(c.key_topics.all()) for c in (programme.archive, programme.current)}
    through = Application.priorities.through
    through.objects.bulk_create(
        (
            through(application_id=a.pk, priority_id=p.pk)
            for a in applications
            for p in rng.sample(priorities[a.call_id], min(2, len(priorities[a.call_id])))
        ),
        batch_size=BATCH,
    )
    through = Application.regions.through
    through.objects.bulk_create(
        (
            through(application_id=a.pk, region_id=r.pk)
            for a in applications
            for r in rng.sample(regions, min(2, len(regions)))
        ),
        batch_size=BATCH,
    )
    through = Application.key_topics.through
    through.objects.bulk_create(
        (
            through(application_id=a.pk, keytopic_id=t.pk)
            for a in applications
            for t in rng.sample(topics[a.call_id], min(3, len(topics[a.call_id])))
        ),
        batch_size=BATCH,
    )
    JointOrganisation.objects.bulk_create(
        (
            JointOrganisation(
                application=a,
                position=k,
                name=f"{'НКО' if k == 0 else 'Ассоциация'} «Участник {a.pk}-{k}»",
                sector=JointOrganisation.Sector.CIVIC
                if k == 0
                else JointOrganisation.Sector.BUSINESS,
                role=programme.text(1),
            )
            for a in applications
            for k in range(2)
        ),
        batch_size=BATCH,
    )
    ProposedAttendee.objects.bulk_create(
        (
            ProposedAttendee(
                application=a,
                position=k,
                full_name=f"Участник {a.pk}-{k}",
                job_title="координатор",
                organisation=f"НКО «Участник {a.pk}-{k}»",
                email=f"attendee{a.pk}-{k}@bench.eged.kg",
                phone=f"+996 555 {a.pk % 1000:03d} {k:03d}",
            )
            for a in applications
            for k in range(2)
        ),
        batch_size=BATCH,
    )
    ApplicationStatusChange.objects.bulk_create(
        (
            ApplicationStatusChange(
                application=a,
                from_status=Application.Status.DRAFT,
                to_status=Application.Status.SUBMITTED,
                by_id=a.created_by_id,
                at=a.submitted_at,
            )
            for a in applications
        ),
        batch_size=BATCH,
    )
    return {"applications": len(applications)}


@part("reviews")
def build_reviews(programme: Programme) -> dict:
    from django.contrib.auth.models import Group

    from accounts import roles
    from applications.models import Application, ApplicationStatusChange
    from calls.models import Criterion, Stage
    from reviews.models import ReviewAssignment, Score
    from reviews.tallies import refresh_tallies

    rng = programme.rng
    per_application = SIZES["reviews_per_application"]
    reviewers = _users(
        programme, "reviewer", max(per_application, programme.size("reviewers")), is_staff=True
    )
    Group.objects.get(name=roles.REVIEWER).user_set.add(*reviewers)
    programme.reviewers = reviewers
    content_type = ContentType.objects.get_for_model(Application)
    criteria = {
        call.pk: list(Criterion.objects.filter(call=call, stage=Stage.WORKSHOP))
        for call in (programme.archive, programme.current)
    }
    assignments = []
    for n, application in enumerate(programme.applications):
        # Bench coalitions have no reviewer among their members: no conflict of interest.
        for k in range(per_application):
            reviewer = reviewers[(n + k) % len(reviewers)]
            assignments.append(
                ReviewAssignment(
                    call_id=application.call_id,
                    stage=Stage.WORKSHOP,
                    content_type=content_type,
                    object_id=application.pk,
                    reviewer=reviewer,
                    status=ReviewAssignment.Status.SUBMITTED,
                    recommendation=rng.choice(ReviewAssignment.Recommendation.values),
                    comment=programme.text(1),
                    assigned_by=programme.staff,
                    submitted_at=application.submitted_at + dt.timedelta(days=5),
                )
            )
    assignments = bulk_create_with_history(assignments, ReviewAssignment, batch_size=BATCH)
    scores = [
        Score(
            assignment=a,
            criterion=c,
            points=Decimal(rng.randint(0, c.max_points * 2)) / 2,
            comment="",
        )
        for a in assignments
        for c in criteria[a.call_id]
    ]
    bulk_create_with_history(scores, Score, batch_size=BATCH)
    # What ``reviews.tallies`` stores on each application when a review is submitted.
    refresh_tallies(Application, [a.pk for a in programme.applications])
    # Decisions on the 2022 call: every fifth selected, every seventh in reserve.
    archive = [a for a in programme.applications if a.call_id == programme.archive.pk]
    decisions = {}
    for n, application in enumerate(archive):
        if n % 5 == 0:
            decisions[application.pk] = Application.Status.SELECTED
        elif n % 7 == 0:
            decisions[application.pk] = Application.Status.RESERVE
        else:
            decisions[application.pk] = Application.Status.REJECTED
    for status in set(decisions.values()):
        Application.objects.filter(
            pk__in=[pk for pk, s in decisions.items() if s == status]
        ).update(status=status)
    ApplicationStatusChange.objects.bulk_create(
        (
            ApplicationStatusChange(
                application_id=pk,
                from_status=Application.Status.SUBMITTED,
                to_status=status,
                by=programme.staff,
                at=programme.archive.application_deadline + dt.timedelta(days=10),
            )
            for pk, status in decisions.items()
        ),
        batch_size=BATCH,
    )
    programme.selected = [pk for pk, s in decisions.items() if s == Application.Status.SELECTED]
    return {"reviews": len(assignments), "scores": len(scores), "decisions": len(decisions)}


@part("workshop")
def build_workshop(programme: Programme) -> dict:
    from applications.models import Application
    from workshops.models import Attendance, Event, Participant

    workshop = Event.objects.get(call=programme.archive, kind=Event.Kind.WORKSHOP)
    programme.workshop = workshop
    count = programme.size("participants")
    coalitions = list(
        Application.objects.filter(pk__in=programme.selected)
        .order_by("pk")
        .values_list("coalition_id", "coalition__name")
    )
    if not coalitions:
        return {}
    per_coalition = max(1, -(-count // len(coalitions)))
    nights = [night.isoformat() for night in workshop.nights[:2]]
    participants = []
    for n in range(count):
        coalition_id, coalition_name = coalitions[(n // per_coalition) % len(coalitions)]
        participants.append(
            Participant(
                event=workshop,
                coalition_id=coalition_id,
                full_name=f"Участник Бенч{n}",
                job_title="координатор кампании",
                organisation=coalition_name,
                email=f"participant{n}@bench.eged.kg",
                phone=f"+996 555 200 {n % 1000:03d}",
                arriving_from="Ош",
                nights=nights,
                photo_consent=n % 4 != 0,
                confirmed_by=programme.staff,
            )
        )
    participants = bulk_create_with_history(participants, Participant, batch_size=BATCH)
    days = workshop.days[: SIZES["workshop_days"]]
    attendance = Attendance.objects.bulk_create(
        (
            Attendance(participant=p, day=day, present=(n + k) % 11 != 0, marked_by=programme.staff)
            for n, p in enumerate(participants)
            for k, day in enumerate(days)
        ),
        batch_size=BATCH,
    )
    return {"participants": len(participants), "attendance marks": len(attendance)}


@part("information session")
def build_info_session(programme: Programme) -> dict:
    """Registrations for the open call's information session: the reminder audience."""
    from calls.models import InfoSessionRegistration

    count = programme.size("info_session_registrants")
    mode = InfoSessionRegistration.Mode
    registrations = InfoSessionRegistration.objects.bulk_create(
        (
            InfoSessionRegistration(
                call=programme.current,
                full_name=f"Слушатель {n}",
                email=f"listener{n}@bench.eged.kg",
                organisation=f"НКО «Слушатель {n}»",
                phone=f"+996 555 300 {n % 1000:03d}",
                mode=mode.ONLINE if n % 3 else mode.OFFLINE,
                language=("ru", "ky", "en")[n % 3],
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    return {"info-session registrations": len(registrations)}


SUPPORT_LINES = [
    ("expert", "Эксперт по государственным закупкам", "день", 6000),
    ("expert", "Аналитик местных бюджетов", "день", 5500),
    ("event", "Общественные слушания: зал, кофе-брейк, транспорт", "слушание", 30000),
    ("event", "Круглый стол с депутатами кенеша", "мероприятие", 25000),
    ("materials", "Печать памяток для жителей", "экз.", 40),
    ("materials", "Инфографика расходов: дизайн и публикация", "комплект", 15000),
    ("mentoring", "Менторство команды кампании", "сессия", 3500),
    ("mentoring", "Консультации юриста по запросам информации", "консультация", 2500),
    ("other", "Публикации в местных СМИ", "публикация", 4000),
    ("other", "Перевод материалов на кыргызский язык", "страница", 600),
]


@part("grants")
def build_grants(programme: Programme) -> dict:
    """Technical-support requests of the 2022 call's workshop coalitions, reviewed at the
    support stage; the first ones awarded everything they asked, each with its contract
    numbered as ``award_support`` numbers it. The contracts' PDFs are left to the worker
    (benchmark 4 prints them), as right after staff accept a selection."""
    from applications.models import Application
    from calls.models import Criterion, Stage
    from grants import contracts
    from grants.models import (
        Activity,
        Award,
        AwardLine,
        BudgetLine,
        Contract,
        ExpectedResult,
        SupportStatusChange,
        TechnicalSupportApplication,
    )
    from grants.services import line_total
    from reviews.models import ReviewAssignment, Score

    rng = programme.rng
    call = programme.archive
    status = TechnicalSupportApplication.Status
    count = programme.size("support_applications")
    per_request = max(1, SIZES["budget_lines"] // SIZES["support_applications"])
    # Requests come from the workshop's coalitions (selected in 2022), then from any other
    # coalition with an application to the 2022 call.
    workshop = list(
        Application.objects.filter(call=call, coalition__in=programme.coalitions)
        .order_by("-status", "pk")  # "selected" before "reserve" and "rejected"
        .values_list("pk", "coalition_id", "partner_id", "idea_title", "created_by_id")
    )
    deadline = call.support_deadline
    requests = []
    for n, (application_id, coalition_id, partner_id, title, owner_id) in enumerate(
        workshop[:count]
    ):
        requests.append(
            TechnicalSupportApplication(
                call=call,
                coalition_id=coalition_id,
                partner_id=partner_id,
                workshop_application_id=application_id,
                status=status.SUBMITTED,
                version=1,
                submitted_at=deadline - dt.timedelta(days=1 + n % 10, minutes=n % 600),
                title=title,
                answers={
                    "goal": programme.text(2),
                    "objectives": programme.text(2),
                    "decision_makers": programme.text(1),
                    "audiences": programme.text(1),
                    "data_collection": programme.text(2),
                    "resource_mobilisation": programme.text(1),
                    "risks": programme.text(1),
                },
                created_by_id=owner_id,
            )
        )
    requests = TechnicalSupportApplication.objects.bulk_create(requests, batch_size=BATCH)
    year = call.implementation_end.year
    Activity.objects.bulk_create(
        (
            Activity(
                application=r,
                position=k,
                description=f"Мероприятие {k + 1}: {programme.text(1)}"[:500],
                starts_on=dt.date(year, 8 + k, 1),
                ends_on=dt.date(year, 8 + k, 20),
            )
            for r in requests
            for k in range(3)
        ),
        batch_size=BATCH,
    )
    results = ExpectedResult.objects.bulk_create(
        (
            ExpectedResult(
                application=r,
                position=k,
                result=("Бюджеты айыл окмоту опубликованы", "Решение кенеша принято")[k],
                indicator=("айыл окмоту", "решение")[k],
                target=("5", "1")[k],
            )
            for r in requests
            for k in range(2)
        ),
        batch_size=BATCH,
    )
    lines = []
    for r in requests:
        for k in range(per_request):
            kind, text, unit, cost = SUPPORT_LINES[k % len(SUPPORT_LINES)]
            quantity = Decimal(rng.randint(1, 20))
            lines.append(
                BudgetLine(
                    application=r,
                    position=k,
                    support_type=kind,
                    description=text,
                    unit=unit,
                    quantity=quantity,
                    unit_cost=Decimal(cost),
                    total=line_total(quantity=quantity, unit_cost=cost),
                )
            )
    lines = BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
    lines_of: dict[int, list] = {}
    for line in lines:
        lines_of.setdefault(line.application_id, []).append(line)
    for r in requests:
        r.requested_total = sum((line.total for line in lines_of[r.pk]), start=Decimal("0"))
    TechnicalSupportApplication.objects.bulk_update(requests, ["requested_total"], batch_size=BATCH)
    changes = [
        SupportStatusChange(
            application=r,
            from_status=status.DRAFT,
            to_status=status.SUBMITTED,
            by_id=r.created_by_id,
            at=r.submitted_at,
        )
        for r in requests
    ]

    # Reviews at the support stage: two per request, every criterion scored.
    content_type = ContentType.objects.get_for_model(TechnicalSupportApplication)
    criteria = list(Criterion.objects.filter(call=call, stage=Stage.SUPPORT))
    reviewers = programme.reviewers
    assignments = bulk_create_with_history(
        [
            ReviewAssignment(
                call=call,
                stage=Stage.SUPPORT,
                content_type=content_type,
                object_id=r.pk,
                reviewer=reviewers[(n + k) % len(reviewers)],
                status=ReviewAssignment.Status.SUBMITTED,
                recommendation=rng.choice(ReviewAssignment.Recommendation.values),
                comment=programme.text(1),
                assigned_by=programme.staff,
                submitted_at=deadline + dt.timedelta(days=5),
            )
            for n, r in enumerate(requests)
            for k in range(2)
        ],
        ReviewAssignment,
        batch_size=BATCH,
    )
    scores = bulk_create_with_history(
        [
            Score(
                assignment=a,
                criterion=c,
                points=Decimal(rng.randint(0, c.max_points * 2)) / 2,
                comment="",
            )
            for a in assignments
            for c in criteria
        ],
        Score,
        batch_size=BATCH,
    )

    # Awards: the first requests get all they asked; staff raised the call's budget to
    # cover them (the service refuses an award beyond it). Every third of the others is
    # not supported; the rest wait for a decision.
    # At least two awards when there are requests enough, so that even the tiny programme
    # of the test has more than one row in every list of awards.
    awarded = requests[: programme.size("awards", minimum=min(2, len(requests)))]
    decided_at = call.selection_start and timezone.make_aware(
        dt.datetime.combine(call.selection_start, dt.time(10))
    )
    decided_at = decided_at or deadline + dt.timedelta(days=20)
    total = sum((r.requested_total for r in awarded), start=Decimal("0"))
    already = Award.objects.filter(call=call).aggregate(s=models.Sum("amount"))["s"] or 0
    call.budget = already + total
    call.max_awards = max(call.max_awards, Award.objects.filter(call=call).count() + len(awarded))
    call.save(update_fields=["budget", "max_awards"])
    awards = bulk_create_with_history(
        [
            Award(
                application=r,
                call=call,
                amount=r.requested_total,
                awarded_by=programme.staff,
                note="",
                # The campaigns whose reports are accepted are on the public page.
                published=n % 4 == 0,
                public_summary=programme.text(1) if n % 4 == 0 else "",
            )
            for n, r in enumerate(awarded)
        ],
        Award,
        batch_size=BATCH,
    )
    award_lines = AwardLine.objects.bulk_create(
        (
            AwardLine(award=a, budget_line=line, amount=line.total)
            for a, r in zip(awards, awarded, strict=True)
            for line in lines_of[r.pk]
        ),
        batch_size=BATCH,
    )
    terms = contracts.terms_for(call)
    first = (Contract.objects.filter(call=call).aggregate(n=models.Max("sequence"))["n"] or 0) + 1
    Contract.objects.bulk_create(
        (
            Contract(
                award=a,
                call=call,
                sequence=first + k,
                number=f"{terms.number_prefix}-{year}/{first + k:02d}",
            )
            for k, a in enumerate(awards)
        ),
        batch_size=BATCH,
    )
    not_supported = [r for n, r in enumerate(requests[len(awarded) :]) if n % 3 == 0]
    for r, to_status in [(r, status.AWARDED) for r in awarded] + [
        (r, status.NOT_SUPPORTED) for r in not_supported
    ]:
        changes.append(
            SupportStatusChange(
                application=r,
                from_status=status.SUBMITTED,
                to_status=to_status,
                by=programme.staff,
                at=decided_at,
            )
        )
        r.status = to_status
    TechnicalSupportApplication.objects.bulk_update(
        awarded + not_supported, ["status"], batch_size=BATCH
    )
    SupportStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    programme.awards = awards
    programme.award_lines = award_lines
    programme.expected_results = results
    return {
        "support applications": len(requests),
        "budget lines": len(lines),
        "support reviews": len(assignments),
        "support scores": len(scores),
        "awards": len(awards),
        "award lines": len(award_lines),
        "contracts": len(awards),
    }


@part("reports and spending")
def build_implementation(programme: Programme) -> dict:
    """What the awards cost and what the coalitions reported: spending on every line,
    a reallocation on two awards of three, an interim and a final report each, in every
    state of their flow, with results per expected result and the status history."""
    from grants.models import Reallocation, Report, ReportResult, ReportStatusChange, Spending

    awards = getattr(programme, "awards", [])
    if not awards:
        return {}
    finance = programme.people.get("finance") or programme.staff
    year = programme.archive.implementation_end.year
    lines_of: dict[int, list] = {}
    for line in programme.award_lines:
        lines_of.setdefault(line.award_id, []).append(line)
    results_of: dict[int, list] = {}
    for result in programme.expected_results:
        results_of.setdefault(result.application_id, []).append(result)
    suppliers = ["ИП Жамгырчиева Г.", "ОсОО «Принт Экспресс»", "ОФ «Центр адвокации»"]
    spendings, reallocations = [], []
    for n, award in enumerate(awards):
        lines = lines_of[award.pk]
        for k, line in enumerate(lines):
            # Half of each line spent; the first line gives a tenth to the second.
            spendings.append(
                Spending(
                    award=award,
                    line=line,
                    spent_on=dt.date(year, 8, 1) + dt.timedelta(days=7 * k),
                    amount=(line.amount / 2).quantize(Decimal("0.01")),
                    supplier=suppliers[k % len(suppliers)],
                    description=f"Оплата по строке {k + 1}",
                    recorded_by=finance,
                )
            )
        if n % 3 != 2 and len(lines) > 1:
            reallocations.append(
                Reallocation(
                    award=award,
                    from_line=lines[0],
                    to_line=lines[1],
                    amount=(lines[0].amount / 10).quantize(Decimal("0.01")),
                    reason="Слушания подешевели, нужен ещё один день эксперта.",
                    by=programme.staff,
                )
            )
    spendings = bulk_create_with_history(spendings, Spending, batch_size=BATCH)
    reallocations = bulk_create_with_history(reallocations, Reallocation, batch_size=BATCH)

    kind, state = Report.Kind, Report.Status
    # (interim, final) statuses by award, in turn: done, being corrected, sent, not yet.
    walks = [
        ([state.SUBMITTED, state.ACCEPTED], [state.SUBMITTED, state.ACCEPTED]),
        ([state.SUBMITTED, state.ACCEPTED], [state.SUBMITTED, state.CHANGES_REQUESTED]),
        ([state.SUBMITTED], []),
        ([], []),
    ]
    reports, steps = [], []
    for n, award in enumerate(awards):
        for report_kind, due_on, walk in [
            (kind.INTERIM, dt.date(year, 10, 1), walks[n % 4][0]),
            (kind.FINAL, programme.archive.implementation_end, walks[n % 4][1]),
        ]:
            sent_at = timezone.make_aware(dt.datetime.combine(due_on, dt.time(11)))
            filled = bool(walk)
            report = Report(
                award=award,
                kind=report_kind,
                due_on=due_on,
                status=walk[-1] if walk else state.DRAFT,
                answers={
                    "activities": programme.text(2),
                    "data_collected": programme.text(1),
                    "advocacy_outcomes": programme.text(1),
                    "challenges": programme.text(1),
                    "next_steps": programme.text(1),
                }
                if filled
                else {},
                submitted_at=sent_at if filled else None,
                first_submitted_at=sent_at if filled else None,
                staff_comment="Приложите протокол заседания кенеша."
                if walk[-1:] == [state.CHANGES_REQUESTED]
                else "",
            )
            reports.append(report)
            steps.append((report, walk, sent_at))
    reports = bulk_create_with_history(reports, Report, batch_size=BATCH)
    ReportResult.objects.bulk_create(
        (
            ReportResult(
                report=report,
                expected=expected,
                achieved=f"{expected.target} — достигнуто",
                comment="",
            )
            for report, walk, _sent in steps
            if walk
            for expected in results_of[report.award.application_id]
        ),
        batch_size=BATCH,
    )
    changes = []
    for report, walk, sent_at in steps:
        previous = state.DRAFT
        for k, to_status in enumerate(walk):
            changes.append(
                ReportStatusChange(
                    report=report,
                    from_status=previous,
                    to_status=to_status,
                    by=programme.staff if to_status != state.SUBMITTED else None,
                    at=sent_at + dt.timedelta(days=2 * k),
                    note=report.staff_comment if to_status == state.CHANGES_REQUESTED else "",
                )
            )
            previous = to_status
    ReportStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    return {
        "spending entries": len(spendings),
        "reallocations": len(reallocations),
        "reports": len(reports),
        "report status changes": len(changes),
    }
