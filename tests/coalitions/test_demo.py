import pytest
from django.core.management import call_command

from coalitions.models import Coalition, MemberOrganisation, Partnership, PartnershipStatusChange

pytestmark = pytest.mark.django_db


def test_load_demo_twice_gives_the_same_coalitions_and_pairs():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        Coalition.objects.count(),
        MemberOrganisation.objects.count(),
        Partnership.objects.count(),
        PartnershipStatusChange.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = (
        Coalition.objects.count(),
        MemberOrganisation.objects.count(),
        Partnership.objects.count(),
        PartnershipStatusChange.objects.count(),
    )
    assert counts == again
    assert Coalition.objects.filter(looking_for_partner=True).count() >= 3
    open_call_pairs = Partnership.objects.filter(
        status="confirmed", call__status="open"
    ).select_related("inviter", "invitee")
    assert len(open_call_pairs) >= 2
    assert all(p.inviter.kind != p.invitee.kind for p in open_call_pairs)
    member = Coalition.objects.get(memberships__user__email="member@demo.eged.kg")
    assert member.member_organisations.exists()
