import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection

from core.errors import PortalError
from grants import implementation, spending, timeline
from grants.models import Report, Spending

from .award_factories import awarded, owner_of

pytestmark = pytest.mark.django_db
DAY = dt.date(2030, 9, 1)


def _spend(award, line, amount, **kwargs):
    return spending.record_spending(
        award=award,
        line=line,
        spent_on=DAY,
        amount=Decimal(amount),
        supplier="ОсОО «Принт»",
        description="оплата",
        **kwargs,
    )


def test_each_line_shows_awarded_spent_and_remaining():
    award = awarded()
    expert, event, _materials = award.lines.order_by("budget_line__position")
    _spend(award, expert, "30000")
    _spend(award, expert, "15000.50")
    _spend(award, event, "60000")

    money = spending.award_money(award)

    rows = {m.line.pk: m for m in money.lines}
    assert (rows[expert.pk].spent, rows[expert.pk].remaining) == (
        Decimal("45000.50"),
        Decimal("34999.50"),
    )
    assert rows[event.pk].remaining == 0 and rows[event.pk].spent_percent == 100
    assert money.awarded == Decimal("160000") and money.spent == Decimal("105000.50")
    assert money.remaining == Decimal("54999.50")


def test_spending_beyond_a_line_is_refused_until_money_is_reallocated():
    award = awarded()
    _expert, event, materials = award.lines.order_by("budget_line__position")
    _spend(award, event, "55000")

    with pytest.raises(PortalError) as error:
        _spend(award, event, "8000")
    assert "осталось 5\u00a0000\u00a0сом" in error.value.message
    assert "перераспределите" in error.value.message

    spending.reallocate(
        award=award,
        from_line=materials,
        to_line=event,
        amount=Decimal("3000"),
        reason="Печать подешевела, аренда зала подорожала",
        by=None,
    )
    _spend(award, event, "8000")
    rows = {m.line.pk: m for m in spending.award_money(award).lines}
    assert rows[event.pk].budget == Decimal("63000") and rows[event.pk].remaining == 0
    assert rows[materials.pk].budget == Decimal("17000")
    assert award.reallocations.get().history.count() == 1  # kept in the history


def test_a_reallocation_cannot_move_more_than_the_line_has_left():
    award = awarded()
    expert, event, _materials = award.lines.order_by("budget_line__position")
    _spend(award, expert, "70000")
    with pytest.raises(PortalError) as error:
        spending.reallocate(
            award=award,
            from_line=expert,
            to_line=event,
            amount=Decimal("10001"),
            reason="x",
            by=None,
        )
    assert "свободно только 10\u00a0000\u00a0сом" in error.value.message
    with pytest.raises(PortalError):
        spending.reallocate(
            award=award, from_line=expert, to_line=event, amount=Decimal("1"), reason=" ", by=None
        )


def test_spending_against_another_awards_line_or_zero_is_refused():
    award, other = awarded(), awarded()
    with pytest.raises(PortalError):
        _spend(award, other.lines.first(), "1")
    with pytest.raises(PortalError):
        _spend(award, award.lines.first(), "0")
    assert not Spending.objects.exists()


def test_the_default_schedule_runs_from_today_to_the_implementation_end():
    award = awarded()  # no contract printed: the schedule runs from today

    with time_machine.travel(dt.datetime(2030, 6, 20, 12, tzinfo=dt.UTC), tick=False):
        reports = implementation.ensure_schedule(award)
    again = implementation.ensure_schedule(award)

    assert [(r.kind, r.due_on) for r in reports] == [
        ("interim", dt.date(2030, 9, 25)),
        ("final", dt.date(2030, 12, 31)),
    ]
    assert len(again) == 2


def _report(award, kind=Report.Kind.FINAL, due=dt.date(2030, 12, 31)):
    return Report.objects.create(award=award, kind=kind, due_on=due)


def _filled(report):
    rows = implementation.result_rows(report)
    return implementation.save_report(
        report=report,
        answers={
            "activities": "Провели два круглых стола.",
            "data_collected": "https://example.kg/data.xlsx",
            "advocacy_outcomes": "Кенеш принял решение о публикации расходов.",
            "challenges": "",
            "next_steps": "",
        },
        results={row.expected.pk: ("5 айылов", "") for row in rows},
        by=None,
    )


