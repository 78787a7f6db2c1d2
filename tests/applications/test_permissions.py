"""Only the applying coalitions see an application; viewers read, owners and editors write."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import attachments, services
from applications.models import Application
from coalitions.models import Coalition, Membership
from core.errors import PortalError

from .factories import (
    ApplicationFactory,
    CallFactory,
    CoalitionFactory,
    complete,
    confirmed_pair,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def application():
    coalition = CoalitionFactory(name="Наша коалиция")
    application = complete(ApplicationFactory(coalition=coalition))
    application.owner = member_of(coalition)
    attachment = attachments.add_attachment(
        application=application,
        upload=SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        by=application.owner,
    )
    application.attachment = attachment
    return application


@pytest.fixture
def stranger():
    return member_of(CoalitionFactory(name="Чужая коалиция"))


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("applications:detail", []),
        ("applications:section", ["idea"]),
        ("applications:section", ["workshop"]),
    ],
)
def test_a_member_of_another_coalition_gets_404_reading(
    client, application, stranger, url_name, args
):
    client.force_login(stranger)
    response = client.get(reverse(url_name, args=[application.pk, *args]))
    assert response.status_code == 404


def test_a_member_of_another_coalition_cannot_download_the_files(client, application, stranger):
    client.force_login(stranger)
    url = reverse("applications:attachment", args=[application.pk, application.attachment.pk])
    assert client.get(url).status_code == 404
    # Nor through the staff link.
    assert (
        client.get(
            reverse("applications:staff_attachment", args=[application.attachment.pk])
        ).status_code
        == 404
    )


def test_the_files_are_not_reachable_without_login(client, application):
    url = reverse("applications:attachment", args=[application.pk, application.attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_a_member_of_another_coalition_gets_404_changing_status(
    client, application, stranger, action
):
    client.force_login(stranger)
    response = client.post(reverse(f"applications:{action}", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_a_member_of_another_coalition_gets_404_posting_answers(client, application, stranger):
    client.force_login(stranger)
    response = client.post(
        reverse("applications:section", args=[application.pk, "idea"]),
        {"idea_title": "Подмена", "autosave": "1"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.idea_title == "Открытые местные бюджеты"


def test_starting_an_application_for_another_coalition_by_tampering_gets_404(
    client, application, stranger
):
    victim = CoalitionFactory(name="Коалиция без заявки")
    client.force_login(stranger)
    response = client.post(
        reverse("applications:start"), {"call": application.call_id, "coalition": victim.pk}
    )
    assert response.status_code == 404
    assert not Application.objects.filter(coalition=victim).exists()


def test_starting_with_someone_elses_pair_by_tampering_gets_404(client, stranger):
    call = CallFactory()
    other_pair = confirmed_pair(call)
    own = Coalition.objects.for_user(stranger).get()
    client.force_login(stranger)
    response = client.post(
        reverse("applications:start"),
        {"call": call.pk, "coalition": own.pk, "partnership": other_pair.pk},
    )
    assert response.status_code == 404
    assert not Application.objects.filter(call=call).exists()


def test_removing_another_applications_file_by_tampering_is_refused(client, application):
    other = complete(ApplicationFactory(call=application.call))
    other_owner = member_of(other.coalition)
    client.force_login(other_owner)
    response = client.post(
        reverse("applications:section", args=[other.pk, "attachments"]),
        {"consent_personal_data": "on", "remove_attachment": application.attachment.pk},
    )
    assert response.status_code == 404
    assert application.attachments.count() == 1


def test_a_viewer_reads_but_cannot_change(client, application):
    viewer = member_of(application.coalition, role=Membership.Role.VIEWER)
    client.force_login(viewer)

    page = client.get(reverse("applications:section", args=[application.pk, "idea"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Открытые местные бюджеты" in text
    assert "менять её могут только владелец и редакторы" in text
    assert "<fieldset disabled>" in text
    download = reverse("applications:attachment", args=[application.pk, application.attachment.pk])
    assert client.get(download).status_code == 200

    response = client.post(
        reverse("applications:section", args=[application.pk, "idea"]), {"idea_title": "Нет"}
    )
    assert response.status_code == 403
    assert client.post(reverse("applications:submit", args=[application.pk])).status_code == 403
    application.refresh_from_db()
    assert application.idea_title == "Открытые местные бюджеты"
    assert application.status == Application.Status.DRAFT


def test_an_editor_can_change(client, application):
    editor = member_of(application.coalition, role=Membership.Role.EDITOR)
    client.force_login(editor)
    client.post(
        reverse("applications:section", args=[application.pk, "idea"]), {"idea_title": "Новое"}
    )
    application.refresh_from_db()
    assert application.idea_title == "Новое"


def test_the_partner_sees_a_pair_application_only_after_its_owner_confirms(client):
    call = CallFactory()
    pair = confirmed_pair(call)
    lead_owner = member_of(pair.inviter)
    partner_owner = member_of(pair.invitee)
    application = services.start_application(
        call=call, coalition=pair.inviter, partnership=pair, by=lead_owner
    )
    client.force_login(partner_owner)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Подтвердите участие" in dashboard

    response = client.post(
        reverse("applications:confirm_partner", args=[application.pk]), follow=True
    )

    assert response.status_code == 200
    assert "Участие подтверждено" in response.content.decode()
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200


def test_only_the_partner_owner_confirms(client):
    call = CallFactory()
    pair = confirmed_pair(call)
    lead_owner = member_of(pair.inviter)
    partner_editor = member_of(pair.invitee, role=Membership.Role.EDITOR)
    application = services.start_application(
        call=call, coalition=pair.inviter, partnership=pair, by=lead_owner
    )
    client.force_login(partner_editor)
    response = client.post(reverse("applications:confirm_partner", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.partner_confirmed_at is None
    # And the lead coalition cannot confirm for its partner.
    with pytest.raises(PortalError):
        services.confirm_partner_participation(application=application, by=lead_owner)
