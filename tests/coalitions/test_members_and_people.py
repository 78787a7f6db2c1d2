"""Member organisations, invitations by e-mail (even before sign-up), roles, switching."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from coalitions import services
from coalitions.models import CoalitionInvitation, Membership
from core.errors import PortalError
from tests.factories import UserFactory

from .factories import CoalitionFactory, MemberOrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_the_coalition_counts_civic_and_business_members(client):
    owner = UserFactory()
    coalition = CoalitionFactory(owner=owner)
    MemberOrganisationFactory.create_batch(2, coalition=coalition, sector="civic")
    MemberOrganisationFactory(coalition=coalition, sector="business")
    client.force_login(owner)
    page = client.get(reverse("coalitions:members", kwargs={"pk": coalition.pk})).content.decode()
    assert "Гражданский сектор: 2 · бизнес: 1" in page


def test_invitation_works_for_someone_who_signs_up_later(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(language="ru")
    coalition = CoalitionFactory(name="Ассоциация пасечников", owner=owner)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("coalitions:people", kwargs={"pk": coalition.pk}),
            {"email": "Newcomer@Example.kg", "role": "editor"},
        )
    message = mail.outbox[-1]
    assert message.to == ["newcomer@example.kg"]
    invitation = CoalitionInvitation.objects.get()
    assert str(invitation.token) in message.body

    newcomer = UserFactory(email="newcomer@example.kg")  # signs up with that address
    client.force_login(newcomer)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Вас пригласили в коалицию «Ассоциация пасечников»" in dashboard
    client.post(reverse("coalitions:invitation", kwargs={"token": invitation.token}))
    assert Membership.objects.get(coalition=coalition, user=newcomer).role == "editor"


def test_someone_with_another_address_cannot_use_the_invitation():
    owner = UserFactory()
    coalition = CoalitionFactory(owner=owner)
    invitation = services.invite_person(
        coalition=coalition, by=owner, email="right@example.kg", role="viewer"
    )
    stranger = UserFactory(email="wrong@example.kg")
    EmailAddress.objects.create(user=stranger, email="unverified@example.kg", verified=False)
    with pytest.raises(PortalError, match=r"right@example\.kg"):
        services.accept_invitation(invitation=invitation, user=stranger)


def test_owner_changes_roles_and_hands_over_ownership():
    owner = UserFactory()
    coalition = CoalitionFactory(owner=owner)
    colleague = member(coalition, Membership.Role.VIEWER)
    membership = coalition.memberships.get(user=colleague)

    services.change_role(membership=membership, role="editor", by=owner)
    services.hand_over_ownership(coalition=coalition, to=membership, by=owner)

    roles = dict(coalition.memberships.values_list("user__email", "role"))
    assert roles == {colleague.email: "owner", owner.email: "editor"}
    with pytest.raises(PortalError, match="только её владелец"):
        services.remove_person(membership=membership, by=owner)


def test_the_owner_cannot_be_removed():
    owner = UserFactory()
    coalition = CoalitionFactory(owner=owner)
    with pytest.raises(PortalError, match="Владельца нельзя удалить"):
        services.remove_person(membership=coalition.memberships.get(), by=owner)


def test_a_person_switches_between_coalitions(client):
    person = UserFactory()
    first = CoalitionFactory(name="А-коалиция", owner=person)
    second = CoalitionFactory(name="Б-коалиция")
    member_of_second = Membership.objects.create(coalition=second, user=person, role="viewer")
    assert member_of_second.pk
    client.force_login(person)

    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'<option value="{first.pk}" selected>' in page

    client.post(reverse("coalitions:switch"), {"coalition": second.pk})
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'<option value="{second.pk}" selected>' in page


@pytest.mark.parametrize(
    "wanted",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_switching_goes_back_only_to_a_page_of_the_portal(client, wanted):
    person = UserFactory()
    coalition = CoalitionFactory(owner=person)
    client.force_login(person)
    switch = reverse("coalitions:switch")
    answer = client.post(switch, {"coalition": coalition.pk, "next": wanted})
    assert answer.status_code == 302 and answer["Location"] == reverse("portal:dashboard")
    back = reverse("coalitions:detail", args=[coalition.pk])
    answer = client.post(switch, {"coalition": coalition.pk, "next": back})
    assert answer["Location"] == back


def test_my_coalitions_page_query_count(client, django_assert_max_num_queries):
    person = UserFactory()
    for _ in range(5):
        CoalitionFactory(owner=person)
    client.force_login(person)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("coalitions:mine"))
    assert response.status_code == 200
