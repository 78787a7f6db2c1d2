"""A well-built form: the rule-bearing blocks are there once each, keys are slugs,
conditions point back to an earlier question's value, choices and columns exist."""

import pytest

from calls import form_services
from calls.form_fixed import fixed_blocks
from calls.models import Form, Question
from tests.calls.factories import CHOICES, COLUMNS, add_question, version_with

pytestmark = pytest.mark.django_db
T = Question.Type


@pytest.mark.parametrize("kind", Form.Kind.values)
def test_a_new_form_has_every_fixed_block_of_its_kind(kind):
    version = version_with(kind=kind)
    fixed = [q.fixed for q in form_services.questions_of(version) if q.is_fixed]
    assert fixed == [block.key for block in fixed_blocks(kind)]
    assert form_services.check_structure(version) == []


def test_fixed_keys_per_kind():
    assert [b.key for b in fixed_blocks(Form.Kind.APPLICATION)] == [
        "idea_title",
        "partner",
        "priorities",
        "regions",
        "joint_organisations",
        "key_topics",
        "attendees",
        "attachments",
        "consent",
    ]
    assert [b.key for b in fixed_blocks(Form.Kind.SUPPORT_REQUEST)] == [
        "title",
        "partner",
        "activities",
        "results",
        "budget_lines",
    ]
    assert [b.key for b in fixed_blocks(Form.Kind.REPORT)] == ["indicator_results", "attachments"]


def test_a_missing_fixed_block_is_named():
    version = version_with()
    Question.objects.filter(version=version, fixed="consent").delete()
    problems = form_services.check_structure(type(version).objects.get(pk=version.pk))
    assert problems == [
        "Стандартный блок «согласие на обработку персональных данных» должен быть в форме "
        "ровно один раз (сейчас: 0): на него опираются правила портала."
    ]


def test_keys_are_slugs():
    version = version_with(("бюджет", T.SHORT_TEXT, {}))
    assert form_services.check_structure(version) == [
        "Код «бюджет»: только латинские буквы, цифры, «-» и «_»."
    ]


def test_a_condition_must_point_back_to_a_question_with_that_value():
    version = version_with(
        ("later", T.SHORT_TEXT, {"condition_key": "kind", "condition_value": "ngo"}),
        ("kind", T.CHOICE, {"choices": CHOICES}),
        ("wrong", T.SHORT_TEXT, {"condition_key": "kind", "condition_value": "state"}),
        ("text", T.SHORT_TEXT, {}),
        ("on_text", T.SHORT_TEXT, {"condition_key": "text", "condition_value": "x"}),
        ("yes", T.YES_NO, {}),
        ("on_yes", T.SHORT_TEXT, {"condition_key": "yes", "condition_value": "yes"}),
    )
    assert form_services.check_structure(version) == [
        "«Later»: условие должно ссылаться на один из предыдущих вопросов.",
        "«Wrong»: в условии укажите одно из значений: business, ngo, other.",
        "«On text»: условие — только по вопросу с вариантами ответа или «да или нет».",
    ]


def test_choices_columns_and_limits():
    version = version_with(
        ("kind", T.CHOICE, {}),
        ("team", T.TABLE, {"columns": [COLUMNS[0], COLUMNS[0]]}),
        ("count", T.INTEGER, {"min_value": 10, "max_value": 1}),
    )
    assert form_services.check_structure(version) == [
        "«Kind»: нужны варианты ответа, у каждого своё значение.",
        "«Team»: нужны столбцы, у каждого свой код.",
        "«Count»: нижняя граница больше верхней.",
    ]


def test_a_fixed_block_cannot_be_added_twice():
    version = version_with()
    add_question(version, "consent_again", T.FIXED, fixed="consent")
    problems = form_services.check_structure(version)
    assert any("(сейчас: 2)" in problem for problem in problems)
