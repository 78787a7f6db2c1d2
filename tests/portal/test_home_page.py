"""The home page presents the current call, in Russian unless the visitor chose otherwise."""

import pytest
import time_machine
from django.urls import reverse

from applications.demo import load_calls
from calls.models import Call

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    with time_machine.travel("2026-11-26 12:00 +06:00", tick=False):
        return load_calls()


def test_home_presents_the_open_call_in_russian(client, calls):
    with time_machine.travel("2026-11-26 12:00 +06:00", tick=False):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru">' in page  # the browser's English does not switch the portal
    assert "Практикум и поддержка адвокационных кампаний коалиций ОГО — 2027" in page
    assert "870\u00a0000\u00a0сом" in page
    assert "26 мая 2027" in page  # the 2022 deadline's weekday (a Wednesday)
    assert "Устойчивое и инклюзивное развитие регионов" in page
    assert "Финансовое управление коалиций" in page
    assert "abuzurmankulova@dpi.kg" in page
    assert "Правительства Великобритании" in page  # the funders, as the call credits them
    assert "Зарегистрироваться и подать заявку" in page


def test_timeline_marks_todays_step(client, calls):
    with time_machine.travel("2027-06-14 10:00 +06:00", tick=False):
        page = client.get("/").content.decode()
    current = page.split('aria-current="step"')[1][:200]
    assert "Семинар-практикум" in current


def test_chosen_language_is_kept_in_a_cookie(client, calls):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/"}, follow=True
    )
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Workshop and support for advocacy campaigns of CSO coalitions" in page
    assert "Register and apply" in page

    client.post(reverse("accounts:set_language"), {"language": "ky", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="ky">' in page
    assert "Региондордун туруктуу жана инклюзивдүү өнүгүүсү" in page


def test_without_a_published_call_the_page_says_so(client):
    Call.objects.all().delete()
    response = client.get("/")
    assert "Сейчас нет открытых конкурсов" in response.content.decode()


def test_draft_call_is_not_public(client, calls):
    archive, _ = calls
    archive.status = Call.Status.DRAFT
    archive.save()
    assert client.get(archive.get_absolute_url()).status_code == 404


def test_call_page_shows_the_archived_2022_call(client, calls):
    archive, _ = calls
    page = client.get(archive.get_absolute_url()).content.decode()
    assert "16 мая 2022" in page
    assert "13 июня — 17 июня 2022" in page
