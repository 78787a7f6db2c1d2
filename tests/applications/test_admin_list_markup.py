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
