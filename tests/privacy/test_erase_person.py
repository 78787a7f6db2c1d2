import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from accounts import roles
from applications.models import ProposedAttendee
from coalitions.models import CoalitionInvitation, JoinRequest, Membership
from core.errors import PortalError
from notifications.models import OutgoingMessage
from privacy import services
from privacy.models import ErasureLog, ErasureRequest
from reports.programme import build_programme_report
from reviews.models import ReviewAssignment
from tests.factories import PASSWORD, user_with_role
from tests.workbooks import open_workbook, sheet_rows
from workshops.models import Attendance, Certificate, Participant

from .conftest import (
    COLLEAGUE_EMAIL,
    COLLEAGUE_PHONE,
    COLLEAGUE_SURNAME,
    EMAIL,
    OTHER_ADDRESS,
    PHONE,
    SURNAME,
)

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def every_text_in_the_database() -> str:
    """All text columns of all tables (history, sessions and allauth's included)."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            chunks.extend(str(value) for value in row if value)
    from django.contrib.sessions.models import Session

    chunks.extend(str(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(chunks)


def programme_figures(call) -> dict:
    target = io.BytesIO()
    build_programme_report(call=call, target=target)
    book = open_workbook(target.getvalue())
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def participant_export(client, staff) -> list[dict]:
    client.force_login(staff)
    response = client.get(reverse("admin:workshops_participant_export"))
    assert response.status_code == 200
    rows = sheet_rows(open_workbook(response.content)["Участники"])
    keep = ["мероприятие", "коалиция", "дней посещено", "ночи в гостинице", "питание"]
    return [{key: row[key] for key in keep} for row in rows]


def erase_through_the_admin(client, world):
    client.force_login(world.staff)
    url = reverse("admin:privacy_erasurerequest_erase", args=[world.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert EMAIL in page.content.decode()  # staff see whom they erase
    return client.post(url, {"confirm": "on"})


def test_staff_erase_a_person_and_no_trace_of_them_remains(client, world):
    person_client = client.__class__()
    person_client.force_login(world.person)  # an open session on the person's phone
    assert SURNAME in every_text_in_the_database()

    response = erase_through_the_admin(client, world)

    log = ErasureLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:privacy_erasurelog_change", args=[log.pk])
    text = every_text_in_the_database()
    for trace in [EMAIL, OTHER_ADDRESS, PHONE, SURNAME, "Кара-Суу", "Нужен пандус"]:
        assert trace not in text, trace
    # The colleague keeps everything.
    for kept in [COLLEAGUE_EMAIL, COLLEAGUE_PHONE, COLLEAGUE_SURNAME]:
        assert kept in text


def test_erasure_keeps_the_anonymous_records_and_logs_counts_only(client, world):
    person = world.person
    memberships = Membership.objects.filter(user=person).count()

    erase_through_the_admin(client, world)

    person.refresh_from_db()
    assert person.get_full_name() == f"Удалённый пользователь #{person.pk}"
    assert person.email == f"erased-{person.pk}@invalid"
    assert not person.is_active and not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not CoalitionInvitation.objects.filter(status="pending", email__icontains="asanova")
    assert not JoinRequest.objects.filter(user=person).exists()  # it was pending
    assert Membership.objects.filter(user=person).count() == memberships
    assert ReviewAssignment.objects.get(reviewer=person).scores.count() == 1
    participant = Participant.objects.get(pk=world.participant.pk)
    assert participant.user == person and participant.full_name == person.get_full_name()
    assert (participant.email, participant.phone, participant.accessibility) == ("", "", "")
    assert participant.region.name == "Талас" and participant.diet == "vegetarian"
    assert Attendance.objects.filter(participant=participant).count() == 3
    assert Certificate.objects.filter(participant=participant).exists()
    assert all(version.full_name == person.get_full_name() for version in participant.history.all())
    unsent = OutgoingMessage.objects.filter(recipient=person).exclude(status="sent")
    assert set(unsent.values_list("status", flat=True)) == {"gave_up"}
    log = ErasureLog.objects.get()
    assert (log.person_id_erased, log.erased_by, log.request) == (
        person.pk,
        world.staff,
        world.erasure_request,
    )
    assert log.counts["email_addresses"] == 2 and log.counts["workshop_participants"] == 1
    assert all(isinstance(value, int) for value in log.counts.values())
    erasure_request = ErasureRequest.objects.get(pk=world.erasure_request.pk)
    assert erasure_request.status == ErasureRequest.Status.DONE
    assert [c.to_status for c in erasure_request.status_changes.all()] == ["requested", "done"]
    with pytest.raises(PortalError):
        services.erase_person(person=person, by=world.staff)  # once is enough
    assert ErasureLog.objects.count() == 1


def test_the_erased_person_cannot_sign_in(client, world):
    session = client.__class__()
    session.force_login(world.person)

    erase_through_the_admin(client, world)

    assert session.get(reverse("accounts:profile")).status_code == 302  # session gone
    assert not client.login(email=EMAIL, password=PASSWORD)
    client.logout()
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200  # the form again, with its error


def test_the_reports_count_the_same_after_erasure(client, world):
    figures = programme_figures(world.call)
    exported = participant_export(client, world.staff)

    erase_through_the_admin(client, world)

    assert programme_figures(world.call) == figures
    assert participant_export(client, world.staff) == exported


def test_nothing_is_erased_without_the_confirmation(client, world):
    client.force_login(world.staff)
    url = reverse("admin:privacy_erasurerequest_erase", args=[world.person.pk])

    response = client.post(url, {})

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert not ErasureLog.objects.exists()
    assert get_user_model().objects.get(pk=world.person.pk).email == EMAIL


@pytest.mark.parametrize("role", [roles.FINANCE, roles.REVIEWER])
def test_finance_and_reviewers_cannot_erase(client, world, role):
    someone = user_with_role(role)
    client.force_login(someone)
    for url in [
        reverse("admin:privacy_erasurerequest_erase", args=[world.person.pk]),
        reverse("admin:privacy_erasurerequest_erase_participant", args=[world.participant.pk]),
        reverse("admin:privacy_erasurerequest_refuse", args=[world.erasure_request.pk]),
    ]:
        assert client.post(url, {"confirm": "on", "note": "нет"}).status_code == 403
    with pytest.raises(PortalError):
        services.erase_person(person=world.person, by=someone)
    assert get_user_model().objects.get(pk=world.person.pk).email == EMAIL


def test_the_user_list_action_leads_to_the_confirmation(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "erase_personal_data", "_selected_action": [world.person.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:privacy_erasurerequest_erase", args=[world.person.pk]
    )
    page = client.get(reverse("admin:accounts_user_change", args=[world.person.pk]))
    assert reverse("admin:privacy_erasurerequest_erase", args=[world.person.pk]) in (
        page.content.decode()
    )
    assert "pbkdf2" not in page.content.decode()  # staff read the page without the hash


def test_a_participant_without_an_account_is_erased_from_the_admin(client, world):
    guest = Participant.objects.create(
        event=world.event,
        coalition=world.coalition,
        full_name="Эльмира Жумабаева",
        email="elmira@example.kg",
        phone="+996 777 000 111",
        accessibility="Сопровождающий",
    )
    Attendance.objects.create(participant=guest, day=world.event.days[0])
    client.force_login(world.staff)
    action = client.post(
        reverse("admin:workshops_participant_changelist"),
        {"action": "erase_personal_data", "_selected_action": [guest.pk]},
    )
    url = reverse("admin:privacy_erasurerequest_erase_participant", args=[guest.pk])
    assert action["Location"] == url

    client.post(url, {"confirm": "on"})

    text = every_text_in_the_database()
    for trace in ["Жумабаева", "elmira@example.kg", "+996 777 000 111", "Сопровождающий"]:
        assert trace not in text
    guest.refresh_from_db()
    assert guest.full_name == f"Удалённый участник #{guest.pk}"
    assert guest.attendance.count() == 1
    assert ErasureLog.objects.get().participant_id_erased == guest.pk
    # The person with an account is erased as a person, not as a participant.
    linked = reverse("admin:privacy_erasurerequest_erase_participant", args=[world.participant.pk])
    assert client.get(linked)["Location"] == reverse(
        "admin:privacy_erasurerequest_erase", args=[world.person.pk]
    )


def test_a_stranger_sharing_the_phone_keeps_their_data(client, world):
    stranger = ProposedAttendee.objects.create(
        application=world.application,
        full_name="Айгерим Токтосунова",
        email="aigerim@example.kg",
        phone=PHONE,
    )

    erase_through_the_admin(client, world)

    stranger.refresh_from_db()
    assert (stranger.full_name, stranger.phone) == ("Айгерим Токтосунова", PHONE)


def test_staff_cannot_erase_themselves(world):
    with pytest.raises(PortalError):
        services.erase_person(person=world.staff, by=world.staff)


def test_programme_staff_cannot_switch_off_another_staff_account_by_erasing_it(world):
    for colleague in [user_with_role(roles.FINANCE), user_with_role(roles.PROGRAMME_STAFF)]:
        with pytest.raises(PortalError):
            services.erase_person(person=colleague, by=world.staff)
        colleague.refresh_from_db()
        assert colleague.is_active and colleague.is_staff
    superuser = get_user_model().objects.create_superuser(
        email="root@example.kg", password=PASSWORD
    )
    leaving = user_with_role(roles.FINANCE)
    services.erase_person(person=leaving, by=superuser)
    leaving.refresh_from_db()
    assert not leaving.is_active and not leaving.is_staff
