"""«Приглашённые спикеры» puts first, and marks, the topics applicants need that have no
speaker yet (a speaker who declined does not count)."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from tests.factories import user_with_role
from workshops import needs
from workshops.models import Speaker

from .factories import EventFactory, selected_application

pytestmark = pytest.mark.django_db


def test_needed_topics_without_a_speaker_come_first_and_are_marked(client):
    call = EventFactory().call
    covered, uncovered, declined = (call.key_topics.get(number=n) for n in (1, 2, 3))
    # The covered topic is needed by two selected coalitions, the others by one each.
    for topics in ([covered, uncovered], [covered, declined]):
        selected_application(call).key_topics.set(topics)
    Speaker.objects.create(call=call, name="Айбек Осмонов", topic="Бюджеты", key_topic=covered)
    Speaker.objects.create(
        call=call,
        name="Нурлан Ташиев",
        topic="Закупки",
        key_topic=declined,
        status=Speaker.Status.DECLINED,
    )

    rows = needs.needs_summary(call)["topics"]
    assert [(row.topic, row.uncovered) for row in rows[:3]] == [
        (uncovered, True),
        (declined, True),
        (covered, False),
    ]

    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    page = client.get(
        reverse("admin:workshops_speaker_changelist"), {"call": call.pk}
    ).content.decode()
    marked = re.findall(r"<tr[^>]*data-uncovered[^>]*><td>(.*?)</td>", page)
    assert marked == [uncovered.title, declined.title]
    assert page.count("⚠ нет спикера") == 2
    assert "Айбек Осмонов" in page.split('id="speaker-needs"')[1]
