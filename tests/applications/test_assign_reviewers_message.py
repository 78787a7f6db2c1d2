"""«Назначить рецензентов» says what was new and what had been assigned before."""

import pytest
from django.urls import reverse

from accounts import roles
from reviews.models import ReviewAssignment
from tests.factories import user_with_role

from .factories import CallFactory
from .review_factories import criteria, reviewer, submitted_application

pytestmark = pytest.mark.django_db


def assign(client, applications, people):
    return client.post(
        reverse("admin:applications_application_changelist"),
        {
            "action": "assign_reviewers",
            "_selected_action": [a.pk for a in applications],
            "apply": "1",
            "reviewers": [p.pk for p in people],
        },
        follow=True,
    ).content.decode()


@pytest.fixture
def scene(client):
    call = CallFactory()
    criteria(call, (10, 1))
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return submitted_application(call), [reviewer() for _ in range(3)]


def test_assigning_again_counts_only_the_new_reviews(client, scene):
    application, people = scene
    page = assign(client, [application], people[:2])
    assert "Назначены 2 новые рецензии." in page
    assert "уже" not in page

    page = assign(client, [application], people)
    assert "Назначена 1 новая рецензия." in page
    assert "2 рецензии уже были назначены раньше — они не изменились." in page
    assert ReviewAssignment.objects.count() == 3

    page = assign(client, [application], people)
    assert "Новых рецензий не назначено." in page
    assert "3 рецензии уже были назначены раньше — они не изменились." in page
    assert ReviewAssignment.objects.count() == 3


def test_plural_forms_agree_with_the_count(client, scene):
    application, _ = scene
    people = [reviewer() for _ in range(5)]
    assert "Назначено 5 новых рецензий." in assign(client, [application], people)
    assert "5 рецензий уже были назначены раньше" in assign(client, [application], people)


def test_the_message_in_english(client, scene, settings):
    application, people = scene
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assign(client, [application], people[:1])
    page = assign(client, [application], people[:2])
    assert "1 new review assigned." in page
    assert "1 review was already assigned — it is unchanged." in page
