"""Every admin page reads at 1366 px, a staff laptop's width, without sideways scrolling:
each model's list and one change page, as a superuser, on the demo programme, in Kyrgyz,
whose words run longest. (In Russian the same check runs on every page programme staff
open, in tests/e2e/test_every_page.py.)"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.e2e.conftest import sign_in
from tests.e2e.every_page import too_wide

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 1366


def admin_pages():
    """Each registered model's list and the change page of its first object."""
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        first = model._default_manager.first()
        if first is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])


def test_every_admin_page_fits_1366_px_in_kyrgyz(browser, live_server):
    language = "ky"
    call_command("load_demo", verbosity=0)
    root = User.objects.filter(is_superuser=True).first()
    User.objects.filter(pk=root.pk).update(language=language)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 900}, locale=language, timezone_id="Asia/Bishkek"
    )
    sign_in(context, live_server, root)
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    assert page.locator("html").get_attribute("lang") == language
    found = []
    for path in admin_pages():
        response = page.goto(live_server.url + path)
        if response.status != 200:
            continue  # a list that needs a filter, a page the model does not have
        found.extend(too_wide(page, path, WIDTH))
    context.close()
    assert found == [], "\n".join(found)
