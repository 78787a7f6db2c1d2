"""Audit history of scores, decisions, awards, contracts and money: who changed what and
when, whether through the admin (actions, forms) or a service; staff and finance read it
in the admin's history pages, reviewers cannot."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from applications.models import ApplicationStatusChange
from calls.models import Stage
from grants import awards, contracts, spending
from grants.models import Award, AwardLine, Contract, Reallocation, Spending, SupportStatusChange
from reviews import services as review
from tests.applications.factories import BISHKEK, CallFactory
from tests.applications.review_factories import criteria, reviewer, submitted_application
from tests.factories import user_with_role

from .factories import fill_grantor, submitted, support_call

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2030, 6, 20, 12, 0, tzinfo=BISHKEK)  # support_open's frozen time


def _trail(history) -> list[tuple]:
    """(type, user, at) of each history row, oldest first."""
    return [
        (row.history_type, row.history_user, row.history_date)
        for row in history.order_by("history_date", "history_id")
    ]


def test_scores_record_the_reviewer_and_every_change():
    call = CallFactory()
    first, second = criteria(call, (10, 2), (5, 1))
    person = reviewer()
    application = submitted_application(call)
    assignment = review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    for points in ((7, 3), (9, 3)):
        review.submit_review(
            assignment=assignment,
            by=person,
            points={first.pk: Decimal(points[0]), second.pk: Decimal(points[1])},
            recommendation="support",
        )

    score = assignment.scores.get(criterion=first)
    rows = score.history.order_by("history_date", "history_id")
    assert [(r.history_type, r.points, r.history_user) for r in rows] == [
        ("+", Decimal("7"), person),
        ("~", Decimal("9"), person),
    ]
    assert assignment.history.filter(status="submitted").first().history_user == person


def test_decisions_taken_with_admin_actions_record_who_and_when(client):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    client.force_login(staff)
    application = submitted_application(CallFactory())
    before = timezone.now()
    client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "select", "_selected_action": [application.pk], "apply": "1"},
    )
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.by) == ("submitted", "selected", staff)
    assert before <= change.at <= timezone.now()
    page = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert str(staff) in page.content.decode()


def test_support_awards_changes_and_contracts_record_who_and_when(
    client, support_open, django_capture_on_commit_callbacks
):
    call = support_call(budget=Decimal("870000"))
    declined, request = submitted(call), submitted(call, budget=((10, 8000),))
    first_staff = user_with_role(roles.PROGRAMME_STAFF, email="first@example.kg")
    second_staff = user_with_role(roles.PROGRAMME_STAFF, email="second@example.kg")
    client.force_login(first_staff)
    changelist = reverse("admin:grants_technicalsupportapplication_changelist")
    with django_capture_on_commit_callbacks(execute=True):  # the contract is printed
        client.post(changelist, {"action": "decline", "_selected_action": [declined.pk]})
        client.post(changelist, {"action": "award_requested", "_selected_action": [request.pk]})

    decline = SupportStatusChange.objects.get(application=declined, to_status="not_supported")
    assert (decline.by, decline.at) == (first_staff, MOMENT)
    award = Award.objects.get(application=request)
    assert _trail(award.history) == [("+", first_staff, MOMENT)]
    assert {(r.history_type, r.history_user) for r in AwardLine.history.all()} == {
        ("+", first_staff)
    }

    # Another staff member lowers it through the service (as the award page does).
    with django_capture_on_commit_callbacks(execute=True):
        awards.award_support(application=request, by=second_staff, amount=Decimal("60000"))
    amounts = award.history.order_by("history_date", "history_id").values_list(
        "amount", "history_user__email"
    )
    assert list(amounts) == [
        (Decimal("80000"), "first@example.kg"),
        (Decimal("60000"), "second@example.kg"),
    ]
    line_rows = AwardLine.history.order_by("history_id").values_list(
        "history_type", "amount", "history_user__email"
    )
    assert list(line_rows) == [
        ("+", Decimal("80000"), "first@example.kg"),
        ("-", Decimal("80000"), "second@example.kg"),
        ("+", Decimal("60000"), "second@example.kg"),
    ]

    contract = Contract.objects.get(award=award)
    fill_grantor(contract.call)  # ИПР's details, without which a contract is not sent
    contracts.send_contract(contract=contract, by=second_staff)
    assert contract.history.latest().history_user == second_staff
    assert contract.history.latest().status == Contract.Status.SENT
    assert contract.status_changes.get(to_status="sent").by == second_staff


def test_spending_and_reallocations_record_the_finance_officer_and_roles_limit_reading(client):
    from .award_factories import awarded

    award = awarded()
    finance = user_with_role(roles.FINANCE)
    first, second, _third = award.lines.order_by("budget_line__position")
    spending.record_spending(
        award=award,
        line=first,
        spent_on=dt.date(2030, 8, 1),
        amount=Decimal("1000"),
        supplier="ОсОО «Принт»",
        description="Буклеты",
        by=finance,
    )
    spending.reallocate(
        award=award, from_line=first, to_line=second, amount=Decimal("500"), reason="x", by=finance
    )
    payment, reallocation = Spending.objects.get(), Reallocation.objects.get()
    assert payment.history.get().history_user == finance
    assert reallocation.history.get().history_user == finance

    # Finance reads the history of money; a reviewer reads none of it.
    client.force_login(finance)
    for name, obj in [("spending", payment), ("award", award)]:
        page = client.get(reverse(f"admin:grants_{name}_history", args=[obj.pk]))
        assert page.status_code == 200
    assert (
        str(finance)
        in client.get(reverse("admin:grants_spending_history", args=[payment.pk])).content.decode()
    )
    client.force_login(reviewer())
    assert client.get(reverse("admin:grants_award_history", args=[award.pk])).status_code == 403
    assert (
        client.get(reverse("admin:grants_spending_history", args=[payment.pk])).status_code == 403
    )
