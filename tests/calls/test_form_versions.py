"""Conditions, what is wrong with answers (a draft and a submission), versions that freeze
when answers are submitted, drafts moved to a new version, copying another call's form."""

import pytest

from calls import form_services
from calls.form_render import AnswersForm
from calls.models import Form, FormVersion, Question
from core.errors import PortalError
from tests.applications.factories import CallFactory
from tests.calls.factories import CHOICES, add_question, version_with

pytestmark = pytest.mark.django_db
T = Question.Type


def travel_version():
    return version_with(
        ("kind", T.CHOICE, {"choices": CHOICES, "required": True}),
        ("kind_other", T.SHORT_TEXT, {"condition_key": "kind", "condition_value": "other"}),
        ("budget", T.AMOUNT, {"max_value": 870000, "required": True}),
        ("travels", T.YES_NO, {}),
        ("trips", T.INTEGER, {"condition_key": "travels", "condition_value": "yes"}),
    )


def keys(questions):
    return [q.key for q in questions if not q.is_fixed]


def test_a_condition_shows_a_question_only_for_the_given_answer():
    version = travel_version()
    assert keys(form_services.visible_questions(version, {})) == ["kind", "budget", "travels"]
    shown = form_services.visible_questions(version, {"kind": "other", "travels": True})
    assert keys(shown) == ["kind", "kind_other", "budget", "travels", "trips"]


def test_a_condition_on_several_choices_holds_when_the_value_is_among_them():
    version = version_with(
        ("sectors", T.CHOICES, {"choices": CHOICES}),
        ("detail", T.SHORT_TEXT, {"condition_key": "sectors", "condition_value": "other"}),
    )
    assert "detail" in keys(form_services.visible_questions(version, {"sectors": ["ngo", "other"]}))
    assert "detail" not in keys(form_services.visible_questions(version, {"sectors": ["ngo"]}))


def test_a_draft_is_checked_for_what_was_typed_only():
    version = travel_version()
    assert form_services.problems(version, {}, final=False) == []
    found = form_services.problems(version, {"budget": "900000"}, final=False)
    assert found == [("extra", "budget", "Не больше 870\u00a0000\u00a0сом.")]


def test_submission_needs_the_required_answers_and_ignores_hidden_ones():
    version = travel_version()
    found = form_services.problems(version, {"trips": "many"}, final=True)
    assert [(p.question, p.message) for p in found] == [
        ("kind", "Заполните поле «Kind»."),
        ("budget", "Заполните поле «Budget»."),
    ]  # «trips» is hidden (no travels): its wrong answer is not checked, and stays
    answers = {"kind": "ngo", "budget": "1000", "travels": True, "trips": "many"}
    found = form_services.problems(version, answers, final=True)
    assert [(p.question, p.message) for p in found] == [
        ("trips", "Укажите целое число, например 25.")
    ]
    assert answers["trips"] == "many"


def test_problems_and_rendering_cost_the_same_queries_for_40_questions_as_for_5(
    django_assert_num_queries,
):
    small = version_with(*[(f"q{n}", T.SHORT_TEXT, {"required": True}) for n in range(5)])
    large = version_with(
        *[(f"q{n}", [T.SHORT_TEXT, T.CHOICE, T.TABLE, T.AMOUNT][n % 4], {}) for n in range(40)]
    )
    Question.objects.filter(version=large, type=T.CHOICE).update(choices=CHOICES)
    Question.objects.filter(version=large, type=T.TABLE).update(columns=[{"key": "a"}])
    counts = []
    for version in (small, large):
        version = FormVersion.objects.get(pk=version.pk)
        with django_assert_num_queries(1) as captured:
            form_services.problems(version, {"q1": "x"}, final=True)
            form = AnswersForm(version=version, answers={"q1": "x"})
            html = "".join(
                str(item.field or "") for *_s, items in form.sections() for item in items
            )
        counts.append(len(captured.captured_queries))
        assert "q1" in html
    assert counts[0] == counts[1]


