"""Filling the form: drafts save as typed, bad input is explained next to its field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import submission
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


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


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
    return [item.message for item in submission.missing_answers(application)]


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
    application.answers["data_use"] = ""
    application.consent_personal_data = False
    application.save()
    application.priorities.clear()
    application.key_topics.clear()
    application.attendees.update(phone="")
    assert _messages(application) == [
        "Выберите хотя бы одну приоритетную тему конкурса.",
        "Заполните поле «Как данные сделают кампанию убедительной».",
        "Отметьте темы практикума, которые вам нужнее всего.",
        "Участник 1: заполните телефон.",
        "Дайте согласие на обработку персональных данных.",
    ]


def test_an_older_autosave_arriving_after_a_newer_one_is_refused_and_changes_nothing(
    client, application
):
    newer = client.post(
        url(application, "idea"),
        {"idea_title": "Новый текст", "problem": "Полный ответ", "autosave": "1", "revision": "3"},
    )
    assert newer.status_code == 200
    assert newer.json()["revision"] == 3
    older = client.post(
        url(application, "idea"),
        {"idea_title": "Старый текст", "problem": "", "autosave": "1", "revision": "2"},
    )
    assert older.status_code == 409
    assert older.json() | {"errors": {}} == {
        "saved": False,
        "conflict": True,
        "revision": 3,
        "saved_at": "",
        "errors": {},
    }
    same = client.post(
        url(application, "idea"), {"idea_title": "Тоже старый", "autosave": "1", "revision": "3"}
    )
    assert same.status_code == 409
    application.refresh_from_db()
    assert (application.idea_title, application.answers["problem"]) == (
        "Новый текст",
        "Полный ответ",
    )
    assert application.section_revisions == {"idea": 3}
    # Another section keeps its own numbers.
    other = client.post(
        url(application, "data"), {"data_use": "Карты", "autosave": "1", "revision": "1"}
    )
    assert other.status_code == 200


def test_the_page_carries_the_next_revision_and_a_stale_button_save_keeps_the_text(
    client, application
):
    page = client.get(url(application, "idea")).content.decode()
    assert '<input type="hidden" name="revision" value="1">' in page
    client.post(
        url(application, "idea"), {"idea_title": "С телефона", "autosave": "1", "revision": "1"}
    )
    # A page opened before that save posts its revision 1 with the Save button.
    response = client.post(
        url(application, "idea"), {"idea_title": "С ноутбука", "revision": "1", "go": "idea"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "уже сохранили в другом окне или на другом устройстве" in page
    assert 'value="С ноутбука"' in page
    assert '<input type="hidden" name="revision" value="2">' in page
    application.refresh_from_db()
    assert application.idea_title == "С телефона"
    # Saved again from the page that now knows revision 1: it replaces the phone's text.
    client.post(
        url(application, "idea"), {"idea_title": "С ноутбука", "revision": "2", "go": "idea"}
    )
    application.refresh_from_db()
    assert application.idea_title == "С ноутбука"


def test_an_autosave_reads_the_application_once(client, application):
    client.get(url(application, "idea"))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            url(application, "idea"), {"idea_title": "Быстро", "autosave": "1", "revision": "1"}
        )
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(SAVEPOINTS)]
    reads = [q for q in sql if q.startswith("SELECT") and '"applications_application"' in q]
    assert len(reads) == 1, reads  # it was read four times
    assert len(sql) <= 8, sql
