"""The application list's filters tell the calls apart."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from calls.models import Priority
from tests.factories import user_with_role

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def priority_choices(client, **query):
    page = client.get(reverse("admin:applications_application_changelist"), query)
    block = page.content.decode().split("приоритетные темы", 1)[1].split("</details>", 1)[0]
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a[^>]*>(.*?)</a>", block)]


def test_each_calls_priorities_say_which_call_they_belong_to(client):
    old = CallFactory(
        slug="eged-2022", application_deadline=timezone.now() - dt.timedelta(days=900)
    )
    new = CallFactory(slug="eged-2027")
    for call in (old, new):
        Priority.objects.create(call=call, number=9, title="Устойчивое развитие регионов")
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    every_call = [c for c in priority_choices(client) if c.startswith("9.")]
    assert every_call == [
        "9. Устойчивое развитие регионов (eged-2027)",
        "9. Устойчивое развитие регионов (eged-2022)",
    ]
    # Filtered by a call, its own priorities need no call named.
    one_call = priority_choices(client, call__id__exact=old.pk)
    assert [c for c in one_call if c.startswith("9.")] == ["9. Устойчивое развитие регионов"]
