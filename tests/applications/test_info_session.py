import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from calls.models import InfoSessionRegistration
from tests.factories import user_with_role

from .factories import BISHKEK, CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    with time_machine.travel(dt.datetime(2030, 5, 10, 9, 0, tzinfo=BISHKEK), tick=False):
        yield CallFactory()


def _register(client, call, **data):
    with time_machine.travel(dt.datetime(2030, 5, 10, 9, 0, tzinfo=BISHKEK), tick=False):
        return client.post(
            reverse("applications:info_session", args=[call.slug]),
            {"full_name": "Нурлан Токтогулов", "email": "nurlan@example.kg", **data},
        )


def test_a_visitor_registers_online_and_gets_the_link(
    client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, call, mode="online")
    assert "Вы зарегистрированы" in response.content.decode()
    message = mail.outbox[0]
    assert message.to == ["nurlan@example.kg"]
    assert "https://zoom.example/j/1" in message.body
    assert message.attachments[0][0] == "info-session.ics"


def test_offline_registrants_get_the_venue(client, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, call, mode="offline")
    assert "Бишкек, офис ИПР" in mail.outbox[0].body
    assert "zoom.example" not in mail.outbox[0].body


def test_registering_twice_updates_the_registration(client, call):
    _register(client, call, mode="online")
    _register(client, call, mode="offline", email="NURLAN@example.kg")
    registration = InfoSessionRegistration.objects.get()
    assert registration.mode == "offline"


def test_a_missing_choice_is_explained(client, call):
    response = _register(client, call, email="not-an-email")
    page = response.content.decode()
    assert "Введите правильный адрес электронной почты." in page
    assert "Обязательное поле." in page
    assert not InfoSessionRegistration.objects.exists()


def test_after_the_session_registration_is_closed(client, call):
    with time_machine.travel(dt.datetime(2030, 5, 16, 10, 0, tzinfo=BISHKEK), tick=False):
        response = client.post(
            reverse("applications:info_session", args=[call.slug]),
            {"full_name": "Поздно", "email": "late@example.kg", "mode": "online"},
        )
    assert "Информационная встреча уже прошла." in response.content.decode()


def test_staff_see_the_list(client, call):
    _register(client, call, mode="online", organisation="Союз фермеров")
    client.force_login(user_with_role("programme_staff"))
    page = client.get(reverse("admin:calls_infosessionregistration_changelist")).content.decode()
    assert "nurlan@example.kg" in page and "Союз фермеров" in page
