"""The admin opens only after the portal's throttled sign-in and, when required, a TOTP code.

Staff, finance and reviewers sign in on the portal's page (the admin's own form is not
served); with ``ADMIN_2FA_REQUIRED`` the admin wants a session that passed a second factor,
and sends someone without an authenticator app to set one up. Failed and throttled sign-ins
are logged; an idle admin session ends.
"""

import base64
import datetime as dt
import logging
import secrets
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from accounts import roles
from core.security import ADMIN_SEEN_KEY
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_2FA_REQUIRED = True


def with_totp(user) -> str:
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(dt.datetime.now().timestamp()) // 30))


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_the_admins_own_login_form_is_not_served(client):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    response = client.get("/admin/login/?next=/admin/applications/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fapplications%2F"
    # Posting a right password to it signs nobody in: it only points to the portal's page.
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_member_is_told_the_admin_is_not_for_them(client):
    client.force_login(UserFactory())
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "нет доступа к администрированию" in response.content.decode()


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, two_factor):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    assert sign_in(client, staff).status_code == 302
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "включите двухфакторную аутентификацию" in response.content.decode()


@pytest.mark.parametrize("role", [roles.PROGRAMME_STAFF, roles.REVIEWER, roles.FINANCE])
def test_password_and_code_open_the_admin(client, two_factor, role):
    person = user_with_role(role)
    secret = with_totp(person)
    response = sign_in(client, person)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(ADMIN).status_code == 302  # a password alone is not signed in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_a_session_without_the_second_factor_must_give_a_code(client, two_factor):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    secret = with_totp(staff)
    client.force_login(staff)  # e.g. signed in before the authenticator was added
    response = client.get("/admin/applications/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Fapplications%2F"
    client.post(reverse("mfa_reauthenticate"), {"code": current_code(secret)})
    assert client.get("/admin/applications/").status_code == 200


def test_the_demo_switches_the_second_factor_off(client, settings):
    settings.ADMIN_2FA_REQUIRED = False
    staff = user_with_role(roles.PROGRAMME_STAFF)
    sign_in(client, staff)
    assert client.get(ADMIN).status_code == 200
    assert not Authenticator.objects.filter(user=staff).exists()


def test_repeated_failed_sign_ins_are_throttled_and_logged(client, caplog):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    caplog.set_level(logging.INFO, logger="eged_portal.security")
    for _ in range(5):
        response = sign_in(client, staff, password="guess-" + secrets.token_hex(4))
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # The sixth try is refused even with the right password, and says why.
    response = sign_in(client, staff)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Слишком много неудачных попыток" in response.content.decode()
    failed = [r for r in caplog.records if r.getMessage().startswith("failed sign-in")]
    throttled = [r for r in caplog.records if r.getMessage().startswith("sign-in throttled")]
    assert len(failed) == 5
    assert staff.email in failed[0].getMessage()
    assert "127.0.0.1" in failed[0].getMessage()
    assert len(throttled) == 1
    assert all(r.levelno == logging.WARNING for r in failed + throttled)


@pytest.fixture
def staff_clock(client, settings):
    """Staff signed in to the admin (no second factor, 30 minutes' idle limit) at a fixed
    time; the clock moves only when the test shifts it."""
    settings.ADMIN_2FA_REQUIRED = False
    settings.ADMIN_IDLE_TIMEOUT = 30 * 60
    start = dt.datetime(2030, 5, 20, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user_with_role(roles.PROGRAMME_STAFF))
        yield clock


def test_an_idle_admin_session_ends(client, staff_clock):
    assert client.get(ADMIN).status_code == 200
    staff_clock.shift(dt.timedelta(minutes=29))
    assert client.get(ADMIN).status_code == 200  # activity keeps it alive
    staff_clock.shift(dt.timedelta(minutes=31))
    response = client.get("/admin/applications/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fapplications%2F"
    assert "_auth_user_id" not in client.session


def test_admin_pages_save_the_session_at_most_once_a_minute(client, staff_clock):
    clock = staff_clock
    client.get(ADMIN)
    first = client.session[ADMIN_SEEN_KEY]
    clock.shift(dt.timedelta(seconds=59))
    client.get(ADMIN)
    assert client.session[ADMIN_SEEN_KEY] == first  # not saved again
    clock.shift(dt.timedelta(seconds=1))
    client.get(ADMIN)
    assert client.session[ADMIN_SEEN_KEY] == first + 60
    # Activity every 59 seconds keeps the session alive past the timeout.
    for _ in range(40):
        clock.shift(dt.timedelta(seconds=59))
        assert client.get(ADMIN).status_code == 200
    # The stored time is at most a minute behind the last request, and the timeout
    # counts from it: signed out a minute early at most, never late.
    seen = client.session[ADMIN_SEEN_KEY]
    assert 0 <= time.time() - seen < 60
    clock.move_to(dt.datetime.fromtimestamp(seen + 30 * 60 + 1, dt.UTC))
    assert client.get(ADMIN).status_code == 302


def test_the_portal_is_not_held_to_the_admin_rules(client, two_factor):
    staff = user_with_role(roles.PROGRAMME_STAFF)  # no authenticator yet
    sign_in(client, staff)
    assert client.get(reverse("portal:dashboard")).status_code == 200
