"""The member's dashboard is kept in the cache per person and served again while nothing it
reads has been written (eged_portal/kept_pages.py, eged_portal/table_versions.py).

What must never happen is a kept page showing something that is no longer true, so most of
these tests change the data in every way the portal (or a person at psql-through-Django)
can — a model save, ``update()``, ``bulk_create``, a delete of a queryset, raw SQL, another
connection's transaction committing later — and expect the next request to show it."""

import datetime as dt
import logging
import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from coalitions.models import Coalition, Region
from eged_portal import kept_pages, table_versions
from eged_portal import views as portal_views
from notifications.models import OutgoingMessage
from tests.applications.factories import (
    ApplicationFactory,
    CallFactory,
    CoalitionFactory,
    member_of,
)
from tests.concurrency import needs_postgresql

BISHKEK = dt.timezone(dt.timedelta(hours=6))
DASHBOARD = "/dashboard/"


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False) as t:
        yield t


@pytest.fixture
def member(client, today):
    coalition = CoalitionFactory(name="Сеть «Прозрачный бюджет»")
    person = member_of(coalition, first_name="Айгуль")
    ApplicationFactory(call=CallFactory(), coalition=coalition, idea_title="Открытые закупки")
    client.force_login(person)
    return person


def page(client) -> str:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def served_from_copy(client) -> bool:
    """Whether the next request is served from the kept copy: session and user only."""
    with CaptureQueriesContext(connection) as queries:
        client.get(DASHBOARD)
    return len(queries) <= 2


# --- Kept and served ------------------------------------------------------------------


def _token(response) -> str:
    return response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


@pytest.mark.django_db
def test_the_second_request_is_the_kept_copy_with_its_own_token(client, member):
    first = client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(DASHBOARD)
    assert len(queries) == 2, [q["sql"] for q in queries]  # the session and the person
    assert "Открытые закупки" in second.content.decode()
    # Its own CSRF token (masked anew for every response), never the copy's stand-in.
    assert len(_token(second)) == 64
    assert _token(second) != _token(first)
    coalition = Coalition.objects.get(memberships__user=member)
    response = client.post(reverse("coalitions:switch"), {"coalition": coalition.pk})
    assert response.status_code == 302  # the token of the kept page is accepted


@pytest.mark.django_db
def test_each_person_language_and_coalition_has_its_own_copy(client, member):
    assert "Здравствуйте, Айгуль" in page(client)
    other = member_of(CoalitionFactory(name="Сеть «Другая»"), first_name="Бакыт")
    client.force_login(other)
    assert "Здравствуйте, Бакыт" in page(client)
    assert "Открытые закупки" not in page(client)
    client.force_login(member)
    client.cookies["django_language"] = "ky"
    kyrgyz = page(client)
    assert 'lang="ky"' in kyrgyz
    client.cookies["django_language"] = "ru"
    assert 'lang="ru"' in page(client)

    second = CoalitionFactory(name="Сеть «Вторая»")
    second.memberships.create(user=member, role="owner")
    client.post(reverse("coalitions:switch"), {"coalition": second.pk})
    assert "Сеть «Вторая»" in page(client).split("</h1>")[1][:3000]


@pytest.mark.django_db
def test_two_people_signed_in_in_turn_each_get_their_own(client, member):
    other_client = type(client)()
    other = member_of(CoalitionFactory(name="Сеть «Другая»"), first_name="Бакыт")
    other_client.force_login(other)
    for _ in range(2):  # after the sign-ins (which write the people's rows): copies only
        assert "Здравствуйте, Айгуль" in page(client)
        assert "Здравствуйте, Бакыт" in page(other_client)
    assert served_from_copy(client) and served_from_copy(other_client)
    assert "Открытые закупки" in page(client) and "Открытые закупки" not in page(other_client)


@pytest.mark.django_db
def test_each_chosen_coalition_has_its_own_copy(client, member):
    second = CoalitionFactory(name="Сеть «Вторая»")
    second.memberships.create(user=member, role="owner")
    first = Coalition.objects.get(name="Сеть «Прозрачный бюджет»")
    for coalition in (first, second, first, second):
        client.post(reverse("coalitions:switch"), {"coalition": coalition.pk})
        page(client)  # shows the message «Вы работаете в коалиции …»
        shown = page(client)
        assert f'<option value="{coalition.pk}" selected>' in shown, coalition.name
        assert served_from_copy(client)


