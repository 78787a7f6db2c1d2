"""Finance reads technical-support requests without who scored what
(``grants/permissions.py``); programme staff see the reviews."""

import pytest
from django.urls import reverse

from accounts import roles
from tests.applications.review_factories import reviewer
from tests.factories import user_with_role

from .factories import submitted
from .test_review_support import call, score  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def change_page(client, request) -> str:
    url = reverse("admin:grants_technicalsupportapplication_change", args=[request.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("role", "sees"), [(roles.FINANCE, False), (roles.PROGRAMME_STAFF, True)])
def test_reviews_of_a_support_request_only_for_programme_staff(client, call, role, sees):  # noqa: F811
    request = submitted(call)
    score(request, reviewer(first_name="Анара", last_name="Асанова"), [8, 9])
    client.force_login(user_with_role(role))
    page = change_page(client, request)
    assert "Открытый бюджет ирригации" in page
    assert ("Асанова" in page) is sees
    assert ("Сумма с весами" in page) is sees
