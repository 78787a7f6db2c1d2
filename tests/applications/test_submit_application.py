import pytest
from django.core import mail
from django.urls import reverse

from applications import submission
from applications.models import Application
from applications.pdf import render_application_pdf
from core.errors import PortalError
from tests.pdfs import pdf_text

from .factories import ApplicationFactory, CoalitionFactory, complete, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


def _application_with_owner():
    coalition = CoalitionFactory()
    owner = member_of(coalition)
    return ApplicationFactory(coalition=coalition, created_by=owner), owner


def test_submitting_a_complete_application_records_it_and_emails_a_pdf_copy(
    client, django_capture_on_commit_callbacks
):
    application, owner = _application_with_owner()
    complete(application)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)

    assert "Заявка отправлена" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    change = application.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("draft", "submitted", owner)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert "Открытые местные бюджеты" in message.subject
    assert "Открытые местные бюджеты" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".pdf")
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")


def test_the_pdf_copy_contains_the_answers(tmp_path):
    application, _owner = _application_with_owner()
    complete(application)
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(render_application_pdf(application))

    text = pdf_text(pdf)

    assert "Открытые местные бюджеты" in text
    assert "Айгуль Садыкова" in text
    assert "Ассоциация фермеров" in text


def test_an_incomplete_application_is_not_submitted_and_the_missing_answers_link_to_sections(
    client,
):
    application, owner = _application_with_owner()
    client.force_login(owner)

    response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)

    page = response.content.decode()
    assert "Заявка не отправлена" in page
    assert "Чтобы отправить заявку, осталось" in page
    idea_url = reverse("applications:section", args=[application.pk, "idea"])
    assert f'href="{idea_url}#id_idea_title"' in page
    assert reverse("applications:section", args=[application.pk, "partners"]) in page
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not mail.outbox


def test_a_submitted_application_can_be_changed_and_submitted_again(
    client, django_capture_on_commit_callbacks
):
    application, owner = _application_with_owner()
    complete(application)
    with django_capture_on_commit_callbacks(execute=True):
        submission.submit_application(application=application, by=owner)
    client.force_login(owner)

    client.post(
        reverse("applications:section", args=[application.pk, "idea"]),
        {
            "idea_title": "Новое название",
            "problem": "п",
            "change_sought": "и",
            "decision_makers": "р",
        },
    )
    application.refresh_from_db()
    assert application.has_unsent_changes
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:submit", args=[application.pk]))

    application.refresh_from_db()
    assert application.version == 2
    assert not application.has_unsent_changes
    assert [m.subject for m in mail.outbox][-1].endswith("«Новое название» отправлена повторно")
    assert application.status_changes.count() == 2


def test_withdrawing_and_submitting_again(client):
    application, owner = _application_with_owner()
    complete(application)
    submission.submit_application(application=application, by=owner)
    client.force_login(owner)

    response = client.post(reverse("applications:withdraw", args=[application.pk]), follow=True)
    assert "Заявка отозвана" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN

    submission.submit_application(application=application, by=owner)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    history = [(c.from_status, c.to_status) for c in application.status_changes.all()]
    assert history == [
        ("draft", "submitted"),
        ("submitted", "withdrawn"),
        ("withdrawn", "submitted"),
    ]


def test_a_draft_cannot_be_withdrawn():
    application, owner = _application_with_owner()
    with pytest.raises(PortalError, match="нельзя перевести"):
        submission.withdraw_application(application=application, by=owner)
