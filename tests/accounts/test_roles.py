import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_LABELS)


def test_programme_staff_may_change_calls_finance_may_only_read_them():
    staff = user_with_role(roles.PROGRAMME_STAFF)
    finance = user_with_role(roles.FINANCE)
    assert staff.has_perm("calls.change_call")
    assert finance.has_perm("calls.view_call")
    assert not finance.has_perm("calls.change_call")


def test_members_and_reviewers_cannot_manage_calls(client):
    member = UserFactory()
    reviewer = user_with_role(roles.REVIEWER)
    for person in (member, reviewer):
        assert not person.has_perm("calls.change_call")
    client.force_login(member)
    assert client.get("/admin/calls/call/").status_code == 302  # not staff: to login
    client.force_login(reviewer)
    assert client.get("/admin/calls/call/").status_code == 403
