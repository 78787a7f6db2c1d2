import pytest
from django.urls import reverse

from accounts import roles
from core.errors import PortalError
from notifications.models import OutgoingMessage
from privacy import services
from privacy.models import ErasureRequest
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")


def test_a_person_asks_for_erasure_and_staff_are_told(client, staff):
    finance = user_with_role(roles.FINANCE)
    person = UserFactory()
    client.force_login(person)

    response = client.post(reverse("privacy:request_erasure"), {"reason": "Больше не участвую"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "#personal-data"
    request = ErasureRequest.objects.get(person=person)
    assert (request.status, request.reason) == ("requested", "Больше не участвую")
    assert [c.to_status for c in request.status_changes.all()] == ["requested"]
    mail = OutgoingMessage.objects.get(template="emails/erasure_requested")
    assert mail.recipient == staff  # not finance
    assert not OutgoingMessage.objects.filter(recipient=finance).exists()
    assert reverse("admin:privacy_erasurerequest_change", args=[request.pk]) in mail.body_text
    assert person.last_name not in mail.body_text  # the link is enough
    page = client.get(reverse("accounts:profile"))
    assert page.context["open_erasure_request"] == request
    assert reverse("privacy:request_erasure") not in page.content.decode()  # no second form


def test_a_second_open_request_is_refused_with_a_message(client, staff):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:request_erasure"), {"reason": ""}, follow=True)

    response = client.post(reverse("privacy:request_erasure"), {"reason": "ещё раз"}, follow=True)

    assert ErasureRequest.objects.filter(person=person).count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    with pytest.raises(PortalError):
        services.request_erasure(person=person)


def test_a_too_long_reason_shows_the_form_again_with_the_text(client):
    person = UserFactory()
    client.force_login(person)
    reason = "очень длинно " * 200

    response = client.post(reverse("privacy:request_erasure"), {"reason": reason})

    assert response.status_code == 200
    assert "reason" in response.context["erasure_form"].errors
    assert response.context["erasure_form"]["reason"].value() == reason
    assert not ErasureRequest.objects.exists()


def test_staff_refuse_with_a_note_the_person_then_sees(client, staff):
    person = UserFactory()
    request = services.request_erasure(person=person, reason="")
    client.force_login(staff)
    url = reverse("admin:privacy_erasurerequest_refuse", args=[request.pk])
    assert client.get(url).status_code == 200

    empty = client.post(url, {"note": "  "})
    assert empty.status_code == 200 and ErasureRequest.objects.get().status == "requested"
    client.post(url, {"note": "Договор ещё действует: данные нужны до отчёта донору."})

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.REFUSED
    assert [c.to_status for c in request.status_changes.all()] == ["requested", "refused"]
    assert request.status_changes.last().by == staff
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Договор ещё действует" in page
    # A refused request is closed: the person may ask again.
    services.request_erasure(person=person, reason="Прошу снова")
    assert ErasureRequest.objects.filter(person=person).count() == 2


def test_a_decided_request_cannot_be_decided_again(staff):
    request = services.request_erasure(person=UserFactory(), reason="")
    services.refuse_request(request=request, by=staff, note="Нет")
    with pytest.raises(PortalError):
        services.refuse_request(request=request, by=staff, note="Снова нет")
    with pytest.raises(PortalError):
        services.erase_person(person=request.person, by=staff, erasure_request=request)


def test_the_request_page_in_the_admin_offers_erase_and_refuse(client, staff):
    request = services.request_erasure(person=UserFactory(), reason="Причина")
    client.force_login(staff)
    page = client.get(reverse("admin:privacy_erasurerequest_change", args=[request.pk]))
    html = page.content.decode()
    assert reverse("admin:privacy_erasurerequest_erase", args=[request.person_id]) in html
    assert reverse("admin:privacy_erasurerequest_refuse", args=[request.pk]) in html