def test_editing_a_version_nobody_answered_changes_it():
    version = travel_version()
    assert form_services.edit_version(version.form) == version


def test_editing_after_submission_makes_a_new_version_and_answers_keep_their_texts():
    version = travel_version()
    form_services.freeze(version)
    first_freeze = version.frozen_at
    assert form_services.freeze(version).frozen_at == first_freeze  # once

    fresh = form_services.edit_version(version.form)
    assert (fresh.number, fresh.is_frozen) == (2, False)
    assert form_services.current_version(version.form.call, Form.Kind.APPLICATION) == fresh
    assert form_services.edit_version(version.form) == fresh  # not a third one
    Question.objects.filter(version=fresh, key="budget").update(label="Сумма, сом")
    Question.objects.filter(version=fresh, key="kind_other").delete()

    submitted = {"kind": "other", "kind_other": "Сеть", "budget": "1000"}
    old = [(row.key, row.label) for row in form_services.readable_answers(version, submitted)]
    assert old == [("kind", "Kind"), ("kind_other", "Kind other"), ("budget", "Budget")]
    new = form_services.readable_answers(FormVersion.objects.get(pk=fresh.pk), submitted)
    assert [(row.key, row.label, row.text) for row in new] == [
        ("kind", "Kind", "Другое"),
        ("budget", "Сумма, сом", "1\u00a0000\u00a0сом"),
        ("kind_other", "Kind other", "Сеть"),  # removed: still readable, with its text
    ]


def test_a_draft_moves_to_the_new_version_with_everything_typed():
    version = travel_version()
    form_services.freeze(version)
    fresh = form_services.edit_version(version.form)
    Question.objects.filter(version=fresh, key="kind").update(type=T.CHOICES)
    Question.objects.filter(version=fresh, key="trips").delete()
    fresh = FormVersion.objects.get(pk=fresh.pk)
    draft = {"kind": "ngo", "trips": "3", "budget": "12,5", "unknown": "x"}
    moved = form_services.move_draft(draft, version, fresh)
    assert moved == {"kind": ["ngo"], "trips": "3", "budget": "12,5", "unknown": "x"}
    assert draft["kind"] == "ngo"  # the submitted document is not touched


def test_a_draft_moves_only_within_its_form():
    version = travel_version()
    other = version_with()
    with pytest.raises(PortalError, match="той же формы"):
        form_services.move_draft({}, version, other)


def test_copying_last_years_form_into_this_years_call():
    version = travel_version()
    add_question(version, "note", T.LONG_TEXT, label="Заметка", label_ky="Эскертүү")
    this_year = CallFactory(with_forms=False)
    copied = form_services.copy_form(source=version.form, call=this_year)
    copy = form_services.current_version(this_year, Form.Kind.APPLICATION)
    assert copy.form == copied and copy.number == 1
    originals = {q.key: q for q in form_services.questions_of(version)}
    for question in form_services.questions_of(copy):
        original = originals[question.key]
        assert (question.label, question.label_ky, question.type, question.section.key) == (
            original.label,
            original.label_ky,
            original.type,
            original.section.key,
        )
    assert len(form_services.questions_of(copy)) == len(originals)
    assert form_services.check_structure(copy) == []


def test_copying_into_a_form_in_use_makes_its_next_version():
    version = travel_version()
    target = form_services.create_form(
        call=CallFactory(with_forms=False), kind=Form.Kind.APPLICATION
    )
    form_services.freeze(target.versions.get())
    form_services.copy_form(source=version.form, call=target.call)
    assert list(target.versions.values_list("number", flat=True)) == [2, 1]


def test_copying_a_form_onto_its_own_call_is_refused():
    version = travel_version()
    with pytest.raises(PortalError, match="другого конкурса"):
        form_services.copy_form(source=version.form, call=version.form.call)


def test_a_second_form_of_the_same_kind_is_refused():
    version = travel_version()
    with pytest.raises(PortalError, match="уже есть эта форма"):
        form_services.create_form(call=version.form.call, kind=Form.Kind.APPLICATION)
