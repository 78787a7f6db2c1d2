"""The support-request list shows the budget of the calls it lists, not of the latest call
when the rows are another call's."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts import roles
from tests.applications.factories import BISHKEK
from tests.factories import user_with_role

from .factories import submitted, support_call

pytestmark = pytest.mark.django_db
LIST = reverse("admin:grants_technicalsupportapplication_changelist")


def bars(client, **query) -> list[str]:
    page = client.get(LIST, query).content.decode()
    return re.findall(r"data-budget[^>]*>\s*<p[^>]*><strong>(.*?)</strong>", page)


def test_unfiltered_list_shows_the_bar_of_the_listed_calls(client, support_open):
    listed = support_call(title="Конкурс 2030")
    later = support_call(
        title="Конкурс 2031",
        support_deadline=dt.datetime(2031, 6, 30, 23, 59, 59, tzinfo=BISHKEK),
    )
    submitted(listed)
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    assert bars(client) == [str(listed)]
    assert bars(client, call__id__exact=later.pk) == [str(later)]

    submitted(later)
    assert bars(client) == [str(later), str(listed)]  # one per call, the latest first
