import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from notifications.models import OutgoingMessage
from tests.applications.factories import member_of
from tests.factories import user_with_role
from tests.pdfs import pdf_text
from workshops import programme, tasks
from workshops.models import Speaker
from workshops.pdf import render_programme, render_signin_sheet

from .factories import (
    ParticipantFactory,
    SessionFactory,
    selected_application,
    workshop_with_selected_coalition,
)

pytestmark = pytest.mark.django_db


def _programme(event):
    topic = event.call.key_topics.get(number=4)
    speaker = Speaker.objects.create(
        call=event.call, name="Гульнара Жамгырчиева", organisation="Открытые данные", topic="Данные"
    )
    SessionFactory(
        event=event, title="Данные для кампании: где их взять", key_topic=topic, speaker=speaker
    )
    SessionFactory(
        event=event,
        day=event.ends_on,
        starts_at=dt.time(15),
        ends_at=dt.time(16),
        title="Итоги, сертификаты, следующие шаги",
    )


def test_the_programme_pdf_has_the_russian_programme(tmp_path):
    event, _coalition, _owner = workshop_with_selected_coalition()
    _programme(event)

    text = pdf_text(render_programme(event))

    assert "предварительная программа" in text
    assert "Данные для кампании: где их взять" in text
    assert "Гульнара Жамгырчиева" in text and "Тема 4" in text
    assert "День 5" in text and "Итоги, сертификаты" in text
    assert "13 июня" in text


def test_the_sign_in_sheet_lists_the_participants_of_the_day(tmp_path):
    event, coalition, _owner = workshop_with_selected_coalition()
    ParticipantFactory(event=event, coalition=coalition, full_name="Эрлан Мамытов")

    text = pdf_text(render_signin_sheet(event, event.days[1]))

    assert "Лист регистрации участников" in text
    assert "Эрлан Мамытов" in text and coalition.name in text
    assert "день 2 из 5" in text


def test_staff_print_the_needs_list(client, tmp_path):
    event, coalition, _owner = workshop_with_selected_coalition()
    ParticipantFactory(
        event=event,
        coalition=coalition,
        full_name="Бактыгуль Орозова",
        diet="vegetarian",
        accessibility="Нужен зал без ступеней",
    )
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    response = client.get(reverse("admin:workshops_event_list_pdf", args=[event.pk, "needs"]))

    text = pdf_text(response.content)
    assert "Питание и доступность" in text
    assert "Бактыгуль Орозова" in text and "вегетарианское" in text
    assert "Нужен зал без ступеней" in text


def test_publishing_sends_the_programme_once_to_every_selected_participant(
    django_capture_on_commit_callbacks,
):
    event, coalition, owner = workshop_with_selected_coalition()
    _programme(event)
    pair = selected_application(event.call, pair=True)
    partner_owner = member_of(pair.partner)
    ParticipantFactory(event=event, coalition=coalition, email="guest@example.kg")
    ParticipantFactory(event=event, coalition=coalition, email=owner.email.upper())  # same person

    with django_capture_on_commit_callbacks(execute=True):
        programme.publish_programme(event)
    with django_capture_on_commit_callbacks(execute=True):
        programme.publish_programme(event)  # published twice: nobody is sent it twice
        tasks.sweep_programmes.delay()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([owner.email, partner_owner.email, "guest@example.kg"])
    message = next(m for m in mail.outbox if m.to == ["guest@example.kg"])
    assert "Программа" in message.subject
    names = [name for name, _content, _type in message.attachments]
    assert names == [f"programme-{event.pk}.pdf", f"programme-{event.pk}.ics"]
    assert "BEGIN:VEVENT" in message.attachments[1][1]
    assert OutgoingMessage.objects.filter(key__startswith=f"programme:{event.pk}:").count() == 3


def test_a_participant_confirmed_after_publication_gets_the_programme_from_the_sweep(
    django_capture_on_commit_callbacks, before_workshop
):
    event, coalition, _owner = workshop_with_selected_coalition()
    with django_capture_on_commit_callbacks(execute=True):
        programme.publish_programme(event)
    sent = len(mail.outbox)

    ParticipantFactory(event=event, coalition=coalition, email="late@example.kg")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_programmes.delay()
        tasks.sweep_programmes.delay()

    assert [m.to for m in mail.outbox[sent:]] == [["late@example.kg"]]


def test_the_programme_page_is_for_selected_coalitions_once_published(client):
    event, _coalition, owner = workshop_with_selected_coalition()
    _programme(event)
    client.force_login(owner)
    url = reverse("workshops:programme", args=[event.pk])

    assert client.get(url).status_code == 404  # not yet published
    programme.publish_programme(event)
    page = client.get(url).content.decode()
    assert "Данные для кампании: где их взять" in page
    pdf = client.get(reverse("workshops:programme_pdf", args=[event.pk]))
    assert pdf["Content-Type"] == "application/pdf"

    client.force_login(member_of(selected_application(event.call).coalition, email="x@e.kg"))
    assert client.get(url).status_code == 200
    from tests.applications.factories import ApplicationFactory

    outsider = member_of(ApplicationFactory(call=event.call).coalition)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("workshops:programme_ics", args=[event.pk])).status_code == 404


def test_the_programme_page_is_shown_in_the_readers_language(client):
    event, _coalition, owner = workshop_with_selected_coalition()
    SessionFactory(event=event, title="Открытие", title_en="Opening")
    programme.publish_programme(event)
    owner.language = "en"
    owner.save()
    client.force_login(owner)

    page = client.get(reverse("workshops:programme", args=[event.pk])).content.decode()

    assert "Opening" in page
