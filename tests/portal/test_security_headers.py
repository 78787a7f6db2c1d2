"""Security headers on real responses, and pages that work under the Content Security Policy.

The policy forbids inline scripts (no 'unsafe-inline' for scripts): a page with an inline
``<script>`` lacking the response's nonce, or an ``on…=`` handler attribute, would break in
the browser, so every page a visitor, a member and staff open here is parsed for them.
"""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from applications.models import Application
from coalitions.models import Membership
from tests.applications.factories import (
    BISHKEK,
    ApplicationFactory,
    CallFactory,
    complete,
    member_of,
)
from tests.coalitions.factories import CoalitionFactory
from tests.factories import PASSWORD, UserFactory, user_with_role

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


class InlineCode(HTMLParser):
    """Collects what a strict script-src would block: inline scripts without the nonce and
    event-handler attributes."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []
        self._in_script = False
        self._script_ok = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script":
            self._in_script = True
            self._script_ok = bool(
                attrs.get("src")
                or attrs.get("type") == "application/json"
                or (self.nonce and attrs.get("nonce") == self.nonce)
            )

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and not self._script_ok and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")


def assert_no_inline_code(response):
    nonce = None
    match = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    if match:
        nonce = match.group(1)
    parser = InlineCode(nonce)
    parser.feed(response.content.decode())
    assert parser.problems == [], response.request["PATH_INFO"]


def test_every_response_carries_the_security_headers(client):
    CallFactory(slug="open-call")
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    # An anonymous visitor's page may be cached; a signed-in person's may not.
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_signed_in_pages_are_not_stored_by_caches(client):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_cookies_are_http_only_and_same_site(client):
    user = UserFactory()
    signed_in = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    session_cookie = signed_in.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    # Without «remember me» the cookie ends with the browser; the session itself ends on
    # the server twelve hours after sign-in at the latest.
    assert session_cookie["max-age"] == ""
    assert client.session.get_expiry_age() <= 60 * 60 * 12
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    language_cookie = response.cookies["django_language"]
    assert language_cookie["httponly"]
    assert language_cookie["samesite"] == "Lax"


def test_public_pages_have_no_inline_scripts(client):
    call = CallFactory(slug="open-call")
    for url in [
        reverse("portal:home"),
        reverse("applications:call_detail", args=[call.slug]),
        reverse("applications:info_session", args=[call.slug]),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response)


@pytest.fixture
def before_deadline():
    """May 2030: CallFactory's calls are open, so the application form can be edited."""
    with time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False):
        yield


def test_member_pages_have_no_inline_scripts(client, before_deadline):
    coalition = CoalitionFactory()
    other = CoalitionFactory()
    application = complete(ApplicationFactory(coalition=coalition))
    owner = member_of(coalition)
    Membership.objects.create(coalition=other, user=owner, role=Membership.Role.OWNER)
    member_of(coalition, role=Membership.Role.EDITOR)  # the people page shows its actions
    client.force_login(owner)
    urls = [
        reverse("portal:dashboard"),
        reverse("accounts:profile"),
        reverse("coalitions:mine"),
        reverse("coalitions:detail", args=[coalition.pk]),
        reverse("coalitions:edit", args=[coalition.pk]),
        reverse("coalitions:members", args=[coalition.pk]),
        reverse("coalitions:people", args=[coalition.pk]),
        reverse("coalitions:partners", args=[coalition.pk]),
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:section", args=[application.pk, "idea"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response)
    # The dashboard's coalition switcher and the people page's confirmations work without
    # inline handlers: the shared script reads their data attributes.
    assert b"data-autosubmit" in client.get(reverse("portal:dashboard")).content
    people = client.get(reverse("coalitions:people", args=[coalition.pk])).content.decode()
    assert 'data-confirm="Передать права владельца? Вы станете редактором."' in people
    assert "js/portal.js" in people


def test_admin_pages_have_no_inline_scripts(client, settings):
    settings.ADMIN_2FA_REQUIRED = False
    staff = user_with_role(roles.PROGRAMME_STAFF)
    call = CallFactory()
    application = ApplicationFactory(call=call)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    client.force_login(staff)
    urls = [
        reverse("admin:index"),
        reverse("admin:applications_application_changelist"),
        reverse("admin:applications_application_change", args=[application.pk]),
        reverse("admin:calls_call_change", args=[call.pk]),
        reverse("admin:reviews_reviewassignment_progress"),
        reverse("admin:notifications_reminderrule_changelist"),
        reverse("admin:coalitions_coalition_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response)


def test_two_factor_pages_have_no_inline_scripts(client):
    client.force_login(user_with_role(roles.REVIEWER))
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert_no_inline_code(response)


def _production(code: str, **extra_env) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "ADMIN_2FA_REQUIRED",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="p" * 20 + "r0duct10n-k3y-" + "q" * 30,
        ALLOWED_HOSTS="eged.dpi.kg",
        MFA_ENCRYPTION_KEY="m" * 40,
        DJANGO_SETTINGS_MODULE="eged_portal.settings",
        **extra_env,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _production(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_RESPONSE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="eged.dpi.kg")
plain = client.get("/healthz")  # exempt from the HTTPS redirect, for the load balancer
redirected = client.get("/calls/x/")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "redirect": [redirected.status_code, redirected.headers.get("Location")],
    "plain_hsts": plain.headers.get("Strict-Transport-Security"),
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "csp": secure.headers.get("Content-Security-Policy"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "language_secure": settings.LANGUAGE_COOKIE_SECURE,
    "two_factor": settings.ADMIN_2FA_REQUIRED,
}))
"""


def test_production_redirects_to_https_with_hsts_and_secure_cookies(tmp_path):
    result = _production(
        PRODUCTION_RESPONSE,
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="",
        CELERY_BROKER_URL="",
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["redirect"] == [301, "https://eged.dpi.kg/calls/x/"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["plain_hsts"] is None  # HSTS only over HTTPS, as browsers require
    assert "upgrade-insecure-requests" in seen["csp"]
    assert seen["session_secure"] and seen["csrf_secure"] and seen["language_secure"]
    assert seen["two_factor"] is True  # two-factor admin is on in production by default


def test_production_two_factor_can_be_switched_off_for_a_demo(tmp_path):
    result = _production(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.ADMIN_2FA_REQUIRED)",
        VAR_DIR=str(tmp_path),
        ADMIN_2FA_REQUIRED="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")