def test_report_states_submit_changes_resubmit_accept(django_capture_on_commit_callbacks):
    award = awarded()
    owner = owner_of(award)
    award.call.contact_email = "staff@example.kg"
    award.call.save()
    report = _report(award)

    with pytest.raises(PortalError) as error:
        implementation.submit_report(report=report, by=owner)
    assert "Что сделано" in error.value.message

    report = _filled(report)
    with django_capture_on_commit_callbacks(execute=True):
        implementation.submit_report(report=report, by=owner)
    with pytest.raises(PortalError):
        implementation.save_report(report=report, answers={"activities": "x"}, results={}, by=owner)
    with pytest.raises(PortalError) as error:
        implementation.review_report(report=report, accept=False, comment="", by=None)
    assert "что нужно исправить" in error.value.message.lower()
    with django_capture_on_commit_callbacks(execute=True):
        implementation.review_report(
            report=report, accept=False, comment="Добавьте протокол встречи", by=None
        )
    report.refresh_from_db()
    assert report.status == "changes_requested" and report.is_editable
    implementation.save_report(report=report, answers={"challenges": "Сроки"}, results={}, by=owner)
    implementation.submit_report(report=report, by=owner)
    with django_capture_on_commit_callbacks(execute=True):
        implementation.review_report(report=report, accept=True, comment="", by=None)

    report.refresh_from_db()
    assert report.status == "accepted"
    assert [c.to_status for c in report.status_changes.all()] == [
        "submitted",
        "changes_requested",
        "submitted",
        "accepted",
    ]
    subjects = [m.subject for m in mail.outbox]
    assert any("исправить" in s for s in subjects) and any("принят" in s for s in subjects)
    assert any(m.to == ["staff@example.kg"] for m in mail.outbox)


def test_a_report_sent_after_its_due_date_is_marked_late():
    import time_machine

    from tests.applications.factories import BISHKEK

    award = awarded()
    report = _filled(_report(award, kind=Report.Kind.INTERIM, due=dt.date(2030, 10, 1)))
    assert not report.is_late(today=dt.date(2030, 10, 1))
    assert report.is_late(today=dt.date(2030, 10, 2))  # not sent, date passed
    with time_machine.travel(dt.datetime(2030, 10, 2, 9, tzinfo=BISHKEK), tick=False):
        implementation.submit_report(report=report, by=None)
    report.refresh_from_db()
    assert report.is_late(today=dt.date(2031, 1, 1))


def test_the_grant_closes_when_the_final_report_is_accepted_and_spending_is_complete():
    award = awarded()
    report = _filled(_report(award))
    implementation.submit_report(report=report, by=None)
    implementation.review_report(report=report, accept=True, comment="", by=None)
    award.refresh_from_db()
    assert award.closed_at is None  # spending not yet complete

    implementation.mark_spending_complete(award=award, by=None)

    award.refresh_from_db()
    assert award.closed_at is not None
    with pytest.raises(PortalError):
        _spend(award, award.lines.first(), "1")
    assert "Поддержка закрыта" in [m.text for m in timeline.timeline(award)][-1]


def test_the_public_page_data_has_published_campaigns_and_only_accepted_results():
    shown = awarded(published=True)
    awarded(call=shown.call)  # not published
    report = _filled(_report(shown))
    rows = implementation.public_campaigns(shown.call)
    assert [row["award"] for row in rows] == [shown]
    assert all(result["reported"] is None for result in rows[0]["results"])

    implementation.submit_report(report=report, by=None)
    implementation.review_report(report=report, accept=True, comment="", by=None)

    rows = implementation.public_campaigns(shown.call)
    assert rows[0]["results"][0]["reported"].achieved == "5 айылов"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_finance_staff_recording_at_once_never_overspend_a_line():
    """Eight people record 10,000 KGS on a 60,000 KGS line at the same moment."""
    award = awarded()
    event = award.lines.get(budget_line__support_type="event")
    barrier = threading.Barrier(8)
    refused = []

    def record():
        barrier.wait()
        try:
            _spend(award, event, "10000")
        except PortalError as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Spending.objects.filter(line=event).count() == 6
    assert len(refused) == 2
    assert spending.award_money(award).lines[1].remaining == 0
