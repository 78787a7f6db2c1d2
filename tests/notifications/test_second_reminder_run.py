"""The run after a reminder run: the information session's audience is checked against the
recorded messages in SQL, so a run with nothing to send costs the same few queries
whatever the audience — and still reaches anyone who registered since."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.reminders import info_session_keys, info_session_registrants
from calls.models import InfoSessionRegistration
from tests.applications.factories import BISHKEK, CallFactory
from tests.factories import UserFactory

from .factories import info_session_rule

pytestmark = pytest.mark.django_db

# CallFactory's information session: 16 May 2030, 10:00; the day-before reminder at 09:00.
DAY_BEFORE = dt.datetime(2030, 5, 15, 9, 0, tzinfo=BISHKEK)


def register(call, email, **fields):
    return InfoSessionRegistration.objects.create(
        call=call, full_name=fields.pop("full_name", "Слушатель"), email=email, **fields
    )


@pytest.fixture
def call():
    return CallFactory()


def test_keys_in_sql_are_the_keys_of_the_recipients(call):
    rule = info_session_rule(call)
    register(call, "guest@example.kg")
    register(call, "  Spaced.Upper@Example.KG ")
    own = UserFactory(email="aigul@example.kg")
    register(call, "AIGUL@example.kg", user=own)  # the account's address, another case
    quiet = UserFactory(email="quiet@example.kg", receives_news=False)
    register(call, "quiet@example.kg", user=quiet)
    moved = UserFactory(email="new-address@example.kg")
    register(call, "old-address@example.kg", user=moved)  # not the account's address
    gone = UserFactory(email="gone@example.kg", is_active=False)
    register(call, "gone@example.kg", user=gone)

    from notifications.reminder_services import occurrences_of

    occurrence = occurrences_of(rule)[0]
    in_python = {
        (r.key, r.receives_optional)
        for r in info_session_registrants(rule=rule, occurrence=occurrence)
    }
    in_sql = set(
        info_session_keys(rule=rule, occurrence=occurrence).values_list(
            "reminder_person_key", "reminder_receives_optional"
        )
    )
    assert in_sql == in_python
    assert len(in_sql) == 6


def test_second_run_sends_nothing_in_the_same_queries_at_any_size(run_at, call):
    info_session_rule(call)
    quiet = UserFactory(email="quiet@example.kg", receives_news=False)
    register(call, "quiet@example.kg", user=quiet)

    def second_run_queries(registrants: int) -> int:
        for n in range(registrants):
            register(call, f"listener{registrants}-{n}@example.kg")
        first = run_at(DAY_BEFORE)
        assert first.created == registrants
        with CaptureQueriesContext(connection) as queries:
            second = run_at(DAY_BEFORE)
        assert (second.created, second.opted_out) == (0, 1)
        assert second.already_sent == InfoSessionRegistration.objects.count() - 1
        return len(queries)

    few, more = second_run_queries(2), second_run_queries(40)
    assert few == more


def test_someone_registered_since_the_last_run_gets_the_reminder(run_at, call):
    info_session_rule(call)
    register(call, "early@example.kg")
    assert run_at(DAY_BEFORE).created == 1
    register(call, "late@example.kg", full_name="Бакыт")
    mail.outbox.clear()

    report = run_at(DAY_BEFORE + dt.timedelta(hours=2))
    assert (report.created, report.already_sent) == (1, 1)
    [message] = mail.outbox
    assert message.to == ["late@example.kg"]
