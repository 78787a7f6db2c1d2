"""The staff application list writes some of the admin's cells itself, more cheaply: the
markup is the admin's own."""

import pytest
from django.contrib import admin
from django.utils import translation

from applications.models import Application

from .factories import CallFactory
from .review_factories import submitted_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_row_checkbox_is_the_admins(language):
    application = submitted_application(CallFactory(), idea_title="Идея <с> «кавычками» & co")
    ours = admin.site._registry[Application]
    stock = admin.ModelAdmin(Application, admin.site)
    with translation.override(language):
        assert ours.action_checkbox(application) == stock.action_checkbox(application)


def test_each_row_links_to_its_change_page_with_the_lists_filters(client):
    from django.urls import reverse

    from accounts import roles
    from tests.factories import user_with_role

    call = CallFactory()
    rows = [submitted_application(call, idea_title=f"Идея {i}") for i in range(3)]
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    page = client.get(
        reverse("admin:applications_application_changelist"),
        {"call__id__exact": call.pk, "status__exact": "submitted"},
    ).content.decode()
    for row in rows:
        change = reverse("admin:applications_application_change", args=[row.pk])
        assert (
            f'href="{change}?_changelist_filters=call__id__exact%3D{call.pk}'
            '%26status__exact%3Dsubmitted"' in page
        )
