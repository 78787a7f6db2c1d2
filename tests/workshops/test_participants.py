import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from coalitions.models import Membership
from core.errors import PortalError
from tests.applications.factories import BISHKEK, ApplicationFactory, complete, member_of
from tests.factories import UserFactory, user_with_role
from workshops.models import Participant

from .factories import ParticipantFactory, selected_application, workshop_with_selected_coalition

pytestmark = pytest.mark.django_db


def _url(event, coalition):
    return reverse("workshops:participants", args=[event.pk, coalition.pk])


def _row(index, **values):
    base = {
        "full_name": "",
        "job_title": "",
        "organisation": "",
        "email": "",
        "phone": "",
        "arriving_from": "",
        "region": "",
        "diet": "none",
        "diet_notes": "",
        "accessibility": "",
    }
    return {f"p-{index}-{key}": value for key, value in {**base, **values}.items()}


def _post_data(rows, initial=0):
    data = {
        "p-TOTAL_FORMS": str(len(rows)),
        "p-INITIAL_FORMS": str(initial),
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "3",
    }
    for index, row in enumerate(rows):
        data |= _row(index, **row)
    return data


def test_the_form_starts_from_the_people_proposed_in_the_application(client, before_workshop):
    event, coalition, owner = workshop_with_selected_coalition()
    client.force_login(owner)

    page = client.get(_url(event, coalition)).content.decode()

    assert 'value="Айгуль Садыкова"' in page  # proposed in the application (complete())
    assert "не более 3 участников" in page
    assert "13 июня" in page  # the deadline: the first morning, as no deadline is set


def test_an_owner_confirms_attendees_with_their_needs(client, before_workshop):
    event, coalition, owner = workshop_with_selected_coalition()
    client.force_login(owner)
    first_night = event.nights[0].isoformat()

    response = client.post(
        _url(event, coalition),
        _post_data(
            [
                {
                    "full_name": "Айгуль Садыкова",
                    "email": "aigul@example.kg",
                    "phone": "0555 12-34-56",
                    "arriving_from": "г. Ош",
                    "nights": [first_night, event.nights[1].isoformat()],
                    "diet": "other",
                    "diet_notes": "без лактозы",
                    "accessibility": "Нужен пандус",
                    "photo_consent": "on",
                },
                {"full_name": "Бакыт Исаков", "email": "bakyt@example.kg"},
                {},
            ]
        ),
        follow=True,
    )

    assert "Участники и их нужды сохранены" in response.content.decode()
    people = list(Participant.objects.filter(event=event, coalition=coalition).order_by("pk"))
    assert [p.full_name for p in people] == ["Айгуль Садыкова", "Бакыт Исаков"]
    aigul = people[0]
    assert aigul.phone == "+996 555 123 456"
    assert aigul.nights == [first_night, event.nights[1].isoformat()]
    assert (aigul.diet_notes, aigul.accessibility, aigul.photo_consent) == (
        "без лактозы",
        "Нужен пандус",
        True,
    )
    assert aigul.confirmed_by == owner


def test_more_attendees_than_the_call_allows_are_refused_and_nothing_is_saved(
    client, before_workshop
):
    event, coalition, owner = workshop_with_selected_coalition()
    event.call.attendees_per_coalition = 2
    event.call.save()
    client.force_login(owner)

    rows = [{"full_name": f"Человек {n}", "email": f"p{n}@example.kg"} for n in range(3)]
    response = client.post(_url(event, coalition), _post_data(rows))

    page = response.content.decode()
    assert "не более 2 участников" in page
    assert not Participant.objects.filter(event=event).exists()


def test_the_limit_counts_people_confirmed_before(before_workshop):
    from workshops import forms, services

    event, coalition, owner = workshop_with_selected_coalition()
    event.call.attendees_per_coalition = 1
    event.call.save()
    ParticipantFactory(event=event, coalition=coalition)
    # A stale page (opened before the first person was confirmed) posts one more person.
    formset = forms.participant_formset(
        event=event,
        coalition=coalition,
        data=_post_data([{"full_name": "Ещё один", "email": "one@example.kg"}]),
    )
    formset.is_valid()

    with pytest.raises(PortalError):
        services.save_participants(event=event, coalition=coalition, formset=formset, by=owner)
    assert Participant.objects.filter(event=event).count() == 1


