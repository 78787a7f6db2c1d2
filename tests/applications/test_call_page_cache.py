"""The public call page is rendered once and served from the cache to anonymous visitors:
without a query, with their own CSRF token and CSP nonce, and never out of date — staff
changes, the deadline and the day's timeline show at once."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from calls.models import Call, FaqEntry, Priority
from tests.factories import UserFactory

from .factories import BISHKEK, CallFactory

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = dt.datetime(2030, 5, 25, 17, 59, 59, tzinfo=BISHKEK)
DEADLINE = dt.datetime(2030, 5, 25, 18, 0, 0, tzinfo=BISHKEK)
SIGN_UP = 'btn-lg" href="{}"'.format(reverse("account_signup"))  # under the call


def csrf_in_page(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def in_language(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def call():
    return CallFactory(application_deadline=DEADLINE, title_en="The call in English")


@pytest.fixture
def at_noon():
    with time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False):
        yield


def test_the_second_visitor_gets_the_page_without_a_query(
    client, call, at_noon, django_assert_num_queries
):
    with django_assert_num_queries(4):  # the call, its priorities, FAQ and key topics
        first = client.get(call.get_absolute_url())
    with django_assert_num_queries(0):
        second = Client().get(call.get_absolute_url())
    assert first.status_code == second.status_code == 200
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first.content.decode()) == strip.sub("", second.content.decode())


def test_the_query_count_does_not_grow_with_the_call(
    client, call, at_noon, django_assert_num_queries
):
    for order in range(30):
        FaqEntry.objects.create(call=call, order=order, question=f"Вопрос {order}", answer="Да.")
    for number in range(4, 20):
        Priority.objects.create(call=call, number=number, title=f"Тема {number}")
    with django_assert_num_queries(4):
        client.get(call.get_absolute_url())
    with django_assert_num_queries(0):
        page = Client().get(call.get_absolute_url()).content.decode()
    assert "Вопрос 29" in page and "Тема 19" in page


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(call, at_noon):
    Client().get(call.get_absolute_url())  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(call.get_absolute_url())
    token = csrf_in_page(page)
    assert token != csrf_in_page(Client().get(call.get_absolute_url()))
    assert settings.CSRF_COOKIE_NAME in page.cookies
    switched = visitor.post(
        reverse("accounts:set_language"),
        {"language": "en", "next": call.get_absolute_url(), "csrfmiddlewaretoken": token},
    )
    assert switched.status_code == 302
    assert "The call in English" in visitor.get(call.get_absolute_url()).content.decode()


def test_a_staff_change_shows_at_once_in_every_language(call, at_noon):
    visitors = {language: in_language(language) for language in ("ru", "ky", "en")}
    for visitor in visitors.values():
        visitor.get(call.get_absolute_url())  # each language's copy is kept
    call.title = "Новое название"
    call.title_ky = "Жаңы аталыш"
    call.title_en = "A new title"
    call.save()
    expected = {"ru": "Новое название", "ky": "Жаңы аталыш", "en": "A new title"}
    for language, visitor in visitors.items():
        assert expected[language] in visitor.get(call.get_absolute_url()).content.decode()

    FaqEntry.objects.create(call=call, question="Можно ли без пары?", answer="Да, можно.")
    for visitor in visitors.values():
        assert "Можно ли без пары?" in visitor.get(call.get_absolute_url()).content.decode()
    Priority.objects.filter(call=call, number=1).get().delete()
    for visitor in visitors.values():
        assert "Развитие регионов" not in visitor.get(call.get_absolute_url()).content.decode()


def test_the_page_flips_at_the_deadline_to_the_second(call):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        assert SIGN_UP in Client().get(call.get_absolute_url()).content.decode()
        assert SIGN_UP in Client().get(call.get_absolute_url()).content.decode()  # the copy
    with time_machine.travel(DEADLINE + dt.timedelta(microseconds=1), tick=False):
        page = Client().get(call.get_absolute_url()).content.decode()
    assert SIGN_UP not in page
    assert "Приём заявок открыт" not in page


def test_the_timeline_moves_on_at_midnight_in_bishkek(call):
    def current_step(page: str) -> str:
        at = page.index('aria-current="step"')
        return page[at - 300 : at + 200]

    with time_machine.travel(dt.datetime(2030, 5, 16, 23, 59, 59, tzinfo=BISHKEK), tick=False):
        Client().get(call.get_absolute_url())
        page = Client().get(call.get_absolute_url()).content.decode()
    assert "Информационная встреча" in current_step(page)
    with time_machine.travel(dt.datetime(2030, 5, 17, 0, 0, 0, tzinfo=BISHKEK), tick=False):
        page = Client().get(call.get_absolute_url()).content.decode()
    assert "Крайний срок приёма заявок" in current_step(page)
    assert reverse("applications:info_session", args=[call.slug]) not in page


def test_signed_in_people_and_pending_messages_get_their_own_page(client, call, at_noon):
    client.get(call.get_absolute_url())  # the anonymous copy
    member = Client()
    member.force_login(UserFactory(first_name="Айгуль"))
    page = member.get(call.get_absolute_url()).content.decode()
    assert "Айгуль" in page and reverse("portal:dashboard") in page
    assert "Айгуль" not in Client().get(call.get_absolute_url()).content.decode()
    with_query = Client().get(call.get_absolute_url() + "?from=mail").content.decode()
    assert f'name="next" value="{call.get_absolute_url()}?from=mail"' in with_query


def test_a_draft_call_is_not_found_even_after_its_page_was_kept(client, call, at_noon):
    client.get(call.get_absolute_url())
    call.status = Call.Status.DRAFT
    call.save()
    assert Client().get(call.get_absolute_url()).status_code == 404


@pytest.fixture
def nonce_template(settings):
    """A call page that uses the CSP nonce, as a later template might."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "applications/call_detail.html": (
                                '<script nonce="{{ request.csp_nonce }}">1</script>'
                                '<style nonce="{{ CSP_NONCE }}"></style>'
                                "<form>{% csrf_token %}</form>{{ call.title }}"
                            )
                        },
                    )
                ],
            },
        }
    ]


