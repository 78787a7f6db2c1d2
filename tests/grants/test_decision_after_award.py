"""A workshop decision that contradicts an award already made (the funded pair moved to
«в резерв» or «отклонена») is held back with a warning until staff confirm it."""

import pytest
from django.urls import reverse

from accounts import roles
from applications import decisions as application_decisions
from applications.models import Application
from grants import awards
from notifications.models import OutgoingMessage
from tests.factories import user_with_role

from .factories import submitted, support_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(support_open):
    call = support_call()
    request = submitted(call, pair=True)
    staff = user_with_role(roles.PROGRAMME_STAFF)
    awards.award_support(application=request, by=staff)
    application = Application.objects.get(call=call, coalition=request.coalition)
    return application, request, staff


def decide(client, application, action, **extra):
    return client.post(
        reverse("admin:applications_application_changelist"),
        {"action": action, "_selected_action": [application.pk], "apply": "1", **extra},
        follow=True,
    ).content.decode()


def decision_mail():
    return OutgoingMessage.objects.filter(key__startswith="decision:")


@pytest.mark.parametrize("action", ["reserve", "reject"])
def test_moving_a_funded_pair_out_of_selection_needs_a_confirmation(
    client, funded, action, django_capture_on_commit_callbacks
):
    application, request, staff = funded
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, application, action, reason="Ошибка в списке")
    assert "Это решение противоречит следующим этапам программы" in page
    assert f"уже получили поддержку: «{request}»" in page
    assert "Всё равно принять решение" in page
    assert 'name="confirm_later_stages"' in page
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    assert not decision_mail().exists()

    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, application, action, reason="Ошибка", confirm_later_stages="1")
    application.refresh_from_db()
    assert application.status == Application.Status(action.replace("reject", "rejected"))
    assert decision_mail().exists()


def test_the_service_refuses_it_unless_confirmed(funded):
    application, _, staff = funded
    with pytest.raises(application_decisions.ContradictsLaterStages, match="поддержку"):
        application_decisions.decide_application(
            application=application, decision=Application.Status.RESERVE, by=staff
        )
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED


def test_the_confirmation_page_warns_before_anything_is_decided(client, funded):
    application, _, staff = funded
    client.force_login(staff)
    page = client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "reserve", "_selected_action": [application.pk]},
    ).content.decode()
    assert "Это решение противоречит следующим этапам программы" in page


def test_a_coalition_without_an_award_is_decided_without_a_warning(client, support_open):
    from tests.workshops.factories import selected_application

    application = selected_application(support_call())
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    page = decide(client, application, "reserve")
    assert "противоречит" not in page
    application.refresh_from_db()
    assert application.status == Application.Status.RESERVE
