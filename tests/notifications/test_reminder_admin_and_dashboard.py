"""Staff preview a reminder for a person, test it on themselves, resend a failed one;
members see their upcoming dates and the letters the portal sent them."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts import roles
from notifications import registry
from notifications.models import OutgoingMessage, ReminderRule
from notifications.reminder_services import send_due_reminders
from tests.applications.factories import BISHKEK, ApplicationFactory, CallFactory, member_of
from tests.factories import user_with_role

from .factories import ReminderRuleFactory

pytestmark = pytest.mark.django_db

MAY_20 = dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK)


@pytest.fixture
def setup():
    call = CallFactory()
    application = ApplicationFactory(call=call, idea_title="Чистые арыки")
    owner = member_of(application.coalition, email="owner@example.kg", first_name="Айгуль")
    rule = ReminderRuleFactory(call=call, name="Черновик: срок")
    staff = user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")
    return {"call": call, "application": application, "owner": owner, "rule": rule, "staff": staff}


def test_staff_preview_a_reminder_for_a_person_and_send_a_test_to_themselves(
    client, setup, django_capture_on_commit_callbacks
):
    url = reverse("admin:notifications_reminderrule_preview", args=[setup["rule"].pk])
    with time_machine.travel(MAY_20, tick=False):
        client.force_login(setup["staff"])
        page = client.get(url, {"person": "owner@example.kg"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Заявка не отправлена: крайний срок 25 мая 2030, 23:59 (время Бишкека)" in text
    assert "В аудитории: получит это напоминание в свой срок." in text
    assert f"/applications/{setup['application'].pk}/" in text
    assert "уходит сейчас" in text  # the -7 reminder is due on the 20th

    english = client.get(url, {"person": "owner@example.kg", "language": "en"}).content.decode()
    assert "Your application is not submitted yet" in english

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"person": "owner@example.kg", "language": ""})
    assert response.status_code == 302
    [test] = mail.outbox
    assert test.to == ["staff@example.kg"]
    assert test.subject.startswith("EGED · [Тест] Заявка не отправлена")
    assert "Это тестовое письмо" in test.body
    assert not OutgoingMessage.objects.filter(to_email="owner@example.kg").exists()


def test_preview_of_someone_outside_the_audience_says_so(client, setup):
    client.force_login(setup["staff"])
    url = reverse("admin:notifications_reminderrule_preview", args=[setup["rule"].pk])
    text = client.get(url, {"person": "staff@example.kg"}).content.decode()
    assert "Сейчас не в аудитории этого правила" in text
    missing = client.get(url, {"person": "nobody@example.kg"}).content.decode()
    assert "Пользователя с таким e-mail нет на портале." in missing


def test_rule_with_an_unknown_placeholder_is_refused(client, setup):
    client.force_login(setup["staff"])
    data = {
        "call": setup["call"].pk,
        "name": "Ошибка",
        "date": "application_deadline",
        "audience": "draft_applications",
        "offsets": "-3, 0",
        "send_time": "09:00",
        "is_active": "on",
        "subject": "Срок {dedline}",
        "body": "Текст",
    }
    response = client.post(reverse("admin:notifications_reminderrule_add"), data)
    assert "Неизвестные поля: {dedline}" in response.content.decode()
    data |= {"subject": "Срок {deadline}", "offsets": "-3, неделя"}
    response = client.post(reverse("admin:notifications_reminderrule_add"), data)
    assert "«неделя» — не число дней" in response.content.decode()
    data |= {"offsets": "-7,-3, 0, +2"}
    response = client.post(reverse("admin:notifications_reminderrule_add"), data)
    assert response.status_code == 302
    assert ReminderRule.objects.get(name="Ошибка").offset_list() == [-7, -3, 0, 2]


def test_staff_see_the_failure_reason_and_resend(client, setup, django_capture_on_commit_callbacks):
    failed = OutgoingMessage.objects.create(
        key="reminder:test:failed",
        to_email="owner@example.kg",
        language="ru",
        template="emails/reminder",
        subject="EGED · Заявка не отправлена",
        body_text="Текст",
        status=OutgoingMessage.Status.GAVE_UP,
        attempts=6,
        last_error="SMTPRecipientsRefused: mailbox full",
    )
    client.force_login(setup["staff"])
    listing = client.get(reverse("admin:notifications_outgoingmessage_changelist"))
    assert "SMTPRecipientsRefused: mailbox full" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:notifications_outgoingmessage_changelist"),
            {"action": "resend", "_selected_action": [failed.pk]},
        )
    failed.refresh_from_db()
    assert failed.status == OutgoingMessage.Status.SENT
    assert mail.outbox[0].to == ["owner@example.kg"]


def test_member_sees_upcoming_deadlines_and_notifications(
    client, setup, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with (
        time_machine.travel(MAY_20, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_due_reminders()
    with time_machine.travel(MAY_20, tick=False):
        client.force_login(setup["owner"])
        with django_assert_max_num_queries(25):  # 26 before #20's partner suggestions
            page = client.get(reverse("portal:dashboard"))
    text = page.content.decode()
    assert "Ближайшие сроки" in text
    assert "Крайний срок приёма заявок" in text
    assert "25 мая 2030, 23:59" in text
    assert f'href="/applications/{setup["application"].pk}/"' in text
    assert "Мои уведомления" in text
    assert "Заявка не отправлена: крайний срок 25 мая 2030" in text

    # After the deadline the date is no longer upcoming.
    with time_machine.travel(dt.datetime(2030, 5, 26, tzinfo=BISHKEK), tick=False):
        client.force_login(setup["owner"])
        later = client.get(reverse("portal:dashboard")).content.decode()
    assert "Ближайшие сроки" not in later


def test_load_demo_installs_reminder_rules_once(capsys):
    call_command("load_demo")
    call_command("load_demo")
    assert ReminderRule.objects.count() == 14
    assert set(ReminderRule.objects.values_list("call__slug", flat=True)) >= {"eged-2022"}
    draft_rule = ReminderRule.objects.get(call__slug="eged-2022", audience="draft_applications")
    assert draft_rule.essential and draft_rule.offset_list() == [-7, -3, -1, 0]
    for rule in ReminderRule.objects.all():
        rule.full_clean()  # the demo texts use only known placeholders
    assert "14 reminder rules" in capsys.readouterr().out


def test_beat_runs_the_reminder_job_every_interval(settings):
    from eged_portal.celery import app

    app.conf.beat_schedule = {}
    from eged_portal.celery import _schedule_periodic_tasks

    _schedule_periodic_tasks(app)
    entries = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    assert entries["notifications.tasks.send_due_reminders"] == settings.REMINDER_INTERVAL == 900


def test_a_later_app_adds_a_per_object_date_and_an_audience_without_engine_changes(
    setup, django_capture_on_commit_callbacks
):
    """What grants will do for reports: one occurrence per report, its own audience."""
    owner = setup["owner"]
    reports = [("report:1", dt.date(2030, 9, 30)), ("report:2", dt.date(2030, 12, 31))]

    def report_dates(call):
        for key, due in reports:
            yield registry.Occurrence(key=key, at=due, target=key)

    def grantees(*, rule, occurrence, user=None):
        if user is None or user == owner:
            yield registry.Recipient(
                key=f"user:{owner.pk}",
                email=owner.email,
                name=owner.first_name,
                language="ru",
                link=f"/grants/{occurrence.target}/",
                user=owner,
                about=f"Отчёт {occurrence.target}",
            )

    registry.reminder_date("test_report_due", label="Срок отчёта")(report_dates)
    registry.audience("test_grantees", label="Грантополучатели")(grantees)
    try:
        ReminderRuleFactory(
            call=setup["call"],
            date="test_report_due",
            audience="test_grantees",
            offsets="-3, +2",
            subject="Отчёт «{about}» до {date}",
            body="{link}",
        )
        moments = [
            dt.datetime(2030, 9, 27, 9, tzinfo=BISHKEK),
            dt.datetime(2031, 1, 2, 9, tzinfo=BISHKEK),
        ]
        for moment in moments:
            with (
                time_machine.travel(moment, tick=False),
                django_capture_on_commit_callbacks(execute=True),
            ):
                send_due_reminders()
        subjects = [m.subject for m in mail.outbox if "Отчёт" in m.subject]
        assert subjects == [
            "EGED · Отчёт «Отчёт report:1» до 30 сентября 2030",
            "EGED · Отчёт «Отчёт report:2» до 31 декабря 2030",
        ]
        assert "/grants/report:2/" in mail.outbox[-1].body
    finally:
        registry._dates.pop("test_report_due")
        registry._audiences.pop("test_grantees")


def test_the_demo_reminds_of_every_later_step_of_the_programme():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    audiences = set(
        ReminderRule.objects.filter(call__slug="eged-2022").values_list("audience", flat=True)
    )
    assert {
        "selected_without_attendees",
        "workshop_participants",
        "workshop_coalitions_without_support_application",
        "contracts_awaiting_signature",
        "grantees_report_due",
    } <= audiences