def test_the_csp_nonce_in_a_kept_page_matches_its_header(call, at_noon, nonce_template):
    nonces = []
    for _ in range(2):
        response = Client().get(call.get_absolute_url())
        header = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
        assert re.findall(r'nonce="([^"]+)"', response.content.decode()) == [header, header]
        nonces.append(header)
    assert nonces[0] != nonces[1]


class BrokenCache:
    """A cache server that does not answer."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_without_the_cache_the_page_is_rendered_and_staff_can_save(call, at_noon, monkeypatch):
    from applications import call_page

    monkeypatch.setattr(call_page, "cache", BrokenCache())
    call.title = "Без кэша"
    call.save()
    for _ in range(2):
        response = Client().get(call.get_absolute_url())
        assert response.status_code == 200
        assert "Без кэша" in response.content.decode()


def test_a_kept_copy_is_rendered_again_after_its_time_even_if_nobody_changed_it(
    call, django_assert_num_queries
):
    """The bound on staleness when a version change could not reach the cache (Redis down
    while staff saved): each kept copy, also the one a process holds, lives TIMEOUT."""
    from applications.call_page import TIMEOUT

    noon = dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK)
    with time_machine.travel(noon, tick=False):
        Client().get(call.get_absolute_url())
    later = time_machine.travel(noon + dt.timedelta(seconds=TIMEOUT - 1), tick=False)
    with later, django_assert_num_queries(0):
        Client().get(call.get_absolute_url())
    expired = time_machine.travel(noon + dt.timedelta(seconds=TIMEOUT + 1), tick=False)
    with expired, django_assert_num_queries(4):
        assert Client().get(call.get_absolute_url()).status_code == 200


def test_a_copy_is_not_served_when_the_cache_fails_during_the_request(
    call, at_noon, monkeypatch, django_assert_num_queries
):
    """Redis answered before the request and failed in it: the version and the copy just
    read are this process's own memory (a staff save in another process is not there)."""
    from applications import call_page

    Client().get(call.get_absolute_url())
    with django_assert_num_queries(0):
        Client().get(call.get_absolute_url())
    answers = iter([True])
    monkeypatch.setattr(call_page, "cache_reachable", lambda: next(answers, False))
    with django_assert_num_queries(4):
        assert Client().get(call.get_absolute_url()).status_code == 200
