"""Forwarded headers are believed only from the portal's own proxy; /healthz answers
whatever the Host header says. (tests/integration/test_behind_nginx.py proves the same
with the real nginx in front of gunicorn.)"""

import secrets

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.20.30.2"
LIMITED = "Слишком много неудачных попыток"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.20.30.0/29"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.SECURE_SSL_REDIRECT = True
    cache.clear()
    yield
    cache.clear()


def test_https_is_believed_from_the_proxy_only(client, behind_proxy):
    login = reverse("account_login")
    from_proxy = client.get(login, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert from_proxy.status_code == 200
    spoofed = client.get(login, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
    assert spoofed.status_code == 301
    assert spoofed["Location"].startswith("https://")


def test_no_proxy_is_trusted_unless_named(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("account_login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301


def _fail_sign_ins(client, times, **meta):
    for _ in range(times):
        response = client.post(
            reverse("account_login"),
            {"login": f"{secrets.token_hex(4)}@example.kg", "password": "wrong-guess"},
            **meta,
        )
    return response


def test_the_sign_in_limit_counts_each_client_behind_the_proxy(client, behind_proxy):
    person = UserFactory()
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_PROTO": "https"}
    # Ten failures from one client (its address appended by the proxy, after whatever the
    # client claimed itself) …
    response = _fail_sign_ins(client, 11, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5", **meta)
    assert LIMITED in response.content.decode()
    # … do not lock out another client of the same proxy.
    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
        **meta,
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_client_cannot_escape_the_limit_by_claiming_other_addresses(client, behind_proxy):
    # A client reaching the portal directly (secure=True: over https all the same).
    for n in range(10):
        _fail_sign_ins(
            client, 1, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}", secure=True
        )
    response = _fail_sign_ins(
        client, 1, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="9.9.9.9", secure=True
    )
    assert LIMITED in response.content.decode()


def test_healthz_answers_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["eged.dpi.kg"]
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 400
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_failed_sign_ins_are_logged_with_the_real_clients_address(client, behind_proxy, caplog):
    caplog.set_level("INFO", logger="eged_portal.security")
    _fail_sign_ins(
        client,
        1,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    failed = [r.getMessage() for r in caplog.records if "failed sign-in" in r.getMessage()]
    assert failed and failed[0].endswith("from 203.0.113.9")
