import pytest
from django.core.management import call_command

from applications.models import Application

pytestmark = pytest.mark.django_db


def test_load_demo_adds_draft_submitted_and_pair_applications_and_can_run_twice():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    applications = Application.objects.all()
    assert applications.count() == 5
    open_call = applications.filter(call__status="open")
    assert open_call.filter(status="draft", partner__isnull=False).exists()
    assert open_call.filter(status="submitted", partner__isnull=False).exists()
    assert applications.filter(call__slug="eged-2022", status="submitted").count() == 2
    for application in applications.filter(status="submitted"):
        assert application.status_changes.count() == 1
