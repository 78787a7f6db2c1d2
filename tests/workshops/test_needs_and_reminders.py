import pytest
from django.urls import reverse

from accounts import roles
from notifications import registry
from tests.applications.factories import ApplicationFactory, complete, member_of
from tests.factories import user_with_role
from workshops import needs

from .factories import EventFactory, ParticipantFactory, selected_application

pytestmark = pytest.mark.django_db


def test_staff_see_what_applicants_asked_for_next_to_the_speakers(client):
    event = EventFactory()
    call = event.call
    topic = call.key_topics.get(number=5)
    chosen = selected_application(call)
    chosen.answers["speaker_wishes"] = "Эксперт по открытым данным"
    chosen.save()
    chosen.key_topics.set([topic])
    other = complete(ApplicationFactory(call=call))
    other.status = "submitted"
    other.answers["speaker_wishes"] = "Юрист по закупкам"
    other.save()
    other.key_topics.set([topic])
    ApplicationFactory(call=call, answers={"speaker_wishes": "Черновик не считается"})

    summary = needs.needs_summary(call)
    first = summary["topics"][0]
    assert (first.topic, first.selected, first.applicants) == (topic, 1, 2)
    assert [wish["text"] for wish in first.wishes] == [
        "Эксперт по открытым данным",
        "Юрист по закупкам",
    ]

    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    page = client.get(
        reverse("admin:workshops_speaker_changelist"), {"call": call.pk}
    ).content.decode()
    assert "Что просили заявители" in page and "Юрист по закупкам" in page
    assert "Черновик не считается" not in page


def _recipients(code, event):
    rule = type("Rule", (), {"call": event.call, "date": "attendee_confirmation_deadline"})
    return list(registry.audiences()[code].recipients(rule=rule, occurrence=None))


def test_reminders_go_to_selected_coalitions_without_attendees_and_to_participants():
    event = EventFactory()
    waiting = selected_application(event.call)
    waiting_owner = member_of(waiting.coalition)
    done = selected_application(event.call)
    member_of(done.coalition)
    ParticipantFactory(event=event, coalition=done.coalition, email="came@example.kg")

    without = _recipients("selected_without_attendees", event)
    participants = _recipients("workshop_participants", event)

    assert [r.email for r in without] == [waiting_owner.email]
    assert without[0].link == reverse(
        "workshops:participants", args=[event.pk, waiting.coalition.pk]
    )
    assert [r.email for r in participants] == ["came@example.kg"]
    assert "attendee_confirmation_deadline" in registry.dates()