@pytest.mark.django_db
def test_a_waiting_message_is_shown_not_a_kept_copy(client, member):
    coalition = Coalition.objects.get(memberships__user=member)
    client.post(reverse("coalitions:switch"), {"coalition": coalition.pk})
    assert "Вы работаете в коалиции" in page(client)  # a message waited: not kept
    page(client)
    assert served_from_copy(client)
    client.post(reverse("coalitions:switch"), {"coalition": coalition.pk})
    assert "Вы работаете в коалиции" in page(client)


@pytest.mark.django_db
def test_a_copy_is_not_served_when_the_cache_fails_during_the_request(client, member, monkeypatch):
    """Redis answered before the request and failed in it: the versions and the copy just
    read are this process's own memory, not what the other processes wrote."""
    page(client)
    assert served_from_copy(client)
    answers = iter([True])
    monkeypatch.setattr(kept_pages, "cache_reachable", lambda: next(answers, False))
    assert not served_from_copy(client)


@pytest.mark.django_db
def test_a_name_changed_before_the_versions_are_read_is_not_kept_old(client, member, monkeypatch):
    """The person's row is read by the sign-in middleware before the page reads the
    versions; a change committed in between must not be kept under the new version."""
    page(client)
    real_current = table_versions.current

    def renamed_meanwhile(tables):
        User.objects.filter(pk=member.pk).update(first_name="Айгерим")
        return real_current(tables)

    monkeypatch.setattr(table_versions, "current", renamed_meanwhile)
    client.get(DASHBOARD)
    monkeypatch.setattr(table_versions, "current", real_current)
    assert "Здравствуйте, Айгерим" in page(client)


@pytest.mark.django_db
def test_nothing_is_kept_while_the_cache_is_down(client, member, monkeypatch):
    """Each process then versions tables in its own memory (tests/portal/test_redis_down.py
    has the cache telling so)."""
    monkeypatch.setattr(kept_pages, "cache_reachable", lambda: False)
    page(client)
    assert not served_from_copy(client)


# --- Every kind of write shows at once -----------------------------------------------


@pytest.mark.django_db
def test_a_save_shows_at_once(client, member):
    page(client)
    application = Application.objects.get(idea_title="Открытые закупки")
    application.idea_title = "Закупки айылов"
    application.save()
    assert "Закупки айылов" in page(client)


@pytest.mark.django_db
def test_an_update_of_a_queryset_shows_at_once(client, member):
    page(client)
    Coalition.objects.filter(name="Сеть «Прозрачный бюджет»").update(name="Сеть «Бюджет»")
    assert "Сеть «Бюджет»" in page(client)


@pytest.mark.django_db
def test_bulk_created_messages_show_at_once(client, member):
    page(client)
    OutgoingMessage.objects.bulk_create(
        [
            OutgoingMessage(
                key="bulk-1",
                recipient=member,
                to_email=member.email,
                language="ru",
                template="emails/reminder",
                subject="Напоминание: информационная сессия завтра",
                body_text="…",
            )
        ]
    )
    assert "Напоминание: информационная сессия завтра" in page(client)


@pytest.mark.django_db
def test_raw_sql_and_a_deleted_queryset_show_at_once(client, member):
    page(client)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Application._meta.db_table} SET idea_title = %s",  # noqa: S608 — our table
            ["Через SQL"],
        )
    assert "Через SQL" in page(client)
    Application.objects.all().delete()
    assert "Через SQL" not in page(client)


@pytest.mark.django_db(transaction=True)
def test_committed_writes_show_at_once(client, member):
    """Outside a test's transaction: each statement commits and replaces the version."""
    page(client)
    Application.objects.update(idea_title="Сразу после записи")
    assert "Сразу после записи" in page(client)
    with transaction.atomic():
        Application.objects.update(idea_title="После фиксации")
    assert "После фиксации" in page(client)


@pytest.mark.django_db
def test_a_region_added_to_an_application_shows_at_once(client, member):
    """A many-to-many ``.add()`` alone (SQLite writes it as ``INSERT OR IGNORE``)."""
    application = Application.objects.get(idea_title="Открытые закупки")
    region = Region.objects.create(name="Область Тестовая", slug="test-region")
    application.regions.clear()
    versions = table_versions.current(["applications_application_regions"])
    application.regions.add(region)
    assert table_versions.current(["applications_application_regions"]) != versions


@pytest.mark.django_db
def test_the_persons_own_name_shows_at_once(client, member):
    page(client)
    User.objects.filter(pk=member.pk).update(first_name="Айгерим")
    assert "Здравствуйте, Айгерим" in page(client)


@pytest.mark.django_db
def test_time_alone_changes_it_within_the_timeout(client, member, today):
    page(client)
    assert served_from_copy(client)
    today.shift(dt.timedelta(seconds=portal_views.DASHBOARD_TIMEOUT + 1))
    assert not served_from_copy(client)


