import pytest
from django.core.management import call_command

from workshops import services
from workshops.models import Certificate, Event

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_2022_workshop_with_programme_people_and_attendance():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    workshop = Event.objects.get(call__slug="eged-2022", kind=Event.Kind.WORKSHOP)
    assert len(workshop.days) == 5 and workshop.is_published
    sessions = workshop.sessions.all()
    assert {s.day for s in sessions} == set(workshop.days)
    covered = {s.key_topic.number for s in sessions if s.key_topic}
    assert covered == set(range(1, 8))  # the seven key topics of the call
    for session in sessions:
        session.full_clean()  # no clashes, every day within the event
    assert workshop.call.speakers.filter(status="confirmed").count() >= 2
    coalitions = set(workshop.participants.values_list("coalition_id", flat=True))
    assert coalitions == services.selected_coalition_ids(workshop.call)
    assert workshop.participants.count() == 10
    eligible = [
        p
        for p in services.with_days_attended(workshop.participants.all())
        if p.days_attended >= workshop.certificate_min_days
    ]
    assert Certificate.objects.count() == len(eligible) == 9
    assert Event.objects.filter(kind=Event.Kind.INFO_SESSION).count() == 1
