from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import User
from calls.models import Call
from coalitions.models import Coalition

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_2022_call_and_is_idempotent(capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out

    call = Call.objects.get(slug="eged-2022")
    assert call.budget == Decimal("870000.00")
    assert (call.min_awards, call.max_awards) == (4, 6)
    assert call.priorities.count() == 3
    assert call.key_topics.count() == 7
    assert call.contact_email == "abuzurmankulova@dpi.kg"
    assert call.application_deadline.isoformat() == "2022-05-25T17:59:59+00:00"
    assert str(call.workshop_start) == "2022-06-13"
    assert Call.objects.filter(status=Call.Status.OPEN).count() == 1

    assert User.objects.filter(email="staff@demo.eged.kg", groups__name="programme_staff").exists()
    assert User.objects.filter(email="admin@demo.eged.kg", is_superuser=True).exists()
    kinds = set(Coalition.objects.values_list("kind", flat=True))
    assert kinds == {"civic", "economic"}
    assert "member@demo.eged.kg" in out and "eged-demo-2022" in out
