"""``load_demo`` adds the 2022 technical support: five requests, awards within the budget,
printed contracts, the pair's contract with the coalitions; twice is the same as once."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from grants import awards
from grants.models import Award, Contract, TechnicalSupportApplication

pytestmark = pytest.mark.django_db


def test_load_demo_adds_requests_awards_and_contracts_and_can_run_twice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for _ in range(2):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    requests = TechnicalSupportApplication.objects.filter(call__slug="eged-2022")
    assert requests.count() == 5
    assert requests.filter(partner__isnull=False).count() == 1
    summary = awards.budget_summary(requests.first().call)
    assert summary.total == Decimal("870000")
    assert summary.awarded == Decimal("861500") <= summary.total
    assert 4 <= summary.count <= 5 and summary.warning == ""
    assert Contract.objects.count() == Award.objects.count() == 5
    assert all(c.versions.count() == 1 for c in Contract.objects.all())
    pair = Contract.objects.get(award__application__partner__isnull=False)
    assert pair.status == Contract.Status.SENT
    assert pair.award.application.coalition.name == "Коалиция «За прозрачный бюджет»"
    # The campaigns that ran have contracts in force; the pair's waits for its signature.
    assert Contract.objects.filter(status=Contract.Status.ACTIVE).count() == 4
    assert Contract.objects.filter(status=Contract.Status.SENT).count() == 1
    assert {r.score for r in awards.scored_requests(requests.first().call)} != {None}


def test_the_demo_has_spending_reports_in_every_state_and_published_results(settings, tmp_path):
    from grants.models import Award, Report, Spending

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    awards = Award.objects.filter(call__slug="eged-2022")
    assert set(Report.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "changes_requested",
        "accepted",
    }
    assert awards.filter(closed_at__isnull=False).count() == 1
    assert awards.filter(published=True).count() == awards.count() == 5
    assert Spending.objects.count() >= 10
    from grants import spending

    for award in awards:  # the demo never spends past a line
        assert all(line.remaining >= 0 for line in spending.award_money(award).lines)
