"""Programme staff build a call's forms in the admin: the list, a version's page with its
sections and questions, the rule-bearing blocks that cannot be deleted, a version in use
that opens read-only with «change — a new version», the copy page and the preview."""

import pytest
from django.urls import reverse

from accounts import roles
from calls import form_services
from calls.form_seeds import build_2022_forms
from calls.models import Form, FormVersion, Question
from tests.applications.factories import CallFactory, member_of
from tests.coalitions.factories import CoalitionFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ADMIN_2FA_REQUIRED = False


@pytest.fixture
def staff(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return client


@pytest.fixture
def call_2022():
    call = CallFactory(title="Конкурс 2022")
    build_2022_forms(call)
    return call


def application_version(call) -> FormVersion:
    return form_services.current_version(call, Form.Kind.APPLICATION)


def change_url(version):
    return reverse("admin:calls_formversion_change", args=[version.pk])


def page_data(response) -> dict:
    """What the browser would post back unchanged: the main form and every inline."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[bound.html_name] = bound.field.prepare_value(value) if value != "on" else value
    return data


def test_the_list_of_forms_per_call(staff, call_2022):
    page = staff.get(reverse("admin:calls_form_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Конкурс 2022") >= 3
    assert "Скопировать форму другого конкурса" in html


def test_adding_a_form_brings_the_blocks_the_rules_need(staff):
    call = CallFactory(with_forms=False)
    answer = staff.post(
        reverse("admin:calls_form_add"), {"call": call.pk, "kind": Form.Kind.REPORT}
    )
    assert answer.status_code == 302
    version = form_services.current_version(call, Form.Kind.REPORT)
    fixed = [q.key for q in form_services.questions_of(version)]
    assert fixed == ["indicator_results", "attachments"]


def test_a_version_page_shows_sections_and_questions_and_saves_changes(staff, call_2022):
    version = application_version(call_2022)
    page = staff.get(change_url(version))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Идея кампании" in html and "Название идеи кампании" in html
    assert "Просмотр как у заявителя" in html
    data = page_data(page)
    prefix = next(
        name[: -len("-key")]
        for name, value in data.items()
        if name.endswith("-key") and value == "problem"
    )
    data[f"{prefix}-label_en"] = "The problem, in a few words"
    answer = staff.post(change_url(version), data)
    assert answer.status_code == 302, answer.context["errors"] if answer.context else answer
    assert Question.objects.get(version=version, key="problem").label_en == (
        "The problem, in a few words"
    )


def test_a_fixed_question_cannot_be_deleted(staff, call_2022):
    version = application_version(call_2022)
    page = staff.get(change_url(version))
    consent = Question.objects.get(version=version, fixed="consent")
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Question
    )
    form = next(form for form in formset.forms if form.instance.pk == consent.pk)
    assert form.fields["DELETE"].disabled
    data = {**page_data(page), f"{form.prefix}-DELETE": "on"}
    answer = staff.post(change_url(version), data)
    assert answer.status_code == 200
    assert "стандартный блок портала: его можно переименовать и переставить, но не удалить" in (
        answer.content.decode()
    )
    assert Question.objects.filter(pk=consent.pk).exists()


def test_a_condition_on_a_later_question_is_refused(staff, call_2022):
    version = application_version(call_2022)
    page = staff.get(change_url(version))
    data = page_data(page)
    prefix = next(name[: -len("-key")] for name, value in data.items() if value == "problem")
    data[f"{prefix}-condition_key"] = "experience"
    data[f"{prefix}-condition_value"] = "x"
    answer = staff.post(change_url(version), data)
    assert answer.status_code == 200
    assert "условие должно ссылаться на один из предыдущих вопросов" in answer.content.decode()


def test_a_version_in_use_opens_read_only_and_changes_go_to_a_new_version(staff, call_2022):
    version = application_version(call_2022)
    form_services.freeze(version)
    page = staff.get(change_url(version))
    html = page.content.decode()
    assert "Изменить — будет создана новая версия" in html
    assert 'name="_save"' not in html
    assert staff.post(change_url(version), page_data(page)).status_code == 403
    edit = reverse("admin:calls_formversion_edit", args=[version.pk])
    assert staff.get(edit).status_code == 405
    answer = staff.post(edit)
    fresh = application_version(call_2022)
    assert fresh.number == 2 and not fresh.is_frozen
    assert answer.status_code == 302 and answer["Location"] == change_url(fresh)
    assert 'name="_save"' in staff.get(change_url(fresh)).content.decode()


def test_copying_the_form_of_another_call(staff, call_2022):
    this_year = CallFactory(title="Конкурс 2023")
    source = Form.objects.get(call=call_2022, kind=Form.Kind.SUPPORT_REQUEST)
    page = staff.get(reverse("admin:calls_form_copy"))
    assert page.status_code == 200
    answer = staff.post(
        reverse("admin:calls_form_copy"), {"source": source.pk, "call": this_year.pk}
    )
    copy = form_services.current_version(this_year, Form.Kind.SUPPORT_REQUEST)
    assert answer.status_code == 302 and answer["Location"] == change_url(copy)
    assert len(form_services.questions_of(copy)) == len(
        form_services.questions_of(form_services.latest_version(source))
    )
    again = staff.post(
        reverse("admin:calls_form_copy"), {"source": source.pk, "call": call_2022.pk}
    )
    assert "Выберите форму другого конкурса." in again.content.decode()


def test_the_preview_in_kyrgyz_at_phone_width(staff, call_2022):
    version = application_version(call_2022)
    page = staff.get(reverse("admin:calls_formversion_preview", args=[version.pk]) + "?lang=ky")
    html = page.content.decode()
    frame = reverse("admin:calls_formversion_preview_frame", args=[version.pk]) + "?lang=ky"
    assert page.status_code == 200
    assert f'src="{frame}"' in html and "width:360px" in html
    inner = staff.get(frame)
    text = inner.content.decode()
    assert inner.status_code == 200
    assert inner["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inner["Content-Security-Policy"]
    assert '<html lang="ky">' in text
    with_ky = Question.objects.get(version=version, key="problem")
    assert with_ky.label_ky and with_ky.label_ky in text
    assert 'name="problem"' in text
    assert text.count("data-fixed=") == 9
    assert "порталдын стандарттык блогу менен толтурулат" in text


def test_the_preview_in_russian_by_default(staff, call_2022):
    version = application_version(call_2022)
    frame = reverse("admin:calls_formversion_preview_frame", args=[version.pk]) + "?lang=xx"
    text = staff.get(frame).content.decode()
    assert "заполняется стандартным блоком портала: приоритеты конкурса" in text
    assert "Название идеи кампании" in text


@pytest.mark.parametrize("who", ["member", "reviewer", "finance"])
def test_members_reviewers_and_finance_cannot_build_or_preview(client, call_2022, who):
    version = application_version(call_2022)
    if who == "member":
        client.force_login(member_of(CoalitionFactory()))
    else:
        role = roles.REVIEWER if who == "reviewer" else roles.FINANCE
        client.force_login(user_with_role(role))
    urls = [
        reverse("admin:calls_form_changelist"),
        reverse("admin:calls_form_copy"),
        change_url(version),
        reverse("admin:calls_formversion_preview", args=[version.pk]),
        reverse("admin:calls_formversion_preview_frame", args=[version.pk]),
    ]
    for url in urls:
        answer = client.get(url)
        if who == "member":
            assert answer.status_code == 302 and "login" in answer["Location"], url
        elif who == "finance" and url in urls[:1] + urls[2:3]:
            assert answer.status_code == 200, url  # finance reads the call's settings
        else:
            assert answer.status_code == 403, url
    assert client.post(reverse("admin:calls_formversion_edit", args=[version.pk])).status_code in (
        302,
        403,
    )
    assert FormVersion.objects.filter(form=version.form).count() == 1