def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, before_workshop):
    event, coalition, owner = workshop_with_selected_coalition()
    client.force_login(owner)

    response = client.post(
        _url(event, coalition),
        _post_data(
            [
                {
                    "full_name": "Айгуль Садыкова",
                    "email": "not-an-email",
                    "phone": "12",
                    "arriving_from": "с. Беловодское",
                    "accessibility": "Нужен сопровождающий",
                    "diet": "other",
                }
            ]
        ),
    )

    page = response.content.decode()
    assert "Проверьте отмеченные поля" in page
    assert "+996 и 9 цифр" in page
    assert "Уточните, какое питание нужно" in page
    assert 'value="с. Беловодское"' in page and "Нужен сопровождающий" in page
    assert not Participant.objects.exists()


def test_after_the_deadline_the_list_is_read_only(client):
    event, coalition, owner = workshop_with_selected_coalition()
    ParticipantFactory(event=event, coalition=coalition, full_name="Айгуль Садыкова")
    after = dt.datetime(2030, 6, 13, 9, 1, tzinfo=BISHKEK)

    with time_machine.travel(after, tick=False):
        client.force_login(owner)
        page = client.get(_url(event, coalition)).content.decode()
        response = client.post(
            _url(event, coalition),
            _post_data([{"full_name": "Поздно", "email": "x@e.kg"}]),
            follow=True,
        )

    assert '<form method="post" novalidate>' not in page and "Айгуль Садыкова" in page
    assert "Срок подтверждения участников прошёл" in response.content.decode()
    assert not Participant.objects.filter(full_name="Поздно").exists()


def test_a_viewer_of_the_coalition_sees_the_list_but_cannot_change_it(client, before_workshop):
    event, coalition, _owner = workshop_with_selected_coalition()
    ParticipantFactory(event=event, coalition=coalition, diet_notes="без глютена", diet="other")
    viewer = member_of(coalition, role=Membership.Role.VIEWER)
    client.force_login(viewer)

    page = client.get(_url(event, coalition)).content.decode()
    client.post(_url(event, coalition), _post_data([{"full_name": "X", "email": "x@e.kg"}]))

    assert "без глютена" in page
    assert Participant.objects.count() == 1


def test_needs_are_hidden_from_everyone_else_including_by_guessing_urls(client, before_workshop):
    event, coalition, _owner = workshop_with_selected_coalition()
    participant = ParticipantFactory(
        event=event, coalition=coalition, accessibility="Секретная потребность"
    )
    other = selected_application(event.call).coalition
    outsiders = [
        member_of(other),  # another selected coalition of the same call
        member_of(complete(ApplicationFactory(call=event.call)).coalition),  # not selected
        UserFactory(),
        user_with_role(roles.REVIEWER),
        user_with_role(roles.FINANCE),
    ]
    for person in outsiders:
        client.force_login(person)
        assert client.get(_url(event, coalition)).status_code == 404, person
        assert (
            client.get(reverse("workshops:certificate", args=[participant.pk])).status_code == 404
        )
        admin_list = client.get(reverse("admin:workshops_participant_changelist"))
        assert "Секретная потребность" not in admin_list.content.decode()
        assert admin_list.status_code in (302, 403)
    client.logout()
    assert client.get(_url(event, coalition)).status_code == 302  # to the login page


def test_programme_staff_see_the_needs_in_the_admin(client):
    event, coalition, _owner = workshop_with_selected_coalition()
    ParticipantFactory(event=event, coalition=coalition, full_name="Айгуль Садыкова")
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    page = client.get(reverse("admin:workshops_participant_changelist")).content.decode()
    lists = client.get(reverse("admin:workshops_event_list", args=[event.pk, "coalitions"]))

    assert "Айгуль Садыкова" in page
    assert "Айгуль Садыкова" in lists.content.decode()


def test_a_new_row_may_take_the_address_another_row_of_the_form_gave_up(client, before_workshop):
    event, coalition, owner = workshop_with_selected_coalition()
    client.force_login(owner)
    client.post(
        _url(event, coalition), _post_data([{"full_name": "Айгуль", "email": "x@example.kg"}])
    )
    aigul = Participant.objects.get(event=event, coalition=coalition)

    rows = [
        {"id": str(aigul.pk), "full_name": "Айгуль", "email": "y@example.kg"},
        {"full_name": "Бакыт", "email": "x@example.kg"},
    ]
    client.post(_url(event, coalition), _post_data(rows, initial=1))

    people = Participant.objects.filter(event=event, coalition=coalition).order_by("pk")
    assert [(p.full_name, p.email) for p in people] == [
        ("Айгуль", "y@example.kg"),
        ("Бакыт", "x@example.kg"),
    ]
