"""The application follows its call's form: questions staff add are asked, saved, checked
at submission and shown; a draft moves to a new version of the form, a submitted one keeps
the question texts it answered; files answering a question stay private."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services, submission
from applications.models import Application
from calls import form_services
from calls.models import Form, Question
from tests.calls.factories import add_question, add_section

from .factories import ApplicationFactory, CoalitionFactory, complete, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def application(client):
    coalition = CoalitionFactory()
    owner = member_of(coalition)
    client.force_login(owner)
    application = complete(ApplicationFactory(coalition=coalition))
    application.owner = owner
    return application


@pytest.fixture
def budget_section(application):
    """A section staff added to the call's form: a yes/no question, an amount shown only
    after «yes», and a file."""
    version = application.form_version
    section = add_section(version, key="budget", title="Бюджет", position=20)
    add_question(version, "cofunded", Question.Type.YES_NO, section, required=True)
    add_question(
        version,
        "cofunding",
        Question.Type.AMOUNT,
        section,
        label="Сумма софинансирования",
        required=True,
        max_value=100000,
        condition_key="cofunded",
        condition_value="yes",
    )
    add_question(
        version, "estimate", Question.Type.FILE, section, label="Смета", allowed_extensions="pdf"
    )
    version._sections_cache = None
    return section


def url(application, section):
    return reverse("applications:section", args=[application.pk, section])


def messages(application):
    application = Application.objects.select_related("form_version").get(pk=application.pk)
    return [
        (item.section, item.field, item.message) for item in submission.missing_answers(application)
    ]


def test_a_question_staff_added_is_a_step_asked_checked_and_listed(
    client, application, budget_section
):
    page = client.get(url(application, "budget")).content.decode()
    assert 'name="cofunded"' in page and 'name="cofunding"' in page
    # The amount depends on «yes»: hidden until then, its answer kept, not asked for.
    assert 'data-show-if="cofunded"' in page
    assert ("budget", "cofunded", "Заполните поле «Cofunded».") in messages(application)
    assert not any(field == "cofunding" for _s, field, _m in messages(application))

    answer = client.post(url(application, "budget"), {"cofunded": "yes", "cofunding": "250000"})
    page = answer.content.decode()
    assert answer.status_code == 200  # refused: the amount is over the limit
    assert 'value="250000"' in page  # what was typed stays
    client.post(url(application, "budget"), {"cofunded": "yes", "cofunding": "50000"})
    application.refresh_from_db()
    assert application.answers["cofunded"] is True
    assert application.answers["cofunding"] == "50000"
    assert messages(application) == []
    # The overview lists the missing answer with a link to its field.
    Application.objects.filter(pk=application.pk).update(
        answers={**application.answers, "cofunding": None}
    )
    overview = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f"{url(application, 'budget')}#id_cofunding" in overview


def test_a_section_saves_only_its_own_answers(client, application, budget_section):
    before = dict(application.answers)
    client.post(url(application, "budget"), {"cofunded": "no", "problem": "Подменённый ответ"})
    application.refresh_from_db()
    assert application.answers["problem"] == before["problem"]
    assert application.answers["cofunded"] is False


def test_a_file_answer_is_stored_kept_and_private(client, application, budget_section):
    client.post(
        url(application, "budget"),
        {"cofunded": "no", "estimate": SimpleUploadedFile("смета.pdf", PDF)},
    )
    application.refresh_from_db()
    stored = application.answers["estimate"]
    assert stored["name"] == "смета.pdf" and stored["path"].startswith("private/answers/")
    # A later save without a new file (and any autosave) keeps it.
    client.post(url(application, "budget"), {"cofunded": "no", "autosave": "1"})
    client.post(url(application, "budget"), {"cofunded": "no"})
    application.refresh_from_db()
    assert application.answers["estimate"]["path"] == stored["path"]
    download = reverse("applications:answer_file", args=[application.pk, "estimate"])
    assert download in client.get(url(application, "budget")).content.decode()
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    stranger = member_of(CoalitionFactory())
    client.force_login(stranger)
    assert client.get(download).status_code == 404


def test_a_draft_moves_to_the_new_version_with_what_was_typed(client, application):
    version = application.form_version
    form_services.freeze(version)  # someone else submitted against it
    fresh = form_services.edit_version(version.form)
    assert fresh.number == version.number + 1
    Question.objects.filter(version=fresh, key="problem").update(label="Какую проблему решаете?")
    page = client.get(url(application, "idea")).content.decode()
    assert "Какую проблему решаете?" in page
    application.refresh_from_db()
    assert application.form_version == fresh
    assert application.answers["problem"] == "Жители не знают, как тратится бюджет айыл окмоту."


def test_a_submitted_application_keeps_the_questions_it_answered(client, application):
    submission.submit_application(application=application, by=application.owner)
    application.refresh_from_db()
    version = application.form_version
    assert version.is_frozen
    fresh = form_services.edit_version(version.form)
    Question.objects.filter(version=fresh, key="problem").delete()
    Question.objects.filter(version=fresh, key="experience").update(label="Новый вопрос")
    services.keep_draft_current(application)
    application.refresh_from_db()
    assert application.form_version == version
    overview = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Проблема и общественный интерес" in overview
    assert "Опыт коалиции" in overview and "Новый вопрос" not in overview
    # A new application answers the new version; staff see every answer either way.
    assert form_services.current_version(application.call, Form.Kind.APPLICATION) == fresh


def test_forty_questions_cost_the_queries_of_five(client, application):
    def autosave_queries():
        with CaptureQueriesContext(connection) as captured:
            client.post(url(application, "more"), {"q1": "x", "autosave": "1"})
        with CaptureQueriesContext(connection) as page:
            client.get(url(application, "more"))
        return len(captured), len(page)

    version = application.form_version
    section = add_section(version, key="more", title="Ещё", position=30)
    for number in range(1, 6):
        add_question(version, f"q{number}", Question.Type.LONG_TEXT, section)
    five = autosave_queries()
    for number in range(6, 41):
        add_question(version, f"q{number}", Question.Type.LONG_TEXT, section)
    assert autosave_queries() == five


def test_a_file_answer_is_checked_by_its_content(client, application, budget_section):
    answer = client.post(
        url(application, "budget"),
        {"cofunded": "no", "estimate": SimpleUploadedFile("смета.pdf", b"MZ\x90\x00 not a pdf")},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Файл «смета.pdf» не принят" in page
    application.refresh_from_db()
    assert "estimate" not in application.answers
