"""A person with data in every app (and a colleague whose data must never leak)."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from accounts import roles
from applications.models import Application, ProposedAttendee
from calls.models import InfoSessionRegistration
from coalitions import services as coalition_services
from coalitions.models import Membership
from notifications.models import OutgoingMessage
from notifications.services import send_notification
from privacy import services
from tests.applications.factories import BISHKEK, member_of
from tests.applications.review_factories import criteria, scored, submitted_application
from tests.coalitions.factories import CoalitionFactory, RegionFactory
from tests.factories import user_with_role
from tests.workshops.factories import ParticipantFactory, workshop_with_selected_coalition
from workshops.models import Attendance, Certificate

EMAIL = "gulnara.asanova@example.kg"
OTHER_ADDRESS = "g.asanova@example.org"
PHONE = "+996 555 987 654"
SURNAME = "Асанова"
COLLEAGUE_EMAIL = "bakyt.osmonov@example.kg"
COLLEAGUE_PHONE = "+996 700 111 222"
COLLEAGUE_SURNAME = "Осмонов"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADMIN_2FA_REQUIRED = False  # two-factor sign-in has its own tests


@pytest.fixture
def world():
    with time_machine.travel(dt.datetime(2030, 6, 1, 12, 0, tzinfo=BISHKEK), tick=False):
        yield _world()


def _world():
    event, coalition, owner = workshop_with_selected_coalition()
    # A surname no generated person can share: the export must not hold the owner's.
    owner.last_name = "Владелецкая-Особая"
    owner.save(update_fields=["last_name"])
    call = event.call
    person = member_of(
        coalition,
        role=Membership.Role.EDITOR,
        email=EMAIL,
        first_name="Гульнара",
        last_name=SURNAME,
        phone=PHONE,
    )
    EmailAddress.objects.create(user=person, email=OTHER_ADDRESS, verified=True)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(person, "JBSWY3DPEHPK3PXP")
    colleague = member_of(
        coalition,
        role=Membership.Role.VIEWER,
        email=COLLEAGUE_EMAIL,
        first_name="Бакыт",
        last_name=COLLEAGUE_SURNAME,
        phone=COLLEAGUE_PHONE,
    )

    # Coalitions: the person is the contact, invited elsewhere, asks to join a third.
    coalition.contact_person = f"Гульнара {SURNAME}"
    coalition.contact_email = EMAIL
    coalition.contact_phone = PHONE
    coalition.save()
    elsewhere = CoalitionFactory(name="Другая коалиция")
    elsewhere_owner = member_of(elsewhere)
    coalition_services.invite_person(
        coalition=elsewhere, by=elsewhere_owner, email=EMAIL, role="viewer"
    )
    third = CoalitionFactory(name="Третья коалиция")
    member_of(third)
    coalition_services.request_to_join(coalition=third, user=person, message="Я Гульнара")
    # The person invites the colleague's other address: the export must not show it.
    coalition_services.invite_person(
        coalition=coalition, by=owner, email="bakyt.second@example.kg", role="viewer"
    )
    Membership.objects.filter(user=person).update(role=Membership.Role.OWNER)
    coalition_services.invite_person(
        coalition=coalition, by=person, email="friend.of.gulnara@example.kg", role="viewer"
    )

    # Applications: the person started the selected one and proposed themselves.
    application = Application.objects.get(coalition=coalition, call=call)
    Application.objects.filter(pk=application.pk).update(created_by=person)
    ProposedAttendee.objects.create(
        application=application, full_name=f"Гульнара {SURNAME}", email=EMAIL, phone=PHONE
    )
    InfoSessionRegistration.objects.create(
        call=call,
        full_name=f"Гульнара {SURNAME}",
        email=EMAIL,
        phone=PHONE,
        mode="online",
        user=person,
    )

    # The person also reviews another coalition's application.
    roles.ensure_role_groups()
    person.groups.add(Group.objects.get(name=roles.REVIEWER))
    criteria(call, (10, 1))
    reviewed = submitted_application(call)
    scored(reviewed, person, [7])

    # Workshop: the person and the colleague take part; the person came three days.
    region = RegionFactory(name="Талас")
    participant = ParticipantFactory(
        event=event,
        coalition=coalition,
        user=person,
        full_name=f"Гульнара {SURNAME}",
        email=EMAIL,
        phone=PHONE,
        job_title="Координатор",
        arriving_from="с. Кара-Суу",
        region=region,
        nights=[event.nights[0].isoformat()],
        diet="vegetarian",
        accessibility="Нужен пандус",
    )
    for day in event.days[:3]:
        Attendance.objects.create(participant=participant, day=day)
    Certificate.objects.create(participant=participant, number="EGED-2030-001")
    participant.phone = PHONE  # a second version in the history
    participant.save()
    colleague_participant = ParticipantFactory(
        event=event,
        coalition=coalition,
        user=colleague,
        full_name=f"Бакыт {COLLEAGUE_SURNAME}",
        email=COLLEAGUE_EMAIL,
        phone=COLLEAGUE_PHONE,
    )
    for day in event.days:
        Attendance.objects.create(participant=colleague_participant, day=day)

    # Mail: to the person, a reminder, and one to the colleague.
    send_notification(to=person, template="emails/welcome", context={"user": person}, key="w")
    OutgoingMessage.objects.create(
        key="reminder:1:deadline:2030-06-02:-1:" + str(person.pk),
        recipient=person,
        to_email=EMAIL,
        language="ru",
        template="emails/reminder",
        subject="Напоминание",
        body_text=f"Гульнара {SURNAME}, срок завтра.",
    )
    send_notification(
        to=colleague, template="emails/welcome", context={"user": colleague}, key="w-colleague"
    )

    staff = user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(participant),
        object_id=str(participant.pk),
        object_repr=str(participant),
        action_flag=CHANGE,
        change_message="[]",
    )
    erasure_request = services.request_erasure(person=person, reason=f"Уезжаю, мой телефон {PHONE}")
    return SimpleNamespace(
        call=call,
        event=event,
        coalition=coalition,
        owner=owner,
        person=person,
        colleague=colleague,
        participant=participant,
        colleague_participant=colleague_participant,
        application=application,
        reviewed=reviewed,
        staff=staff,
        erasure_request=erasure_request,
    )
