"""The technical-support form on the portal: sections that autosave, rows added and removed
without losing what was typed, the refusal of institutional costs, and submission."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import TechnicalSupportApplication
from tests.factories import PASSWORD

from .factories import complete, started, support_call

pytestmark = pytest.mark.django_db


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def line(index, description, quantity, unit_cost, support_type="expert", unit="день"):
    return {
        f"line-{index}-support_type": support_type,
        f"line-{index}-description": description,
        f"line-{index}-unit": unit,
        f"line-{index}-quantity": quantity,
        f"line-{index}-unit_cost": unit_cost,
    }


@pytest.fixture
def member(client, support_open):
    request, owner = started(support_call())
    client.login(email=owner.email, password=PASSWORD)
    return request, owner


def budget_url(request):
    return reverse("grants:section", args=[request.pk, "budget"])


def test_the_dashboard_offers_the_request_and_the_button_starts_it(client, support_open):
    from tests.applications.factories import member_of

    from .factories import took_part

    call = support_call()
    application = took_part(call)
    owner = member_of(application.coalition)
    client.login(email=owner.email, password=PASSWORD)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "может подать заявку на техническую поддержку" in page
    response = client.post(
        reverse("grants:start"), {"call": call.pk, "coalition": application.coalition.pk}
    )
    request = TechnicalSupportApplication.objects.get(coalition=application.coalition)
    assert response.url == reverse("grants:section", args=[request.pk, "plan"])


def test_autosave_keeps_lines_with_gaps_and_computes_totals(client, member):
    request, _owner = member
    data = {
        "autosave": "1",
        **management("line", 3),
        **line(0, "Эксперт по бюджету", "2.5", "1234.57"),
        # row 1 was removed on the page: its fields are simply not posted
        **line(2, "Печать буклетов", "500", "30"),
    }
    response = client.post(budget_url(request), data)
    assert response.status_code == 200, response.json()
    assert response.json()["saved"] is True
    assert response.json()["requested_total"] == "18086.43"
    request.refresh_from_db()
    assert [(b.description, b.total) for b in request.budget_lines.all()] == [
        ("Эксперт по бюджету", Decimal("3086.43")),
        ("Печать буклетов", Decimal("15000.00")),
    ]
    page = client.get(budget_url(request)).content.decode()
    assert "18\xa0086,43\xa0сом" in page
    assert 'value="Печать буклетов"' in page


def test_remove_button_without_javascript_drops_only_that_row(client, member):
    request, _owner = member
    data = {
        **management("line", 2),
        **line(0, "Эксперт по бюджету", "1", "1000"),
        **line(1, "Печать буклетов", "100", "30"),
        "remove_row": "line-0",
    }
    response = client.post(budget_url(request), data)
    assert response.status_code == 302
    request.refresh_from_db()
    assert [b.description for b in request.budget_lines.all()] == ["Печать буклетов"]
    assert request.requested_total == Decimal("3000.00")


def test_an_institutional_line_is_refused_next_to_the_field(client, member):
    request, _owner = member
    data = {
        "autosave": "1",
        **management("line", 2),
        **line(0, "Печать буклетов", "100", "30"),
        **line(1, "Аренда офиса организации", "6", "20000", support_type="other"),
    }
    response = client.post(budget_url(request), data)
    assert response.status_code == 400
    errors = response.json()["errors"]["line-1-description"]
    assert "Институциональные расходы организаций не будут поддержаны" in errors[0]
    assert request.budget_lines.count() == 0  # nothing half-saved
    # The ordinary post shows the same message on the page, with what was typed kept.
    page = client.post(budget_url(request), {**data, "autosave": ""}).content.decode()
    assert "Институциональные расходы организаций не будут поддержаны" in page
    assert 'value="Аренда офиса организации"' in page


def test_a_started_line_needs_its_numbers(client, member):
    request, _owner = member
    data = {"autosave": "1", **management("line", 1), **line(0, "Эксперт", "", "")}
    errors = client.post(budget_url(request), data).json()["errors"]
    assert {"line-0-quantity", "line-0-unit_cost"} <= set(errors)


def test_activities_must_end_by_the_implementation_end(client, member):
    request, _owner = member
    data = {
        "autosave": "1",
        **management("act", 1),
        "act-0-description": "Итоговая конференция",
        "act-0-starts_on": "2030-12-30",
        "act-0-ends_on": "2031-01-15",
    }
    response = client.post(reverse("grants:section", args=[request.pk, "activities"]), data)
    assert response.status_code == 400
    assert "31 декабря 2030" in response.json()["errors"]["act-0-ends_on"][0]


def test_submission_lists_what_is_missing_then_sends(client, member):
    request, owner = member
    detail = reverse("grants:detail", args=[request.pk])
    page = client.get(detail).content.decode()
    assert "Добавьте хотя бы одну строку бюджета." in page
    client.post(reverse("grants:submit", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "draft"
    complete(request, owner)
    client.post(reverse("grants:submit", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "submitted"
    assert request.status_changes.get().to_status == "submitted"


def test_a_stranger_does_not_see_the_request(client, member):
    from tests.factories import UserFactory

    request, _owner = member
    stranger = UserFactory()
    client.login(email=stranger.email, password=PASSWORD)
    assert client.get(reverse("grants:detail", args=[request.pk])).status_code == 404
    assert client.post(budget_url(request), {"autosave": "1"}).status_code == 404
