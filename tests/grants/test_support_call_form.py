"""The technical-support request and the report answer their call's form: a section saves
its own questions only, a condition hides a question without clearing it, a required
question blocks sending with a link to it, a draft follows the form to its new version, a
sent request keeps the version (and the wording) it answered, and the export has a column
per question."""

import datetime as dt

import pytest
from django.urls import reverse

from calls import form_services
from calls.models import Form, Question
from core.errors import PortalError
from grants import implementation, services, submission
from grants.models import Report, TechnicalSupportApplication
from tests.calls.factories import add_question
from tests.factories import PASSWORD
from tests.workbooks import headers, open_workbook, sheet_rows

from .award_factories import awarded, owner_of
from .factories import PLAN, complete, started, submitted, support_call

pytestmark = pytest.mark.django_db


def support_version(call):
    return form_services.current_version(call, Form.Kind.SUPPORT_REQUEST)


def section_of(version, key):
    return version.sections.get(key=key)


@pytest.fixture
def member(client, support_open):
    request, owner = started(support_call())
    client.login(email=owner.email, password=PASSWORD)
    return request, owner


def section_url(request, section):
    return reverse("grants:section", args=[request.pk, section])


def test_a_section_saves_only_its_own_questions(client, member):
    request, _owner = member
    request.answers = {"risks": "Отказ в информации.", "decision_makers": "Кенеш"}
    request.save(update_fields=["answers"])

    page = client.get(section_url(request, "plan")).content.decode()
    assert 'name="goal"' in page and 'name="title"' in page and 'name="risks"' not in page
    response = client.post(
        section_url(request, "plan"),
        # A key of another section posted here (a hostile or stale page) is not taken.
        {"autosave": "1", "title": "Кампания", "goal": "Цель", "objectives": "", "risks": "x"},
    )

    assert response.status_code == 200, response.json()
    request.refresh_from_db()
    assert request.title == "Кампания"
    assert request.answers == {
        "goal": "Цель",
        "objectives": "",
        "risks": "Отказ в информации.",
        "decision_makers": "Кенеш",
    }


def test_an_answer_breaking_its_limit_is_refused_with_the_field_named(client, member):
    request, _owner = member
    version = support_version(request.call)
    Question.objects.filter(version=version, key="goal").update(max_length=10)

    response = client.post(section_url(request, "plan"), {"autosave": "1", "goal": "x" * 11})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["goal"]
    request.refresh_from_db()
    assert "goal" not in request.answers


def test_a_condition_hides_a_question_without_clearing_its_answer(client, member):
    request, owner = member
    version = support_version(request.call)
    data = section_of(version, "data")
    add_question(version, "has_budget_data", Question.Type.YES_NO, section=data, required=True)
    add_question(
        version,
        "budget_source",
        Question.Type.SHORT_TEXT,
        section=data,
        label="Источник бюджетных данных",
        required=True,
        condition_key="has_budget_data",
        condition_value="yes",
    )
    complete(request, owner)
    answers = {"has_budget_data": True, "budget_source": "Минфин"}
    request = services.save_support_section(
        application=request, section="data", answers=answers, by=owner
    )
    assert request.answers["budget_source"] == "Минфин"
    missing = [item.field for item in submission.missing_answers(request)]
    assert "budget_source" not in missing and "has_budget_data" not in missing

    services.save_support_section(
        application=request, section="data", answers={"has_budget_data": False}, by=owner
    )
    request.refresh_from_db()
    assert request.answers["budget_source"] == "Минфин"  # hidden, kept
    page = client.get(section_url(request, "data")).content.decode()
    assert 'data-question="budget_source" data-show-if="has_budget_data"' in page
    assert 'data-show-value="yes" hidden>' in page
    services.save_support_section(
        application=request, section="data", answers={"has_budget_data": True}, by=owner
    )
    request = services.save_support_section(
        application=request, section="data", answers={"budget_source": ""}, by=owner
    )
    assert [item.field for item in submission.missing_answers(request)] == ["budget_source"]
    with pytest.raises(PortalError):
        submission.submit_support_request(application=request, by=owner)


