"""Filling the form: drafts save as typed, bad input is explained next to its field."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import JointOrganisation

from .factories import ApplicationFactory, CallFactory, CoalitionFactory, complete, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


@pytest.fixture
def application(client):
    coalition = CoalitionFactory()
    owner = member_of(coalition)
    client.force_login(owner)
    application = ApplicationFactory(coalition=coalition)
    application.owner = owner
    return application


def url(application, section):
    return reverse("applications:section", args=[application.pk, section])


def rows(prefix, items):
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, item in enumerate(items):
        data |= {f"{prefix}-{i}-{k}": v for k, v in item.items()}
    return data


def test_autosave_stores_a_half_typed_draft_and_the_next_visit_shows_it(client, application):
    response = client.post(
        url(application, "idea"), {"idea_title": "Чистый Иссык-Куль", "autosave": "1"}
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True

    page = client.get(url(application, "idea")).content.decode()
    assert 'value="Чистый Иссык-Куль"' in page


def test_saving_rows_twice_does_not_duplicate_them(client, application):
    data = rows(
        "org",
        [
            {"name": "НКО «Вода»", "sector": "civic"},
            {"name": "Союз отельеров", "sector": "business"},
        ],
    )
    client.post(url(application, "partners"), {**data, "autosave": "1"})
    client.post(url(application, "partners"), data)
    assert list(application.joint_organisations.values_list("name", flat=True)) == [
        "НКО «Вода»",
        "Союз отельеров",
    ]
    page = client.get(url(application, "partners")).content.decode()
    assert "Союз отельеров" in page


def test_blank_rows_are_ignored(client, application):
    data = rows("org", [{"name": "НКО «Вода»", "sector": "civic"}, {"name": "", "sector": ""}])
    client.post(url(application, "partners"), data)
    assert application.joint_organisations.count() == 1


def test_a_bad_email_is_explained_next_to_it_and_what_was_typed_stays(client, application):
    data = rows(
        "att",
        [{"full_name": "Бакыт Исаков", "email": "bakyt@", "phone": "+996 700 111 222"}],
    )
    response = client.post(url(application, "workshop"), {**data, "speaker_wishes": "Опыт"})
    page = response.content.decode()
    assert "Введите правильный адрес электронной почты." in page
    assert 'value="Бакыт Исаков"' in page and 'value="bakyt@"' in page
    assert "Опыт" in page

    autosave = client.post(url(application, "workshop"), {**data, "autosave": "1"})
    assert autosave.status_code == 400
    assert "att-0-email" in autosave.json()["errors"]


def test_a_phone_with_letters_is_explained(client, application):
    data = rows("att", [{"full_name": "Бакыт", "phone": "звоните в офис"}])
    page = client.post(url(application, "workshop"), data).content.decode()
    assert "Укажите номер телефона: +996 и 9 цифр" in page


def test_a_priority_of_another_call_cannot_be_posted(client, application):
    foreign = CallFactory().priorities.first()
    response = client.post(url(application, "focus"), {"priorities": [foreign.pk]})
    assert "Выберите корректный вариант" in response.content.decode()
    assert not application.priorities.exists()


def test_step_buttons_save_and_move_without_javascript(client, application):
    response = client.post(url(application, "idea"), {"idea_title": "Идея", "go": "focus"})
    assert response.status_code == 302 and response["Location"] == url(application, "focus")
    application.refresh_from_db()
    assert application.idea_title == "Идея"


def test_the_progress_indicator_counts_complete_sections(client, application):
    page = client.get(url(application, "idea")).content.decode()
    assert "Заполнено разделов: 0 из 7" in page
    complete(application)
    page = client.get(url(application, "idea")).content.decode()
    assert "Заполнено разделов: 7 из 7" in page


def _messages(application):
    return [item.message for item in services.missing_answers(application)]


def test_joint_work_needs_two_organisations_from_both_sectors(application):
    complete(application)
    application.joint_organisations.filter(sector=JointOrganisation.Sector.BUSINESS).delete()
    messages = _messages(application)
    assert (
        "Укажите не менее двух организаций гражданского общества, которые будут работать вместе."
        in messages
    )
    assert any("хотя бы одна из бизнес-сектора" in m for m in messages)

    application.joint_organisations.create(position=5, name="НКО «Два»", sector="civic")
    messages = _messages(application)
    assert not any("не менее двух" in m for m in messages)
    assert any("хотя бы одна из бизнес-сектора" in m for m in messages)


def test_every_required_answer_is_listed(application):
    complete(application)
    assert _messages(application) == []
    application.data_use = ""
    application.consent_personal_data = False
    application.save()
    application.priorities.clear()
    application.key_topics.clear()
    application.attendees.update(phone="")
    assert _messages(application) == [
        "Выберите хотя бы одну приоритетную тему конкурса.",
        "Заполните поле «как данные сделают кампанию убедительной».",
        "Отметьте темы практикума, которые вам нужнее всего.",
        "Участник 1: заполните телефон.",
        "Дайте согласие на обработку персональных данных.",
    ]
