"""The staff application list shows each row's place in its call among the filtered rows,
on every page of the list, as ``annotate_scores`` ranks them (the hand-worked example of
``test_review_scores``: «Один» 17, «Пара» 12 + 5 bonus = 17, «Спор» 15, «Пусто» unscored)."""

import pytest
from django.urls import reverse

from accounts import roles
from applications.admin import ApplicationAdmin
from calls.models import Call
from tests.factories import user_with_role

from .test_review_scores import example  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def places(client, call, **filters):
    url = reverse("admin:applications_application_changelist")
    shown, page = {}, 0
    while True:
        response = client.get(url, {"call__id__exact": call.pk, "p": page + 1, **filters})
        assert response.status_code == 200
        cl = response.context["cl"]
        shown.update(
            {row.idea_title: row.rank if row.score is not None else None for row in cl.result_list}
        )
        page += 1
        if page >= cl.paginator.num_pages:
            return shown


@pytest.fixture
def staff_client(client, monkeypatch):
    monkeypatch.setattr(ApplicationAdmin, "list_per_page", 2)  # ranks across pages
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return client


def test_every_page_shows_the_rows_place_in_the_call(staff_client, example):  # noqa: F811
    # The call gives pairs bonus points and ties (its default): «Пара» wins the tie.
    expected = {"Пара": 1, "Один": 2, "Спор": 3, "Пусто": None}
    assert places(staff_client, example) == expected
    assert places(staff_client, example, o="5") == expected  # sorted by score


def test_equal_scores_share_a_place_without_the_tie_break(staff_client, example):  # noqa: F811
    Call.objects.filter(pk=example.pk).update(pair_preference=Call.PairPreference.BONUS)
    assert places(staff_client, example) == {"Пара": 1, "Один": 1, "Спор": 3, "Пусто": None}


def test_places_are_among_the_filtered_rows(staff_client, example):  # noqa: F811
    # Only the applications every reviewer scored: «Один» and «Спор».
    assert places(staff_client, example, reviews="complete") == {"Один": 1, "Спор": 2}
