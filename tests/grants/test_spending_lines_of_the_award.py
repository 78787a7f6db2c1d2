"""«Добавить расход» offers the chosen award's lines, not every award's: opened from the
award's page, or sent with an award; a line of another award is refused."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from grants.models import Spending
from tests.factories import user_with_role

from .award_factories import awarded

pytestmark = pytest.mark.django_db
ADD = reverse("admin:grants_spending_add")


def offered_lines(page: str, name: str = "line") -> set[int]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)[0]
    return {int(value) for value in re.findall(r'<option value="(\d+)"', select)}


@pytest.fixture
def finance(client):
    client.force_login(user_with_role(roles.FINANCE))
    return client


def test_the_line_choice_lists_the_chosen_awards_lines_only(finance):
    award, _other = awarded(), awarded()
    own = set(award.lines.values_list("pk", flat=True))

    assert offered_lines(finance.get(ADD).content.decode()) == set()  # no award chosen yet
    assert offered_lines(finance.get(ADD, {"award": award.pk}).content.decode()) == own
    award_page = finance.get(reverse("admin:grants_award_change", args=[award.pk]))
    assert f"{ADD}?award={award.pk}" in award_page.content.decode()

    # Sent with an award but no line, the form comes back offering that award's lines.
    resent = finance.post(ADD, {"award": award.pk, "spent_on": "01.09.2030", "amount": "10"})
    assert offered_lines(resent.content.decode()) == own


def test_a_line_of_another_award_is_refused(finance):
    award, other = awarded(), awarded()
    data = {
        "award": award.pk,
        "line": other.lines.first().pk,
        "spent_on": "01.09.2030",
        "amount": "1000",
        "supplier": "Отель «Ала-Тоо»",
        "description": "Аренда зала",
    }
    refused = finance.post(ADD, data)
    assert refused.status_code == 200
    assert "Отель «Ала-Тоо»" in refused.content.decode()  # what was typed is kept
    assert not Spending.objects.exists()


def test_reallocation_offers_the_chosen_awards_lines_only(client):
    client.force_login(user_with_role(roles.FINANCE))
    award, _other = awarded(), awarded()
    page = client.get(reverse("admin:grants_reallocation_add"), {"award": award.pk})
    own = set(award.lines.values_list("pk", flat=True))
    assert offered_lines(page.content.decode(), "from_line") == own
    assert offered_lines(page.content.decode(), "to_line") == own
