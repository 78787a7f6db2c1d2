import pytest
from django.core.management import call_command

from applications.models import Application

pytestmark = pytest.mark.django_db


def test_load_demo_adds_draft_submitted_and_pair_applications_and_can_run_twice():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    applications = Application.objects.all()
    assert applications.count() == 9
    open_call = applications.filter(call__status="open")
    assert open_call.filter(status="draft", partner__isnull=False).exists()
    assert open_call.filter(status="submitted", partner__isnull=False).exists()
    decided = applications.filter(call__slug="eged-2022")
    assert set(decided.values_list("status", flat=True)) == {"selected", "reserve"}
    for application in applications.filter(status="submitted"):
        assert application.status_changes.count() == 1
    for application in decided:
        assert application.status_changes.count() == 2  # submitted, then the decision


def test_load_demo_adds_criteria_reviews_and_scores():
    from calls.models import Call, Criterion
    from reviews.models import ReviewAssignment, Score

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for call in Call.objects.all():
        assert Criterion.objects.filter(call=call, stage="workshop_application").count() == 7
    archive = Call.objects.get(slug="eged-2022")
    done = ReviewAssignment.objects.filter(
        call=archive, stage="workshop_application", status="submitted"
    )
    assert done.count() == 12
    assert Score.objects.filter(assignment__in=done).count() == 84
    # The open call's submitted application waits for two reviewers.
    assert ReviewAssignment.objects.exclude(call=archive).filter(status="assigned").count() == 2
