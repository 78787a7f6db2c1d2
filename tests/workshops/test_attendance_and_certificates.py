import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from tests.factories import user_with_role
from tests.pdfs import pdf_text
from workshops import services
from workshops.models import Attendance, Certificate, Event

from .factories import ParticipantFactory, workshop_with_selected_coalition

pytestmark = pytest.mark.django_db


def _mark(client, event, present):
    data = {f"present-{p.pk}-{day.isoformat()}": "on" for p, day in present}
    return client.post(
        reverse("admin:workshops_event_attendance", args=[event.pk]), data, follow=True
    )


def test_staff_mark_attendance_per_day_in_the_grid(client):
    event, coalition, _owner = workshop_with_selected_coalition()
    aigul = ParticipantFactory(event=event, coalition=coalition, full_name="Айгуль")
    erlan = ParticipantFactory(event=event, coalition=coalition, full_name="Эрлан")
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    response = _mark(client, event, [(aigul, day) for day in event.days] + [(erlan, event.days[0])])
    assert "изменено отметок — 6" in response.content.decode()
    # The next day staff untick Erlan's first day: the grid is what is saved.
    _mark(client, event, [(aigul, day) for day in event.days])

    assert services.days_attended(aigul) == 5 and services.days_attended(erlan) == 0
    page = client.get(reverse("admin:workshops_event_attendance", args=[event.pk])).content.decode()
    assert page.count("checked") == 5


def test_a_mark_for_another_event_or_a_day_outside_it_changes_nothing(client):
    event, coalition, _owner = workshop_with_selected_coalition()
    participant = ParticipantFactory(event=event, coalition=coalition)
    stranger = ParticipantFactory()
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    response = _mark(client, event, [(participant, event.days[0]), (stranger, event.days[0])])

    assert "не относится к этому мероприятию" in response.content.decode()
    assert not Attendance.objects.exists()


def test_reviewers_and_finance_cannot_open_or_post_the_grid(client):
    event, coalition, _owner = workshop_with_selected_coalition()
    participant = ParticipantFactory(event=event, coalition=coalition)
    for role in (roles.REVIEWER, roles.FINANCE):
        client.force_login(user_with_role(role))
        url = reverse("admin:workshops_event_attendance", args=[event.pk])
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {f"present-{participant.pk}-{event.days[0]}": "on"}).status_code == 403
        )
    assert not Attendance.objects.exists()


def _attended(participant, days):
    for day in participant.event.days[:days]:
        Attendance.objects.create(participant=participant, day=day)


def test_a_participant_who_attended_enough_days_downloads_the_certificate(client, tmp_path):
    event, coalition, owner = workshop_with_selected_coalition()
    participant = ParticipantFactory(
        event=event, coalition=coalition, full_name="Жылдыз Абдыкадырова"
    )
    _attended(participant, 4)
    client.force_login(owner)

    response = client.get(reverse("workshops:certificate", args=[participant.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    certificate = Certificate.objects.get(participant=participant)
    assert "Сертификат участника" in text and "Жылдыз Абдыкадырова" in text
    assert certificate.number in text and "4 дня из 5" in text
    # Downloaded again: the same certificate, not a new number.
    client.get(reverse("workshops:certificate", args=[participant.pk]))
    assert Certificate.objects.count() == 1


def test_the_certificate_is_printed_in_the_readers_language(client, tmp_path):
    event, coalition, owner = workshop_with_selected_coalition()
    event.title_ky = "Коалициялар үчүн семинар-практикум"
    event.save()
    participant = ParticipantFactory(event=event, coalition=coalition)
    _attended(participant, 5)
    owner.language = "ky"
    owner.save()
    client.force_login(owner)

    text = pdf_text(client.get(reverse("workshops:certificate", args=[participant.pk])).content)

    assert "Коалициялар үчүн семинар-практикум" in text


def test_too_few_days_gives_a_message_and_no_certificate(client):
    event, coalition, owner = workshop_with_selected_coalition()
    participant = ParticipantFactory(event=event, coalition=coalition)
    _attended(participant, 3)
    client.force_login(owner)

    response = client.get(reverse("workshops:certificate", args=[participant.pk]), follow=True)

    assert "не менее 4 дн." in response.content.decode()
    assert not Certificate.objects.exists()


def test_staff_issue_certificates_in_bulk_and_each_goes_out_once(
    client, django_capture_on_commit_callbacks
):
    event, coalition, _owner = workshop_with_selected_coalition()
    came = ParticipantFactory(event=event, coalition=coalition, email="came@example.kg")
    missed = ParticipantFactory(event=event, coalition=coalition, email="missed@example.kg")
    _attended(came, 5)
    _attended(missed, 2)
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    url = reverse("admin:workshops_event_changelist")
    data = {"action": "issue_certificates", "_selected_action": [event.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data, follow=True)

    assert "выдано сертификатов — 1; не набрали дней — 1" in response.content.decode()
    assert list(Certificate.objects.values_list("participant", flat=True)) == [came.pk]
    assert [m.to for m in mail.outbox] == [["came@example.kg"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_certificate_numbers_are_unique_per_event():
    event, coalition, _owner = workshop_with_selected_coalition()
    people = [ParticipantFactory(event=event, coalition=coalition) for _ in range(3)]
    for person in people:
        _attended(person, 5)

    numbers = [services.issue_certificate(person).number for person in people]

    assert len(set(numbers)) == 3
    assert numbers[0].endswith(f"-{event.pk}-001")
    assert Event.objects.count() == 1
