"""Benchmark 5: a reminder run with 10,000 due reminders, and the run after it.

The audience is the 10,000 people registered for the open call's information session
(the demo's rule «Информационная встреча: напоминание участникам», offsets -1 and 0). The
job runs at the moment the day-before reminder falls due, as beat would run it.

Figures: the run's total time against recording the same number of messages with one
``bulk_create`` (the least a run must write); queries per 1,000 recipients (bounded: the
same at 1,000 and 10,000 people); the second run, which finds everything sent, sends
nothing and must take milliseconds.
"""

import contextlib
import datetime as dt
import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from .runner import Result, Run, benchmark, check

QUERIES_PER_THOUSAND_LIMIT = 30
SECOND_RUN_LIMIT = 0.5  # seconds


def due_moment():
    """The first moment the information-session rule of the open call is due."""
    from calls.models import Call
    from notifications import reminder_services
    from notifications.models import ReminderRule

    rule = ReminderRule.objects.get(
        call__status=Call.Status.OPEN, audience="info_session_registrants"
    )
    occurrence = reminder_services.occurrences_of(rule)[0]
    schedule = reminder_services.offset_schedule(rule=rule, occurrence=occurrence)
    return rule, schedule[0][1] + dt.timedelta(minutes=1)


def _forget(rule) -> None:
    from notifications.models import OutgoingMessage

    OutgoingMessage.objects.filter(key__startswith=f"reminder:{rule.pk}:").delete()
    _purge_broker()


def _purge_broker() -> None:
    from eged_portal.celery import app

    with contextlib.suppress(Exception):  # no broker: nothing was queued
        app.control.purge()  # the bench's own Redis db: nothing else listens there


def reference_write(count: int) -> float:
    """Seconds to record ``count`` rendered-size messages in one bulk insert."""
    from notifications.models import OutgoingMessage

    body = "Здравствуйте! Напоминаем: информационная встреча по конкурсу состоится завтра. " * 4
    started = time.perf_counter()
    with transaction.atomic():
        OutgoingMessage.objects.bulk_create(
            (
                OutgoingMessage(
                    key=f"bench-reference:{n}",
                    to_email=f"listener{n}@bench.eged.kg",
                    language="ru",
                    template="emails/reminder",
                    subject="EGED · Информационная встреча по конкурсу",
                    body_text=body,
                    body_html=f"<p>{body}</p>",
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
    elapsed = time.perf_counter() - started
    OutgoingMessage.objects.filter(key__startswith="bench-reference:").delete()
    return elapsed


@benchmark("reminders", "5. Reminder run with 10,000 due reminders, and the run after it")
def reminder_run(run: Run) -> list[Result]:
    from notifications import reminder_services

    rule, now = due_moment()
    repeat = max(1, min(run.repeat, 3))
    first_times, second_times, query_counts, created = [], [], [], 0
    for _ in range(repeat):
        _forget(rule)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = reminder_services.send_due_reminders(now=now)
            first_times.append(time.perf_counter() - started)
        query_counts.append(len(queries))
        created = report.created
        started = time.perf_counter()
        again = reminder_services.send_due_reminders(now=now)
        second_times.append(time.perf_counter() - started)
        assert again.created == 0, again
    _purge_broker()
    references = [reference_write(created) for _ in range(repeat)]
    first = Result(
        "reminders",
        f"first run, {created} reminders recorded and queued",
        ours=statistics.median(first_times),
        reference=statistics.median(references),
        unit="s",
        note="reference: one bulk insert of as many messages",
    )
    per_thousand = statistics.median(query_counts) / max(created, 1) * 1000
    queries = Result(
        "reminders",
        "queries per 1,000 recipients",
        ours=per_thousand,
        reference=QUERIES_PER_THOUSAND_LIMIT,
        unit="queries",
        limit=f"≤ {QUERIES_PER_THOUSAND_LIMIT} per 1,000",
        passed=per_thousand <= QUERIES_PER_THOUSAND_LIMIT,
        note=f"{statistics.median(query_counts):g} queries in all",
    )
    second = Result(
        "reminders",
        "second run (nothing to send)",
        ours=statistics.median(second_times),
        reference=SECOND_RUN_LIMIT,
        unit="s",
        limit=f"≤ {SECOND_RUN_LIMIT * 1000:g} ms",
    )
    second.passed = check(second.ours / SECOND_RUN_LIMIT, 1.0)
    return [first, queries, second]
