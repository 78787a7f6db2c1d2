"""People see the portal's own error pages in their language: 400, 403 and 404 in the
portal's look, and a 500 page that renders even when the database is what failed."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from tests.factories import UserFactory

HEADINGS = {
    404: {"ru": "Страница не найдена", "ky": "Барак табылган жок", "en": "Page not found"},
    403: {"ru": "Нет доступа", "ky": "Кирүү мүмкүн эмес", "en": "No access"},
    400: {"ru": "Неверный запрос", "ky": "Туура эмес суроо-талап", "en": "Bad request"},
    500: {"ru": "Ошибка на сервере", "ky": "Сервердеги ката", "en": "Server error"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_a_missing_page_says_so_in_the_persons_language_in_the_portals_look(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert HEADINGS[404][language] in page
    assert f'<html lang="{language}">' in page
    assert "navbar-brand" in page and "portal-footer" in page  # the portal's own frame
    assert "Not Found" not in page  # not Django's default


@pytest.mark.django_db
def test_a_signed_in_person_is_offered_their_dashboard_from_a_missing_page(client):
    client.force_login(UserFactory())
    page = client.get("/no-such-page/").content.decode()
    assert "Мой кабинет" in page and "Страница не найдена" in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_forbidden_and_bad_requests_in_each_language(rf, language):
    request = rf.get("/")
    request.user = UserFactory()
    with translation.override(language):
        forbidden = defaults.permission_denied(request, PermissionDenied("Только для редакторов."))
        bad = defaults.bad_request(request, Exception("technical detail"))
    assert forbidden.status_code == 403
    assert HEADINGS[403][language] in forbidden.content.decode()
    assert "Только для редакторов." in forbidden.content.decode()  # the reason given
    assert bad.status_code == 400
    assert HEADINGS[400][language] in bad.content.decode()
    assert "technical detail" not in bad.content.decode()


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_the_server_error_page_renders_without_the_database(client, language):
    """No django_db mark: any query raises. The home page fails on its first query, and the
    500 page must still render (a query from it would raise again, out of the client)."""
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert HEADINGS[500][language] in page
    assert "bootstrap.min.css" in page and "EGED" in page


def test_the_server_error_view_itself_needs_no_request_context():
    with translation.override("ky"):
        response = defaults.server_error(RequestFactory().get("/"))
    assert HEADINGS[500]["ky"] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_a_form_sent_without_a_valid_token_explains_what_to_do(language):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/accounts/login/", {"login": "a@b.kg", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    expected = {"ru": "Форма устарела", "ky": "Форма эскирип калды", "en": "The form has expired"}
    assert expected[language] in page
    assert "CSRF verification failed" not in page