@pytest.mark.django_db
def test_a_new_day_is_a_new_copy(client, member, today):
    today.move_to(dt.datetime(2030, 5, 20, 23, 59, 30, tzinfo=BISHKEK))
    client.force_login(member)
    page(client)
    assert served_from_copy(client)
    today.shift(dt.timedelta(seconds=40))  # within the timeout, but tomorrow in Bishkek
    assert not served_from_copy(client)


# --- The list of tables ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_that_reads_an_unlisted_table_is_served_not_kept(
    client, member, monkeypatch, caplog
):
    monkeypatch.setattr(
        portal_views, "DASHBOARD_TABLES", portal_views.DASHBOARD_TABLES - {"calls_call"}
    )
    with caplog.at_level(logging.WARNING, logger="eged_portal.kept_pages"):
        assert "Открытые закупки" in page(client)
    assert "calls_call" in caplog.text
    assert not served_from_copy(client)


@pytest.mark.django_db
def test_every_demo_dashboard_reads_only_listed_tables(client):
    """The demo holds a coalition in every state the dashboard shows (calls, pairs,
    applications decided, a workshop, support, contracts, reports, messages)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    for person in User.objects.all():
        client.force_login(person)
        with table_versions.reading() as reads:
            assert client.get(DASHBOARD).status_code == 200
        unlisted = reads.tables - portal_views.DASHBOARD_TABLES - table_versions.NOT_VERSIONED
        assert not unlisted, (person.email, unlisted)
        assert served_from_copy(client), person.email


# --- How versions follow writes -------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "coalitions_region" ("name") VALUES (%s)', "coalitions_region"),
        ('UPDATE "applications_application" SET "idea_title" = %s', "applications_application"),
        ('DELETE FROM "grants_report" WHERE "id" IN (1)', "grants_report"),
        ("  update calls_call set status = 'closed'", "calls_call"),
        ('TRUNCATE "a", "b" RESTART IDENTITY CASCADE', table_versions.EVERYTHING),
        # SQLite's M2M .add() and bulk_create(ignore_conflicts=True)
        (
            'INSERT OR IGNORE INTO "coalitions_coalition_regions" ("a") VALUES (%s)',
            "coalitions_coalition_regions",
        ),
        ('REPLACE INTO "grants_award" ("id") VALUES (1)', "grants_award"),
        ('UPDATE "public"."grants_report" SET "status" = %s', "grants_report"),
        ("WITH moved AS (DELETE FROM x RETURNING *) SELECT 1", table_versions.EVERYTHING),
        ("/* by hand */ UPDATE grants_report SET status = 'x'", table_versions.EVERYTHING),
        ('SELECT "id" FROM "grants_report" FOR UPDATE', None),
        ('SELECT "updated_at", "deleted" FROM "x"', None),
        ('SELECT "x"."id" FROM "applications_application" x', None),
        ('WITH t AS (SELECT 1) SELECT * FROM "t"', None),
    ],
)
def test_the_written_table_is_read_from_the_statement(sql, table):
    assert table_versions.written_table(sql) == table


@pytest.mark.django_db
def test_a_write_after_a_rolled_back_savepoint_is_versioned_again_at_commit(
    django_capture_on_commit_callbacks,
):
    class Undo(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                Region.objects.create(name="Область А", slug="test-a")
                raise Undo
        except Undo:
            pass
        Region.objects.create(name="Область Б", slug="test-b")
        written = table_versions.current(["coalitions_region"])
    assert table_versions.current(["coalitions_region"]) == written
    for callback in callbacks:
        callback()
    assert table_versions.current(["coalitions_region"]) != written


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_page_read_before_another_transaction_commits_is_not_kept_after_it(client, today):
    """The other transaction has written but not committed; this request reads the old
    row and keeps it under the version it read. Only the version replaced after the commit
    makes the next request show the new title."""
    coalition = CoalitionFactory(name="Сеть «Гонка»")
    person = member_of(coalition)
    application = ApplicationFactory(call=CallFactory(), coalition=coalition, idea_title="Было")
    client.force_login(person)
    written, commit = threading.Event(), threading.Event()

    def other_transaction():
        try:
            with transaction.atomic():
                Application.objects.filter(pk=application.pk).update(idea_title="Стало")
                written.set()
                commit.wait(timeout=20)
        finally:
            connection.close()

    thread = threading.Thread(target=other_transaction)
    thread.start()
    assert written.wait(timeout=20)
    assert "Было" in page(client)  # not committed yet: the old title, kept
    commit.set()
    thread.join(timeout=20)
    assert "Стало" in page(client)
