import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_switching_language_when_signed_in_is_remembered_for_emails(client):
    user = UserFactory(language="ru")
    client.force_login(user)
    client.post(reverse("accounts:set_language"), {"language": "ky", "next": "/"})
    user.refresh_from_db()
    assert user.language == "ky"


def test_a_person_without_cookie_gets_their_saved_language(client):
    user = UserFactory(language="en")
    client.force_login(user)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert '<html lang="en">' in page


def test_profile_form_saves_and_shows_errors_next_to_fields(client):
    user = UserFactory(first_name="Старое")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "", "last_name": "Исаков", "phone": "+996 555 123 456", "language": "ru"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Обязательное поле." in page
    assert 'value="Исаков"' in page  # what was typed is kept
    user.refresh_from_db()
    assert user.first_name == "Старое"

    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Бакыт", "last_name": "Исаков", "language": "en", "receives_news": ""},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.language, user.receives_news) == ("Бакыт", "en", False)


def test_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signup_keeps_the_language_the_person_used(client):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Ann",
            "last_name": "Lee",
            "email": "ann@example.kg",
            "password1": "Tunduk-2022-kg",
            "password2": "Tunduk-2022-kg",
        },
    )
    from accounts.models import User

    assert User.objects.get(email="ann@example.kg").language == "en"


@pytest.mark.parametrize("secure", [True, False])
def test_the_language_cookie_from_the_profile_is_httponly_lax_and_secure_on_https(
    client, settings, secure
):
    settings.LANGUAGE_COOKIE_SECURE = secure
    client.force_login(UserFactory(language="ru"))
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Бакыт", "last_name": "Исаков", "language": "ky", "receives_news": ""},
    )
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ky"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is secure


def test_production_gives_the_language_cookie_secure_httponly_and_lax():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eged_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": "k" * 64,
        "ALLOWED_HOSTS": "eged.dpi.kg",
        "MFA_ENCRYPTION_KEY": "m" * 40,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "Lax"]