def test_a_required_question_left_empty_blocks_sending_and_links_to_it(client, member):
    request, owner = member
    complete(request, owner)
    services.save_support_section(
        application=request, section="data", answers={"risks": ""}, by=owner
    )

    page = client.get(reverse("grants:detail", args=[request.pk])).content.decode()

    link = section_url(request, "data") + "#id_risks"
    assert f'href="{link}">Заполните поле «Риски и как их снизить».</a>' in page
    client.post(reverse("grants:submit", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == TechnicalSupportApplication.Status.DRAFT
    section = client.get(section_url(request, "data")).content.decode()
    assert 'id="id_risks"' in section


def test_a_draft_moves_to_the_new_version_keeping_what_was_typed(client, member):
    request, owner = member
    complete(request, owner)
    first = request.form_version
    other = submitted(request.call)  # someone sent theirs: staff's next edit is a copy
    assert other.form_version.is_frozen

    second = form_services.edit_version(first.form)
    assert second.number == 2
    Question.objects.filter(version=second, key="goal").update(label="Цель кампании (новая)")
    page = client.get(section_url(request, "plan")).content.decode()

    request.refresh_from_db()
    assert request.form_version == second
    assert request.answers["goal"] == PLAN["goal"]
    assert "Цель кампании (новая)" in page and PLAN["goal"] in page


def test_a_sent_request_keeps_its_version_and_wording_after_staff_edit_the_form(
    client, support_open
):
    from accounts import roles
    from tests.factories import user_with_role

    request = submitted(support_call())
    first = request.form_version
    assert first.is_frozen

    second = form_services.edit_version(first.form)
    Question.objects.filter(version=second, key="goal").update(label="Какая цель?")
    Question.objects.filter(version=second, key="risks").delete()
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    url = reverse("admin:grants_technicalsupportapplication_change", args=[request.pk])
    page = client.get(url).content.decode()

    request.refresh_from_db()
    assert request.form_version == first
    assert "Цель кампании" in page and "Какая цель?" not in page
    assert "Риски и как их снизить" in page and PLAN["risks"] in page


def test_the_export_has_one_column_per_question_with_real_numbers(client, support_open):
    from accounts import roles
    from tests.factories import user_with_role

    call = support_call()
    version = support_version(call)
    add_question(
        version,
        "people_reached",
        Question.Type.INTEGER,
        section=section_of(version, "data"),
        label="Сколько людей охватит кампания",
    )
    request = submitted(call)
    TechnicalSupportApplication.objects.filter(pk=request.pk).update(
        answers={**request.answers, "people_reached": 1200}
    )
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    response = client.get(reverse("admin:grants_technicalsupportapplication_export"))
    sheet = open_workbook(response.content)["Заявки на поддержку"]

    asked = [q.tr("label") for q in form_services.questions_of(version) if not q.is_fixed]
    columns = headers(sheet)
    start = columns.index("название кампании") + 1
    assert columns[start : start + len(asked)] == asked
    (row,) = sheet_rows(sheet)
    assert row["Сколько людей охватит кампания"] == 1200
    assert row["Цель кампании"] == PLAN["goal"]


def test_a_report_saves_its_answers_in_the_document_and_keeps_its_version_once_sent():
    award = awarded()
    owner = owner_of(award)
    report = Report.objects.create(
        award=award, kind=Report.Kind.FINAL, due_on=dt.date(2030, 12, 31)
    )
    rows = implementation.result_rows(report)

    report = implementation.save_report(
        report=report,
        answers={"activities": "Слушания", "advocacy_outcomes": "Решение кенеша"},
        results={row.expected.pk: ("5", "") for row in rows},
        by=owner,
    )
    implementation.submit_report(report=report, by=owner)
    first = report.form_version
    second = form_services.edit_version(first.form)

    report.refresh_from_db()
    first.refresh_from_db()
    assert second.number == 2 and report.form_version == first and first.is_frozen
    assert report.answers == {"activities": "Слушания", "advocacy_outcomes": "Решение кенеша"}


def test_a_section_costs_the_same_queries_with_forty_questions_as_with_three(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request, _owner = member
    url = section_url(request, "data")
    posted = {"autosave": "1", "risks": "Риски"}

    def queries():
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as save:
            assert client.post(url, posted).status_code == 200
        return len(page), len(save)

    queries()  # warms the caches a first request fills
    few = queries()
    version = support_version(request.call)
    for number in range(37):
        add_question(version, f"extra_{number}", section=section_of(version, "data"))
    posted |= {f"extra_{number}": f"Ответ {number}" for number in range(37)}

    assert queries() == few
    request.refresh_from_db()
    assert request.answers["extra_36"] == "Ответ 36"
