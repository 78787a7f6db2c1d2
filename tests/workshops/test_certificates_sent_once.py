"""«Выдать сертификаты» e-mails the certificates it issues, each once: holders of a
certificate issued before (at the workshop) are not written to (issue #19: one new
certificate reported, ten holders e-mailed)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from tests.factories import user_with_role
from workshops import services
from workshops.models import Attendance, Certificate

from .factories import ParticipantFactory, workshop_with_selected_coalition

pytestmark = pytest.mark.django_db


def _attended(participant, days):
    for day in participant.event.days[:days]:
        Attendance.objects.create(participant=participant, day=day)


def test_each_certificate_is_mailed_once_and_only_to_its_new_holder(
    client, django_capture_on_commit_callbacks
):
    event, coalition, _owner = workshop_with_selected_coalition()
    holders = [
        ParticipantFactory(event=event, coalition=coalition, email=f"holder{n}@example.kg")
        for n in range(3)
    ]
    for holder in holders:  # handed out on paper at the workshop, never e-mailed
        _attended(holder, 5)
        services.issue_certificate(holder)
    newcomer = ParticipantFactory(event=event, coalition=coalition, email="new@example.kg")
    _attended(newcomer, 5)
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    url = reverse("admin:workshops_event_changelist")
    data = {"action": "issue_certificates", "_selected_action": [event.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "выдано сертификатов — 1;" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["new@example.kg"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "выдано сертификатов — 0;" in response.content.decode()
    assert len(mail.outbox) == 1  # issuing again sends nothing

    late = ParticipantFactory(event=event, coalition=coalition, email="late@example.kg")
    _attended(late, 5)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data, follow=True)
    assert [m.to for m in mail.outbox] == [["new@example.kg"], ["late@example.kg"]]
    assert Certificate.objects.filter(participant__event=event).count() == 5
