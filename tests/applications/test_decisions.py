"""Selection: only submitted applications are decided; the applicants are told once."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from applications import decisions, submission
from applications.models import Application
from core.errors import PortalError
from notifications.models import OutgoingMessage
from tests.factories import user_with_role

from .factories import ApplicationFactory, CallFactory, member_of
from .review_factories import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def decide(client, applications, action, reason=""):
    return client.post(
        reverse("admin:applications_application_changelist"),
        {
            "action": action,
            "_selected_action": [a.pk for a in applications],
            "apply": "1",
            "reason": reason,
        },
        follow=True,
    )


def test_selecting_emails_each_owner_and_editor_in_their_language_once(
    client, staff, django_capture_on_commit_callbacks
):
    call = CallFactory(workshop_capacity=12)
    application = submitted_application(call, idea_title="Открытые бюджеты")
    owner = member_of(application.coalition, email="owner@example.kg", language="ru")
    member_of(application.coalition, role="editor", email="editor@example.kg", language="en")
    member_of(application.coalition, role="viewer", email="viewer@example.kg")
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, [application], "select", reason="Сильная пара").content.decode()
    assert "Решение «отобрана» принято по заявкам: 1." in page
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    change = application.status_changes.get(to_status=Application.Status.SELECTED)
    assert (change.by, change.note) == (staff, "Сильная пара")

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"owner@example.kg", "editor@example.kg"}
    assert "отобрана на практикум" in by_address["owner@example.kg"].subject
    assert "Поздравляем" in by_address["owner@example.kg"].body
    assert "Сильная пара" in by_address["owner@example.kg"].body
    assert "selected for the workshop" in by_address["editor@example.kg"].subject

    # A second click: refused, and nobody gets a second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, [application], "select").content.decode()
    assert "нельзя перевести" in page
    assert len(mail.outbox) == 2
    assert OutgoingMessage.objects.filter(key__startswith="decision:").count() == 2
    assert owner.messages_received.count() == 1


def test_only_submitted_applications_can_be_decided(staff):
    draft = ApplicationFactory()
    with pytest.raises(PortalError, match="нельзя перевести"):
        decisions.decide_application(
            application=draft, decision=Application.Status.SELECTED, by=staff
        )
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_the_applicant_sees_the_decision_and_the_next_step(client, staff):
    call = CallFactory()
    application = submitted_application(call, idea_title="Открытые бюджеты")
    owner = member_of(application.coalition)
    decisions.decide_application(
        application=application, decision=Application.Status.RESERVE, by=staff
    )
    client.force_login(owner)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "в резерве" in page
    assert "если освободится место на практикуме" in page
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "если освободится место на практикуме" in detail


def test_a_decided_application_cannot_be_changed_by_the_applicant(staff):
    call = CallFactory()
    application = submitted_application(call)
    owner = member_of(application.coalition)
    decisions.decide_application(
        application=application, decision=Application.Status.SELECTED, by=staff
    )
    with pytest.raises(PortalError, match="уже принято решение"):
        submission.withdraw_application(application=application, by=owner)


def test_capacity_is_shown_while_selecting(client, staff):
    call = CallFactory(workshop_capacity=12)
    application = submitted_application(call)
    client.force_login(staff)
    page = client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "select", "_selected_action": [application.pk]},
    ).content.decode()
    assert "отобрано 0" in page and "из 12 мест на практикуме" in page


def test_a_corrected_decision_reaches_the_applicants_each_time_it_changes(
    client, staff, django_capture_on_commit_callbacks
):
    application = submitted_application(CallFactory(workshop_capacity=12))
    owner = member_of(application.coalition, email="owner@example.kg", language="ru")
    client.force_login(staff)
    subjects = []
    for action in ("select", "reserve", "select"):
        with django_capture_on_commit_callbacks(execute=True):
            decide(client, [application], action)
        subjects.append(mail.outbox[-1].subject)
    assert len(mail.outbox) == 3
    assert "отобрана на практикум" in subjects[0]
    assert "отобрана на практикум" not in subjects[1]
    assert "отобрана на практикум" in subjects[2]
    assert owner.messages_received.count() == 3

    # The same decision again is refused and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, [application], "select").content.decode()
    assert "нельзя перевести" in page
    assert len(mail.outbox) == 3


def test_notices_delivered_late_tell_only_the_latest_decision_once(
    staff, django_capture_on_commit_callbacks
):
    application = submitted_application(CallFactory())
    member_of(application.coalition, email="owner@example.kg")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for decision in ("selected", "reserve", "selected"):
            decisions.decide_application(application=application, decision=decision, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in [*callbacks, *callbacks]:  # every task delivered, and twice over
            callback()
    assert len(mail.outbox) == 1
    assert "отобрана на практикум" in mail.outbox[0].subject


def test_staff_are_told_which_coalitions_could_not_be_told(
    client, staff, django_capture_on_commit_callbacks
):
    call = CallFactory()
    nobody = submitted_application(call, idea_title="Без пользователей")
    told = submitted_application(call, idea_title="С пользователями")
    member_of(told.coalition, email="owner@example.kg")
    member_of(nobody.coalition, role="viewer", email="viewer@example.kg")  # not told
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, [nobody, told], "reject").content.decode()
    assert "Решение «отклонена» принято по заявкам: 2." in page
    assert "Некому сообщить о решении" in page
    assert f"«{nobody}» ({nobody.applicants})" in page
    assert f"«{told}»" not in page.split("Некому сообщить о решении")[1].split("</li>")[0]
    assert [m.to for m in mail.outbox] == [["owner@example.kg"]]


def test_no_warning_when_everyone_is_told(client, staff):
    application = submitted_application(CallFactory())
    member_of(application.coalition)
    client.force_login(staff)
    assert "Некому сообщить" not in decide(client, [application], "reserve").content.decode()
