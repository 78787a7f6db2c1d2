"""The support-request review shares the workshop review's rule: a decided request's
scores are frozen."""

from decimal import Decimal

import pytest

from calls.models import Criterion, Stage
from core.errors import PortalError
from grants.models import TechnicalSupportApplication
from reviews import services as review
from tests.applications.review_factories import reviewer

from .factories import submitted, support_call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("decision", ["awarded", "not_supported"])
def test_a_decided_support_request_keeps_its_scores(support_open, decision):
    call = support_call()
    criterion = Criterion.objects.create(
        call=call, stage=Stage.SUPPORT, number=1, name="План", max_points=10
    )
    request = submitted(call)
    person = reviewer()
    assignment = review.assign_reviewer(
        reviewed=request, reviewer=person, stage=Stage.SUPPORT, by=None
    )
    review.submit_review(
        assignment=assignment,
        by=person,
        points={criterion.pk: Decimal(6)},
        recommendation="support",
    )
    TechnicalSupportApplication.objects.filter(pk=request.pk).update(status=decision)
    assignment.refresh_from_db()
    with pytest.raises(PortalError, match="уже принято решение"):
        review.submit_review(
            assignment=assignment,
            by=person,
            points={criterion.pk: Decimal(9)},
            recommendation="support",
        )
    assert assignment.scores.get().points == Decimal(6)
