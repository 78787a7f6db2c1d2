"""The coalition form: errors next to their field, in Russian, with the input kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coalitions.models import Coalition, Membership
from core.phones import normalise_phone
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["+996 555 123 456", "+996-555-12-34-56", "996555123456", "0555 123 456", "(0555) 12-34-56"],
)
def test_kyrgyz_numbers_are_normalised(typed):
    assert normalise_phone(typed) == "+996 555 123 456"


@pytest.mark.parametrize("typed", ["555 123", "+996 555 123 45", "телефон", "0555 12 34 5x"])
def test_what_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(ValidationError, match=r"\+996 и 9 цифр"):
        normalise_phone(typed)


def test_numbers_of_neighbouring_countries_are_kept_in_international_form():
    assert normalise_phone("+7 701 123 45 67") == "+77011234567"
    assert normalise_phone("00998 90 123 45 67") == "+998901234567"


def test_creating_a_coalition_makes_the_creator_its_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("coalitions:create"),
        {
            "name": "Платформа «Данные Таласа»",
            "kind": "civic",
            "network_type": "platform",
            "contact_phone": "0700 11-22-33",
        },
    )
    coalition = Coalition.objects.get()
    assert response.url == reverse("coalitions:detail", kwargs={"pk": coalition.pk})
    assert coalition.contact_phone == "+996 700 112 233"
    assert coalition.memberships.get().user == user
    assert coalition.memberships.get().role == Membership.Role.OWNER


def test_a_bad_phone_is_shown_next_to_its_field_and_the_rest_is_kept(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("coalitions:create"),
        {
            "name": "Союз ремесленников",
            "kind": "economic",
            "network_type": "union",
            "contact_phone": "12345",
            "description": "Мастера войлока из Нарына",
            "looking_for_partner": "on",
            "partner_note": "",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["contact_phone"] == [
        "Укажите номер телефона: +996 и 9 цифр, например +996 555 123 456."
    ]
    assert form.errors["partner_note"] == ["Напишите, над чем вы хотите работать с партнёром."]
    page = response.content.decode()
    assert 'id="error_1_id_contact_phone"' in page
    assert "Мастера войлока из Нарына" in page
    assert 'value="Союз ремесленников"' in page
    assert not Coalition.objects.exists()
