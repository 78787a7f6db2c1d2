"""Who sees and changes what, URL by URL: outsider, viewer, editor, owner."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from coalitions.models import Coalition, Membership, Partnership
from tests.applications.factories import CallFactory
from tests.factories import UserFactory

from .factories import DEADLINE, CoalitionFactory, MemberOrganisationFactory, member

pytestmark = pytest.mark.django_db

PRIVATE = "coalition-contact@example.kg"


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def coalition(owner):
    c = CoalitionFactory(name="Сеть «Закрытые данные»", contact_email=PRIVATE, owner=owner)
    MemberOrganisationFactory(coalition=c, name="ОО «Тайный член»")
    return c


def people(coalition, owner):
    return {
        "outsider": UserFactory(),
        "viewer": member(coalition, Membership.Role.VIEWER),
        "editor": member(coalition, Membership.Role.EDITOR),
        "owner": owner,
    }


def url(name, coalition, **kw):
    return reverse(f"coalitions:{name}", kwargs={"pk": coalition.pk, **kw})


def test_anonymous_visitors_are_sent_to_sign_in(client, coalition):
    response = client.get(url("detail", coalition))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize(
    ("who", "sees_private"),
    [("outsider", False), ("viewer", True), ("editor", True), ("owner", True)],
)
def test_public_profile_for_all_private_details_for_own_people(
    client, coalition, owner, who, sees_private
):
    client.force_login(people(coalition, owner)[who])
    page = client.get(url("detail", coalition)).content.decode()
    assert "Сеть «Закрытые данные»" in page
    assert "Публичное описание коалиции." in page
    assert (PRIVATE in page) is sees_private
    assert ("+996 555 123 456" in page) is sees_private


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("viewer", 200), ("editor", 200), ("owner", 200)]
)
@pytest.mark.parametrize("name", ["members", "people", "partners"])
def test_member_pages_are_not_found_for_outsiders(client, coalition, owner, who, status, name):
    client.force_login(people(coalition, owner)[who])
    response = client.get(url(name, coalition))
    assert response.status_code == status
    if name == "members" and status == 200:
        assert "ОО «Тайный член»" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("viewer", 404), ("editor", 200), ("owner", 200)]
)
def test_only_editors_and_owners_open_the_edit_form(client, coalition, owner, who, status):
    client.force_login(people(coalition, owner)[who])
    assert client.get(url("edit", coalition)).status_code == status
    org = coalition.member_organisations.get()
    assert client.get(url("member_edit", coalition, org_pk=org.pk)).status_code == status


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_posting_an_edit_without_the_right_changes_nothing(client, coalition, owner, who):
    client.force_login(people(coalition, owner)[who])
    response = client.post(
        url("edit", coalition), {"name": "Взлом", "kind": "civic", "network_type": "coalition"}
    )
    assert response.status_code == 404
    response = client.post(
        url("members", coalition), {"name": "Чужая", "sector": "civic", "organisation_type": "ngo"}
    )
    assert response.status_code == 404
    coalition.refresh_from_db()
    assert coalition.name == "Сеть «Закрытые данные»"
    assert coalition.member_organisations.count() == 1


def test_an_editor_saves_the_profile(client, coalition, owner):
    client.force_login(people(coalition, owner)["editor"])
    response = client.post(
        url("edit", coalition),
        {"name": "Сеть «Открытые данные»", "kind": "civic", "network_type": "platform"},
    )
    assert response.status_code == 302
    assert Coalition.objects.get(pk=coalition.pk).name == "Сеть «Открытые данные»"


@pytest.mark.parametrize(
    ("who", "allowed"), [("viewer", False), ("editor", False), ("owner", True)]
)
def test_only_the_owner_invites_and_manages_people(client, coalition, owner, who, allowed):
    everyone = people(coalition, owner)
    client.force_login(everyone[who])
    response = client.post(url("people", coalition), {"email": "new@example.kg", "role": "viewer"})
    assert (response.status_code == 302) is allowed
    assert coalition.invitations.exists() is allowed
    viewer_membership = coalition.memberships.get(user=everyone["viewer"])
    response = client.post(
        url("person_action", coalition, membership_pk=viewer_membership.pk, action="remove")
    )
    assert response.status_code == 302 if allowed else 404
    assert coalition.memberships.filter(pk=viewer_membership.pk).exists() is not allowed


def test_switching_to_someone_elses_coalition_is_not_found(client, coalition):
    client.force_login(UserFactory())
    response = client.post(reverse("coalitions:switch"), {"coalition": coalition.pk})
    assert response.status_code == 404


@time_machine.travel(DEADLINE - dt.timedelta(days=1), tick=False)
@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("viewer", 404), ("editor", 302)])
def test_pair_actions_need_an_editor_of_the_invited_side(client, coalition, owner, who, status):
    everyone = people(coalition, owner)
    inviter = CoalitionFactory(kind="economic", owner=UserFactory())
    pair = Partnership.objects.create(
        call=CallFactory(), inviter=inviter, invitee=coalition, invited_by=None
    )
    client.force_login(everyone[who])
    response = client.post(url("pair_action", coalition, pair_pk=pair.pk, action="accept"))
    assert response.status_code == status
    pair.refresh_from_db()
    expected = Partnership.Status.CONFIRMED if status == 302 else Partnership.Status.INVITED
    assert pair.status == expected


def test_invite_partner_form_is_not_found_for_a_viewer(client, coalition, owner):
    client.force_login(people(coalition, owner)["viewer"])
    other = CoalitionFactory(kind="economic")
    response = client.get(url("pair_invite", coalition, other_pk=other.pk))
    assert response.status_code == 404
