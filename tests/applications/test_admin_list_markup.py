"""The staff application list writes some of the admin's cells itself, more cheaply: the
markup is the admin's own."""

import pytest
from django.contrib import admin
from django.utils import translation

from applications.models import Application

from .factories import CallFactory
from .review_factories import submitted_application
from .test_review_scores import example  # noqa: F401 — the fixture

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


def _changelist(model, user, query=""):
    from django.http import QueryDict
    from django.test import RequestFactory
    from django.urls import resolve, reverse

    path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = RequestFactory().get(path, QueryDict(query))
    request.user = user
    request.resolver_match = resolve(path)  # the list's filters, for the row links
    return admin.site._registry[model].get_changelist_instance(request)


def _admins_rows(cl):
    from django.contrib.admin.templatetags.admin_list import items_for_result

    return [list(items_for_result(cl, result, None)) for result in cl.result_list]


@pytest.fixture
def staff():
    from accounts import roles
    from tests.factories import user_with_role

    return user_with_role(roles.PROGRAMME_STAFF)


@pytest.mark.parametrize("language", ["ru", "en", "ky"])
@pytest.mark.parametrize("query", ["", "status__exact=submitted&o=-5", "applicant=pair&q=%D0%B0"])
def test_the_ranked_rows_are_the_admins_own(example, staff, language, query):  # noqa: F811
    """Every cell, as the admin's ``items_for_result`` writes it: scores with and without
    the disagreement mark, no score, a pair, a title to escape, no submission time, the
    row link with the list's filters."""
    Application.objects.filter(idea_title="Пусто").update(
        idea_title='<script>alert("x")</script> & «Пусто»', submitted_at=None
    )
    with translation.override(language):
        cl = _changelist(Application, staff, f"call__id__exact={example.pk}&{query}")
        ours = cl.rows()
        assert ours is not None and len(ours) == len(cl.result_list) > 0
        assert [list(row) for row in ours] == _admins_rows(cl)
    page = "".join(cell for row in ours for cell in row)
    assert "<script>" not in page
    if "pair" not in query:  # the pair's list has neither «Спор» nor the escaped title
        assert "&lt;script&gt;" in page and "⚠" in page
    assert "_changelist_filters=" in page


def test_the_support_requests_list_has_a_field_column_left_to_the_admin(staff, client):
    """Its status is the model's field: the admin writes its rows, through the same tag."""
    import datetime as dt

    import time_machine
    from django.urls import reverse

    from grants.models import TechnicalSupportApplication
    from tests.applications.factories import BISHKEK
    from tests.grants.factories import submitted, support_call

    call = support_call()
    # Requests are taken after the workshop (``tests/grants``: 20 June 2030).
    with time_machine.travel(dt.datetime(2030, 6, 20, 12, 0, tzinfo=BISHKEK), tick=False):
        requests = [submitted(call), submitted(call, pair=True)]
    assert (
        _changelist(TechnicalSupportApplication, staff, f"call__id__exact={call.pk}").rows() is None
    )
    client.force_login(staff)
    page = client.get(
        reverse("admin:grants_technicalsupportapplication_changelist"),
        {"call__id__exact": call.pk},
    ).content.decode()
    for request in requests:
        change = reverse("admin:grants_technicalsupportapplication_change", args=[request.pk])
        assert f'<th class="field-__str__"><a href="{change}?' in page


def test_a_pop_up_list_is_left_to_the_admin(example, staff, client):  # noqa: F811
    """A pop-up's links carry the row's key for the opener: the admin writes those."""
    from django.urls import reverse

    cl = _changelist(Application, staff, f"call__id__exact={example.pk}&_popup=1")
    assert cl.rows() is None
    client.force_login(staff)
    page = client.get(
        reverse("admin:applications_application_changelist"),
        {"call__id__exact": example.pk, "_popup": 1},
    ).content.decode()
    assert "data-popup-opener" in page and "Спор" in page


def test_a_column_that_is_a_field_is_left_to_the_admin(example, staff, monkeypatch):  # noqa: F811
    model_admin = admin.site._registry[Application]
    monkeypatch.setattr(model_admin, "list_display", ["__str__", "status", "score_column"])
    cl = _changelist(Application, staff, f"call__id__exact={example.pk}")
    assert cl.rows() is None


class _Columns:
    """Display methods of other shapes than the list's own, set on the admin for a test."""

    @staticmethod
    @admin.display(description="gone", empty_value="нет")
    def gone(obj):
        from django.core.exceptions import ObjectDoesNotExist

        raise ObjectDoesNotExist

    @staticmethod
    @admin.display(description="day", empty_value="нет даты")
    def day(obj):
        import datetime as dt

        return dt.date(2030, 6, 13) if obj.idea_title == "Спор" else None

    @staticmethod
    def figures(obj):
        return [1, "<b>", 2.5]

    @staticmethod
    def blank(obj):
        return "   "


@pytest.mark.parametrize(
    "links", [None, [], ["applicants_column"], ["__str__", "gone"], ["action_checkbox"]]
)
def test_other_columns_and_links_are_written_as_the_admin_writes_them(
    example,  # noqa: F811
    staff,
    monkeypatch,
    links,
):
    model_admin = admin.site._registry[Application]
    for name in ("gone", "day", "figures", "blank"):
        monkeypatch.setattr(model_admin, name, getattr(_Columns, name), raising=False)
    display = ["__str__", "applicants_column", "gone", "day", "figures", "blank", "score_column"]
    monkeypatch.setattr(model_admin, "list_display", display)
    monkeypatch.setattr(model_admin, "list_display_links", links)
    cl = _changelist(Application, staff, f"call__id__exact={example.pk}&q=%D0%A1%D0%BF%D0%BE%D1%80")
    ours = cl.rows()
    assert ours is not None and len(ours) == 1
    assert [list(row) for row in ours] == _admins_rows(cl)
    assert 'class="field-day nowrap"' in "".join(ours[0])
