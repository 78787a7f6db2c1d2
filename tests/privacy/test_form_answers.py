"""The answers to the calls' forms in a person's data download and erasure: the documents
the person started or submitted with the question each answer answered, the personal-type
answers (e-mail, phone, team table) that are the person's, cleared on erasure."""

import datetime as dt

import pytest

from calls import form_services
from calls.models import Form, Question
from grants.models import Report
from privacy.export import personal_data, personal_data_json
from privacy.models import ErasureLog
from privacy.services import erase_person, erasure_preview
from tests.calls.factories import add_question
from tests.grants.award_factories import awarded

from .conftest import COLLEAGUE_EMAIL, COLLEAGUE_PHONE, COLLEAGUE_SURNAME, EMAIL, PHONE, SURNAME

pytestmark = pytest.mark.django_db

T = Question.Type
TEAM_COLUMNS = [
    {"key": "name", "label": "Имя"},
    {"key": "email", "label": "E-mail"},
    {"key": "phone", "label": "Телефон"},
]
IDEA = "Открытые бюджеты айылов Таласа"


def _ask(version):
    add_question(version, "idea", T.LONG_TEXT, label="В чём идея кампании?")
    add_question(version, "contact_email", T.EMAIL, label="E-mail для связи")
    add_question(version, "contact_phone", T.PHONE, label="Телефон для связи")
    add_question(version, "team", T.TABLE, label="Команда проекта", columns=TEAM_COLUMNS)


def _team():
    return [
        {"name": f"Гульнара {SURNAME}", "email": EMAIL.upper(), "phone": PHONE},
        {"name": f"Бакыт {COLLEAGUE_SURNAME}", "email": COLLEAGUE_EMAIL, "phone": COLLEAGUE_PHONE},
    ]


@pytest.fixture
def answered(world):
    """The person's application and a report they submitted answer forms that ask for
    contacts; the colleague is in the team table too."""
    application = world.application
    _ask(application.form_version)
    application.answers = {
        **application.answers,
        "idea": IDEA,
        "contact_email": EMAIL,
        "contact_phone": PHONE.replace(" ", ""),
        "team": _team(),
    }
    application.save(update_fields=["answers"])
    award = awarded(coalition=world.coalition)
    version = form_services.current_version(award.application.call, Form.Kind.REPORT)
    add_question(version, "lessons", T.LONG_TEXT, label="Чему научила кампания?")
    add_question(version, "report_contact", T.EMAIL, label="Кто готовил отчёт (e-mail)")
    report = Report.objects.create(
        award=award,
        kind=Report.Kind.FINAL,
        due_on=dt.date(2030, 12, 31),
        form_version=version,
        answers={"lessons": "Кенешу нужны цифры", "report_contact": EMAIL},
        submitted_by=world.person,
    )
    report.status = Report.Status.SUBMITTED
    report.save()  # a second version in the report's history
    world.report = report
    return world


def test_the_download_shows_each_question_with_its_answer(answered):
    document = personal_data(person=answered.person)

    (started,) = [a for a in document["applications_started"] if a["kind"] == "workshop"]
    assert {"question": "В чём идея кампании?", "answer": IDEA} in started["answers"]
    (report,) = document["reports_submitted"]
    assert report["id"] == answered.report.pk
    assert {"question": "Чему научила кампания?", "answer": "Кенешу нужны цифры"} in report[
        "answers"
    ]
    named = {(row["kind"], row["question"]): row["answer"] for row in document["named_in_answers"]}
    assert named[("workshop", "E-mail для связи")] == EMAIL
    assert named[("workshop", "Телефон для связи")] == PHONE.replace(" ", "")
    assert named[("workshop", "Команда проекта")] == f"Гульнара {SURNAME}, {EMAIL.upper()}, {PHONE}"
    assert named[("report", "Кто готовил отчёт (e-mail)")] == EMAIL


def test_the_download_leaves_out_others_contacts_in_the_answers(answered):
    """The started application's personal-type answers are not copied whole: the team
    table holds the colleague's row."""
    text = personal_data_json(person=answered.person).decode()
    for other in [COLLEAGUE_EMAIL, COLLEAGUE_PHONE, COLLEAGUE_SURNAME]:
        assert other not in text, other


def test_a_colleague_named_nowhere_finds_no_answers_of_the_person(answered):
    document = personal_data(person=answered.colleague)
    named = {(row["question"], row["answer"]) for row in document["named_in_answers"]}
    assert named == {
        ("Команда проекта", f"Бакыт {COLLEAGUE_SURNAME}, {COLLEAGUE_EMAIL}, {COLLEAGUE_PHONE}")
    }
    assert EMAIL not in personal_data_json(person=answered.colleague).decode().lower()


def test_the_confirmation_page_counts_the_documents_with_the_persons_answers(answered):
    preview = erasure_preview(person=answered.person)
    assert preview["заявки и отчёты с его ответами в формах"] == 2  # the application, the report
    assert erasure_preview(person=answered.owner)["заявки и отчёты с его ответами в формах"] == 0


def test_erasure_clears_the_persons_personal_type_answers(answered):
    log = erase_person(person=answered.person, by=answered.staff)

    answered.application.refresh_from_db()
    answers = answered.application.answers
    assert answers["contact_email"] == "" and answers["contact_phone"] == ""
    person_row, colleague_row = answers["team"]
    assert person_row == {
        "name": f"Удалённый пользователь #{answered.person.pk}",
        "email": "",
        "phone": "",
    }
    assert colleague_row == _team()[1]  # the colleague's row is not the person's
    assert answers["idea"] == IDEA  # the coalition's text stays, as the programme keeps it
    answered.report.refresh_from_db()
    assert answered.report.answers == {"lessons": "Кенешу нужны цифры", "report_contact": ""}
    versions = Report.history.filter(id=answered.report.pk)
    assert versions.count() == 2
    assert all(v.answers["report_contact"] == "" for v in versions)
    assert ErasureLog.objects.get(pk=log.pk).counts["form_answers"] == 4  # 2 + 2 versions


def test_a_phone_alone_finds_no_one(answered):
    """A stranger's answer with the same phone and an address that only contains the
    person's stays."""
    other = answered.reviewed  # another coalition's application to the same form
    assert other.form_version_id == answered.application.form_version_id
    other.answers = {**other.answers, "contact_phone": PHONE, "contact_email": "x" + EMAIL}
    other.save(update_fields=["answers"])

    erase_person(person=answered.person, by=answered.staff)

    other.refresh_from_db()
    assert other.answers["contact_phone"] == PHONE
    assert other.answers["contact_email"] == "x" + EMAIL  # another address, not a part of it
