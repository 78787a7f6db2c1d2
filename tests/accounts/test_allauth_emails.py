"""allauth's e-mails (verification, password reset, notices) read right in each language:
the programme's portal where allauth puts a site name, never «Вас приветствует !»."""

import pytest
from django.urls import reverse

from notifications.adapter import AccountAdapter
from notifications.models import OutgoingMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = {
    "ru": "Портал программы EGED",
    "ky": "EGED программасынын порталы",
    "en": "EGED programme portal",
}
GREETING = {"ru": "Здравствуйте!", "ky": "Саламатсызбы!", "en": "Hello!"}


def _reads_right(message: OutgoingMessage, language: str):
    text = message.subject + "\n" + message.body_text
    assert message.subject.startswith("EGED · ")
    assert NAME[language] in message.body_text
    for orphan in ("!»", "«!", " !", "«»", "Hello from", "Вас приветствует", "Thank you for"):
        assert orphan not in text, (orphan, text)
    assert message.body_text.startswith(GREETING[language])


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_password_reset_mail_names_the_programme(client, language):
    UserFactory(email="bakyt@example.kg", language=language)
    client.post(reverse("account_reset_password"), {"email": "bakyt@example.kg"})
    message = OutgoingMessage.objects.get(to_email="bakyt@example.kg")
    assert message.language == language
    _reads_right(message, language)
    assert "/accounts/password/reset/key/" in message.body_text


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_verification_mail_names_the_programme(client, language):
    client.post(reverse("accounts:set_language"), {"language": language, "next": "/"})
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
    message = OutgoingMessage.objects.get(to_email="ann@example.kg")
    _reads_right(message, language)
    assert "/accounts/confirm-email/" in message.body_text


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_a_security_notice_names_the_programme(rf, language):
    user = UserFactory(email="aigul@example.kg", language=language)
    adapter = AccountAdapter(rf.get("/"))
    adapter.send_mail(
        "account/email/password_changed",
        user.email,
        {"user": user, "ip": "10.0.0.1", "user_agent": "Firefox", "timestamp": "2026-12-01"},
    )
    message = OutgoingMessage.objects.get(to_email="aigul@example.kg")
    _reads_right(message, language)
    assert "10.0.0.1" in message.body_text
