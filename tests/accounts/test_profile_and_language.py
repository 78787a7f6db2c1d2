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
