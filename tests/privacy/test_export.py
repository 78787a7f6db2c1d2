import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from privacy.export import USER_LINKS, personal_data, personal_data_json

from .conftest import (
    COLLEAGUE_EMAIL,
    COLLEAGUE_PHONE,
    COLLEAGUE_SURNAME,
    EMAIL,
    OTHER_ADDRESS,
    PHONE,
    SURNAME,
)

pytestmark = pytest.mark.django_db


def links_to_people() -> set[str]:
    User = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if not model._meta.proxy  # a proxy's rows are its concrete model's
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is User
    }


def test_every_link_to_a_person_is_covered_by_the_export():
    """A new model with a foreign key to people fails here until the export covers it."""
    missing = sorted(links_to_people() - set(USER_LINKS))
    assert missing == [], "add these to privacy.export.USER_LINKS: " + ", ".join(missing)
    stale = sorted(set(USER_LINKS) - links_to_people())
    assert stale == [], "links that no longer exist: " + ", ".join(stale)


def test_every_section_named_for_a_link_is_in_the_document(world):
    document = personal_data(person=world.person)
    assert set(USER_LINKS.values()) <= set(document)


def test_the_export_holds_the_persons_data_from_every_app(world):
    document = personal_data(person=world.person)

    assert document["person"]["email"] == EMAIL
    assert document["person"]["phone"] == PHONE
    assert document["person"]["last_name"] == SURNAME
    assert document["person"]["roles"] == ["reviewer"]
    assert {a["email"] for a in document["email_addresses"]} == {EMAIL, OTHER_ADDRESS}
    assert document["two_factor"]["enabled"] and "totp" in document["two_factor"]["methods"]
    assert [m["coalition"] for m in document["coalition_memberships"]] == [world.coalition.name]
    assert document["coalition_contacts"][0]["contact_phone"] == PHONE
    assert [i["coalition"] for i in document["invitations_received"]] == ["Другая коалиция"]
    assert [i["status"] for i in document["invitations_sent"]] == ["pending"]
    assert document["join_requests"][0]["message"] == "Я Гульнара"
    assert document["info_session_registrations"][0]["phone"] == PHONE
    assert document["proposed_as_workshop_attendee"][0]["email"] == EMAIL
    (participation,) = document["workshop_participations"]
    assert participation["accessibility"] == "Нужен пандус"
    assert participation["region"] == "Талас"
    assert [a["day"] for a in participation["attendance"]] == [
        d.isoformat() for d in world.event.days[:3]
    ]
    assert participation["certificate"]["number"] == "EGED-2030-001"
    (review,) = document["reviews"]
    assert review["reviewed"]["id"] == world.reviewed.pk
    assert [s["points"] for s in review["scores"]] == [7]
    assert {a["id"] for a in document["applications_started"]} == {world.application.pk}
    kinds = sorted(m["kind"] for m in document["messages_received"])
    assert "reminder" in kinds and "notification" in kinds
    assert document["erasure_requests"][0]["status"] == "requested"
    history_models = {row["model"] for row in document["history"]}
    assert {"workshops.HistoricalParticipant", "coalitions.HistoricalMembership"} <= history_models
    assert "reviews.HistoricalReviewAssignment" in history_models


def test_the_file_is_utf8_json_with_cyrillic_as_is_and_no_secrets(world):
    from allauth.mfa.models import Authenticator

    body = personal_data_json(person=world.person)
    text = body.decode("utf-8")
    assert SURNAME in text  # not \u0410\u0441...
    assert json.loads(text)["person"]["id"] == world.person.pk
    assert world.person.password not in text
    assert "pbkdf2" not in text and "argon2" not in text
    for authenticator in Authenticator.objects.filter(user=world.person):
        for value in authenticator.data.values():
            if isinstance(value, str) and len(value) > 8:
                assert value not in text


def test_the_export_holds_no_one_elses_personal_data(world):
    text = personal_data_json(person=world.person).decode()
    for other in [
        COLLEAGUE_EMAIL,
        COLLEAGUE_PHONE,
        COLLEAGUE_SURNAME,
        "friend.of.gulnara@example.kg",
        "bakyt.second@example.kg",
        world.owner.email,
        world.owner.last_name,
        world.staff.email,
    ]:
        assert other not in text, other


def test_a_person_downloads_their_own_data_from_the_profile(client, world):
    client.force_login(world.person)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:download") in profile

    response = client.get(reverse("privacy:download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="eged-my-data-')
    document = json.loads(response.content.decode("utf-8"))
    assert document["person"]["email"] == EMAIL


def test_the_download_is_always_the_signed_in_persons(client, world):
    client.force_login(world.colleague)
    document = json.loads(client.get(reverse("privacy:download")).content)
    assert document["person"]["email"] == COLLEAGUE_EMAIL
    assert EMAIL not in json.dumps(document, ensure_ascii=False)


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_stranger_with_the_same_phone_is_not_in_the_export(world):
    """Phones are shared (an office's, a family's): rows of others match by e-mail only."""
    from applications.models import ProposedAttendee

    ProposedAttendee.objects.create(
        application=world.application,
        full_name="Айгерим Токтосунова",
        email="aigerim@example.kg",
        phone=PHONE,
    )
    text = personal_data_json(person=world.person).decode()
    assert "Токтосунова" not in text and "aigerim@example.kg" not in text


def test_an_address_added_but_not_confirmed_finds_none_of_its_owners_mail(world):
    """Anyone may add any address to their account; until they confirm it, it is not theirs:
    the export and the erasure must not find another person's mail or records by it."""
    from allauth.account.models import EmailAddress

    from notifications.models import OutgoingMessage
    from privacy.selectors import person_emails

    victim = "victim@example.kg"
    OutgoingMessage.objects.create(
        key="reset",
        to_email=victim,
        language="ru",
        template="t",
        subject="Сброс пароля",
        body_text="https://eged.kg/accounts/password/reset/key/secret-key/",
    )
    EmailAddress.objects.create(user=world.person, email=victim, verified=False)

    assert victim not in person_emails(world.person)
    text = personal_data_json(person=world.person).decode()
    # The address itself is listed with the account (it is what they typed), unconfirmed;
    # nothing sent to it is.
    assert '"verified": false' in text
    assert "secret-key" not in text and "Сброс пароля" not in text
    EmailAddress.objects.filter(email=victim).update(verified=True)
    assert victim in person_emails(world.person)
