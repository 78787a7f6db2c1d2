"""A reviewer opens the files of the applications assigned to him — and no others."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts import roles
from applications.models import ApplicationAttachment
from calls.models import Stage
from reviews import services as review
from tests.factories import user_with_role

from .factories import CallFactory, member_of
from .review_factories import criteria, reviewer, submitted_application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(application, name="plan.pdf"):
    attachment = ApplicationAttachment(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
    )
    attachment.file.save(name, ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def file_url(attachment):
    return reverse("applications:staff_attachment", args=[attachment.pk])


@pytest.fixture
def scene():
    call = CallFactory()
    criteria(call, (10, 1))
    mine = submitted_application(call, idea_title="Моя заявка")
    other = submitted_application(call, idea_title="Чужая заявка")
    person = reviewer()
    assignment = review.assign_reviewer(
        reviewed=mine, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    return person, assignment, attach(mine), attach(other, "other.pdf")


def test_the_assigned_reviewer_follows_the_review_pages_link_to_the_file(client, scene):
    person, assignment, own_file, _ = scene
    client.force_login(person)
    page = client.get(
        reverse("admin:reviews_reviewassignment_change", args=[assignment.pk])
    ).content.decode()
    assert f'href="{file_url(own_file)}"' in page
    response = client.get(file_url(own_file))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_another_applications_file_by_guessed_id_is_not_found(client, scene):
    person, _, _, other_file = scene
    client.force_login(person)
    assert client.get(file_url(other_file)).status_code == 404


def test_a_recused_reviewer_no_longer_opens_the_files(client, scene):
    person, assignment, own_file, _ = scene
    review.declare_conflict(assignment=assignment, by=person, reason="Мой бывший коллега")
    client.force_login(person)
    assert client.get(file_url(own_file)).status_code == 404


def test_a_reviewer_not_assigned_opens_nothing(client, scene):
    _, _, own_file, other_file = scene
    client.force_login(reviewer())
    assert client.get(file_url(own_file)).status_code == 404
    assert client.get(file_url(other_file)).status_code == 404


def test_staff_coalitions_and_strangers(client, scene):
    _, assignment, own_file, _ = scene
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    assert client.get(file_url(own_file)).status_code == 200
    # The coalition has its own link; the admin's is for staff and reviewers.
    client.force_login(member_of(assignment.reviewed.coalition))
    assert client.get(file_url(own_file)).status_code == 404
    client.force_login(user_with_role(roles.FINANCE))
    # Finance may view applications in the admin: the files are part of them.
    assert client.get(file_url(own_file)).status_code == 200
    client.force_login(member_of(submitted_application(assignment.call).coalition))
    assert client.get(file_url(own_file)).status_code == 404
    client.logout()
    assert client.get(file_url(own_file)).status_code == 404
