"""The admin's Russian is grammatical: the model is named in the accusative after
«Выберите», «Добавить», «Изменить», and counts read right with any number."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from core.admin_titles import ACCUSATIVE
from tests.applications.factories import ApplicationFactory, CallFactory
from tests.factories import UserFactory
from workshops.models import Speaker

pytestmark = pytest.mark.django_db

# Models whose Russian name reads the same in the accusative (inanimate masculine or neuter
# nouns, or plurals). A new model goes either here or into ACCUSATIVE.
SAME_IN_ACCUSATIVE = {
    "account.emailaddress",
    "privacy.erasurerequest",
    "privacy.erasurelog",
    "accounts.twofactorkey",
    "notifications.outgoingmessage",
    "notifications.reminderrule",
    "coalitions.region",
    "coalitions.interest",
    "coalitions.coalitioninvitation",
    "calls.call",
    "applications.deadlineextension",
    "workshops.event",
    "workshops.certificate",
    "grants.spending",
    "grants.reallocation",
    "grants.report",
    "grants.contract",
    "calls.supportterms",
    "grants.doubtfulspending",
    "reviews.scoringreopening",
    "reports.reportjob",
}


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, language="ru"))
    return client


def heading(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S)
    return unescape(match.group(1)).strip() if match else ""


def test_every_model_is_decided_on():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - set(ACCUSATIVE) - SAME_IN_ACCUSATIVE == set()


def admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def expected_name(model):
    with translation.override("ru"):
        return ACCUSATIVE.get(model._meta.label_lower, str(model._meta.verbose_name))


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_list_and_add_pages_name_the_model_in_the_accusative(superuser_client, model):
    name = expected_name(model)
    response = superuser_client.get(admin_url(model, "changelist"), HTTP_ACCEPT_LANGUAGE="ru")
    if response.status_code == 200:
        if heading(response).startswith("Выберите"):  # Django's title, not a page's own
            assert heading(response) in (
                f"Выберите {name} для изменения",
                f"Выберите {name} для просмотра",
            )
        page = response.content.decode()
        if f"{admin_url(model, 'add')}" in page and f"Добавить {name}" not in page:
            pytest.fail(f"add link of {model._meta.label} is not «Добавить {name}»")
    response = superuser_client.get(admin_url(model, "add"), HTTP_ACCEPT_LANGUAGE="ru")
    if response.status_code == 200 and heading(response).startswith("Добавить"):
        assert heading(response) == f"Добавить {name}"


def test_application_pages_read_right(superuser_client):
    application = ApplicationFactory(call=CallFactory())
    response = superuser_client.get(admin_url(application, "changelist"))
    assert heading(response) == "Выберите заявку для изменения"
    assert "Выберите заявку для изменения" in response.content.decode().split("</title>")[0]
    change = reverse("admin:applications_application_change", args=[application.pk])
    assert heading(superuser_client.get(change)).startswith(("Изменить заявку", "Просмотреть"))


def test_add_link_names_the_model_in_the_accusative(superuser_client):
    from coalitions.models import Coalition

    page = superuser_client.get(admin_url(Coalition, "changelist")).content.decode()
    assert "Добавить коалицию" in page
    assert heading(superuser_client.get(admin_url(Coalition, "add"))) == "Добавить коалицию"


def test_counts_read_right_with_any_number(superuser_client):
    call = CallFactory()
    for number in range(4):
        Speaker.objects.create(call=call, name=f"Спикер {number}", topic="Бюджет")
    response = superuser_client.get(admin_url(Speaker, "changelist"))
    page = response.content.decode()
    assert "Приглашённые спикеры: 4" in page
    assert "4 приглашённые спикеры" not in page


def test_deleted_count_reads_right(superuser_client):
    from coalitions.models import Region

    regions = [Region.objects.create(slug=f"r{n}", name=f"Регион {n}") for n in range(5)]
    response = superuser_client.post(
        admin_url(Region, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in regions],
            "post": "yes",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Удалено: регионы — 5." in page
    assert "5 регионы" not in page


def test_deleting_one_object_asks_in_good_russian(superuser_client):
    from coalitions.models import Region

    region = Region.objects.create(slug="test-delete", name="Тестовая область")
    response = superuser_client.post(
        admin_url(Region, "changelist"),
        {"action": "delete_selected", "_selected_action": [region.pk]},
    )
    page = " ".join(response.content.decode().split())
    assert "удалить регион?" not in page  # «удалить выбранные регион?» before
    assert "Удалить выбранные записи (регион)?" in page
