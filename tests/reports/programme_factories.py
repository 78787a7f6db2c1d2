"""A whole programme for the overview's tests: coalitions, pairs, applications in every
status, reviews, the workshop and who came, support requests, awards, spending, reports —
``scale`` times over, and a second call whose rows must never be counted."""

import datetime as dt
from decimal import Decimal

from accounts import roles
from applications.models import Application
from calls.models import Stage
from coalitions.models import Coalition, Partnership, Region
from grants.models import Report, Spending, TechnicalSupportApplication
from reviews.models import ReviewAssignment
from tests.applications.factories import ApplicationFactory
from tests.coalitions.factories import CoalitionFactory, RegionFactory
from tests.factories import user_with_role
from tests.grants.award_factories import awarded
from tests.grants.factories import support_call
from workshops.models import Attendance, Event, Participant

S = Application.Status
TODAY = dt.date(2030, 10, 1)
STATUSES = [S.DRAFT, S.SUBMITTED, S.SELECTED, S.SELECTED, S.REJECTED, S.RESERVE, S.WITHDRAWN]


def regions():
    return [
        RegionFactory(name="Чуй", name_ky="Чүй", order=1),
        RegionFactory(name="Ош", name_ky="Ош", order=2),
        RegionFactory(name="Нарын", name_ky="Нарын", order=3),
    ]


def _pair(call):
    civic = CoalitionFactory(kind=Coalition.Kind.CIVIC)
    economic = CoalitionFactory(kind=Coalition.Kind.ECONOMIC)
    return Partnership.objects.create(
        call=call, inviter=civic, invitee=economic, status=Partnership.Status.CONFIRMED
    )


def applications(call, places, round_number: int) -> list[Application]:
    """Seven applications, one per status (two selected); every other one a pair; regions
    and priorities spread, one with neither."""
    priorities = list(call.priorities.all())
    made = []
    for index, status in enumerate(STATUSES):
        pair = _pair(call) if index % 2 else None
        application = ApplicationFactory(
            call=call,
            coalition=pair.inviter if pair else CoalitionFactory(),
            partner=pair.invitee if pair else None,
            partnership=pair,
            status=status,
            idea_title=f"Идея {round_number}-{index}",
        )
        if index != 3:
            application.regions.set(places[: 1 + index % 3])
            application.priorities.set(priorities[index % 3 : index % 3 + 1 + index % 2])
        made.append(application)
    Partnership.objects.create(  # an invitation never answered: not a pair
        call=call, inviter=CoalitionFactory(), invitee=CoalitionFactory()
    )
    return made


def reviews(call, made: list[Application], people) -> None:
    statuses = [
        ReviewAssignment.Status.SUBMITTED,
        ReviewAssignment.Status.ASSIGNED,
        ReviewAssignment.Status.RECUSED,
    ]
    for index, application in enumerate(made[1:6]):
        for offset, person in enumerate(people):
            ReviewAssignment.objects.create(
                call=call,
                stage=Stage.WORKSHOP,
                content_type_id=_content_type(Application),
                object_id=application.pk,
                reviewer=person,
                status=statuses[(index + offset) % 3],
            )


def _content_type(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def workshop(call, made: list[Application]) -> None:
    """Both selected applications send people; one coalition's person never comes."""
    event = Event.objects.get(call=call, kind=Event.Kind.WORKSHOP)
    for application in made:
        if application.status != S.SELECTED:
            continue
        for coalition in filter(None, [application.coalition, application.partner]):
            person = Participant.objects.create(event=event, coalition=coalition, full_name="У")
            Attendance.objects.create(participant=person, day=event.starts_on, present=True)
            Attendance.objects.create(participant=person, day=event.ends_on, present=True)
    absent = Participant.objects.create(event=event, coalition=CoalitionFactory(), full_name="Н")
    Attendance.objects.create(participant=absent, day=event.starts_on, present=False)


def support(call, made: list[Application]) -> None:
    """Two awards (one a pair) with spending and reports in each state, a request
    declined and a draft (not asked)."""
    R = Report.Status
    first = awarded(call=call, coalition=made[2].coalition)
    first.application.workshop_application = made[2]
    first.application.save(update_fields=["workshop_application"])
    second = awarded(call=call, coalition=made[3].coalition, partner=made[3].partner)
    for award, spent in ((first, ["30000", "1500"]), (second, ["45000"])):
        for line, amount in zip(award.lines.all(), spent, strict=False):
            Spending.objects.create(
                award=award,
                line=line,
                spent_on=TODAY,
                amount=Decimal(amount),
                supplier="ИП",
                description="оплата",
            )
    reports = [
        (first, Report.Kind.INTERIM, TODAY - dt.timedelta(days=20), R.ACCEPTED),
        (first, Report.Kind.FINAL, TODAY - dt.timedelta(days=1), R.ACCEPTED),
        (second, Report.Kind.INTERIM, TODAY - dt.timedelta(days=3), R.DRAFT),
        (second, Report.Kind.INTERIM, TODAY + dt.timedelta(days=30), R.DRAFT),
        (second, Report.Kind.INTERIM, TODAY - dt.timedelta(days=9), R.SUBMITTED),
        (second, Report.Kind.FINAL, TODAY + dt.timedelta(days=60), R.CHANGES_REQUESTED),
    ]
    for award, kind, due, status in reports:
        Report.objects.create(award=award, kind=kind, due_on=due, status=status)
    for status in (TechnicalSupportApplication.Status.NOT_SUPPORTED, "draft"):
        TechnicalSupportApplication.objects.create(
            call=call, coalition=CoalitionFactory(), status=status
        )


def add_rounds(call, places, people, rounds: int, start: int = 0) -> None:
    for number in range(start, start + rounds):
        made = applications(call, places, number)
        reviews(call, made, people)
        workshop(call, made)
        support(call, made)


def programme(scale: int = 1):
    """The call (870 000 KGS, a workshop), ``scale`` rounds of everything, and another
    call with a round of its own."""
    places = regions()
    call, other = support_call(slug="eged-2030"), support_call(slug="eged-2031")
    people = [user_with_role(roles.REVIEWER, first_name=f"Р{n}") for n in range(2)]
    add_rounds(call, places, people, scale)
    add_rounds(other, places, people, 1)
    return call


def more(call, rounds: int) -> None:
    """``rounds`` more rounds in ``call``, each with a reviewer of its own as well."""
    places = list(Region.objects.filter(name__in=["Чуй", "Ош", "Нарын"]).order_by("order"))
    for number in range(rounds):
        people = [user_with_role(roles.REVIEWER, first_name=f"Д{number}")]
        add_rounds(call, places, people, 1, start=100 + number)
