"""Duplicate names warn and offer to ask to join; the owner accepts the join request."""

import pytest
from django.core import mail
from django.urls import reverse

from coalitions import services
from coalitions.models import Coalition, JoinRequest, Membership
from tests.factories import UserFactory

from .factories import CoalitionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "Коалиция «За прозрачный бюджет»",
        'коалиция "за  прозрачный бюджет"',
        "  КОАЛИЦИЯ 'ЗА ПРОЗРАЧНЫЙ   БЮДЖЕТ' ",
        "Коалиция За прозрачный бюджет",
    ],
)
def test_names_match_ignoring_case_quotes_and_spacing(typed):
    existing = CoalitionFactory(name="Коалиция «За прозрачный бюджет»")
    assert list(services.find_duplicate_coalitions(name=typed)) == [existing]


def test_a_different_name_is_not_a_duplicate():
    CoalitionFactory(name="Коалиция «За прозрачный бюджет»")
    assert not services.find_duplicate_coalitions(name="Коалиция «За открытый бюджет»").exists()


def _profile(name, **extra):
    return {
        "name": name,
        "kind": "civic",
        "network_type": "coalition",
        "description": "Описание",
        **extra,
    }


def test_creating_a_duplicate_warns_offers_to_join_and_keeps_what_was_typed(client):
    existing = CoalitionFactory(name="Сеть «Инклюзивный Ош»")
    client.force_login(UserFactory())

    response = client.post(
        reverse("coalitions:create"),
        _profile("сеть инклюзивный ош", mission="Наша миссия — доступная среда"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Коалиция с таким названием уже есть" in page
    assert reverse("coalitions:join", kwargs={"pk": existing.pk}) in page
    assert "Наша миссия — доступная среда" in page
    assert Coalition.objects.count() == 1

    response = client.post(
        reverse("coalitions:create"),
        _profile("сеть инклюзивный ош", create_anyway="1"),
    )
    assert response.status_code == 302
    assert Coalition.objects.count() == 2


def test_join_request_reaches_the_owner_who_accepts_it(client, django_capture_on_commit_callbacks):
    owner = UserFactory()
    coalition = CoalitionFactory(name="Союз фермеров", owner=owner)
    newcomer = UserFactory()
    client.force_login(newcomer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("coalitions:join", kwargs={"pk": coalition.pk}),
            {"message": "Я из кооператива «Ак-Суу»"},
        )
    assert mail.outbox[-1].to == [owner.email]
    assert "кооператива «Ак-Суу»" in mail.outbox[-1].body
    join_request = JoinRequest.objects.get()

    client.force_login(owner)
    page = client.get(reverse("coalitions:people", kwargs={"pk": coalition.pk})).content.decode()
    assert newcomer.email in page
    client.post(
        reverse(
            "coalitions:join_decide", kwargs={"pk": coalition.pk, "request_pk": join_request.pk}
        ),
        {"decision": "accept", "role": "editor"},
    )
    assert Membership.objects.get(coalition=coalition, user=newcomer).role == "editor"


def test_the_duplicate_warning_shows_even_while_other_fields_have_errors(client):
    CoalitionFactory(name="Сеть «Инклюзивный Ош»")
    client.force_login(UserFactory())
    response = client.post(reverse("coalitions:create"), {"name": "СЕТЬ «ИНКЛЮЗИВНЫЙ ОШ»"})
    page = response.content.decode()
    assert "Коалиция с таким названием уже есть" in page
    assert response.context["form"].errors["kind"] == ["Обязательное поле."]
