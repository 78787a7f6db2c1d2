import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import OutgoingMessage
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_mail_is_recorded_sent_in_the_persons_language_and_works(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="bakyt@example.kg", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "bakyt@example.kg"})
    record = OutgoingMessage.objects.get(to_email="bakyt@example.kg")
    assert record.status == OutgoingMessage.Status.SENT
    assert record.language == "en"
    assert "Password Reset" in mail.outbox[0].subject

    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = "/accounts/" + link.split("/accounts/", 1)[1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "New-Tunduk-2023", "password2": "New-Tunduk-2023"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-Tunduk-2023")
    assert not user.check_password(PASSWORD)


def test_asking_twice_sends_two_messages(client, django_capture_on_commit_callbacks):
    UserFactory(email="ainura@example.kg")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(reverse("account_reset_password"), {"email": "ainura@example.kg"})
    assert OutgoingMessage.objects.filter(to_email="ainura@example.kg").count() == 2
