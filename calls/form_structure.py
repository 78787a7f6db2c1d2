"""What makes a form version well built, checked before staff's changes are kept.

Every rule-bearing block of the kind is there exactly once; keys are slugs and unique; a
condition points to an earlier question with choices (or yes/no) and to one of its values;
choices and table columns are there for the types that need them; limits are in order.
Works on unsaved objects too, so the admin can check a whole page of changes at once.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from .form_fixed import fixed_block, fixed_blocks
from .models import QuestionType

CONDITION_SOURCES = (QuestionType.CHOICE, QuestionType.CHOICES, QuestionType.YES_NO)


def in_form_order(questions) -> list:
    """Questions in the order the applicant meets them: by section, then position."""
    indexed = list(enumerate(questions))
    indexed.sort(key=lambda pair: (pair[1].section.position, pair[1].position, pair[0]))
    return [question for _index, question in indexed]


def _is_slug(key: str) -> bool:
    try:
        validate_slug(key)
    except ValidationError:
        return False
    return True


def _fixed_problems(kind: str, questions) -> list[str]:
    problems = []
    for question in questions:
        if question.fixed and fixed_block(kind, question.fixed) is None:
            problems.append(
                _("«%(key)s» — не стандартный блок этой формы.") % {"key": question.fixed}
            )
        if bool(question.fixed) != (question.type == QuestionType.FIXED):
            problems.append(
                _("«%(label)s»: тип «стандартный блок портала» только у стандартных блоков.")
                % {"label": question.label}
            )
    for block in fixed_blocks(kind):
        count = sum(1 for question in questions if question.fixed == block.key)
        if count != 1:
            problems.append(
                _(
                    "Стандартный блок «%(label)s» должен быть в форме ровно один раз "
                    "(сейчас: %(count)s): на него опираются правила портала."
                )
                % {"label": block.label, "count": count}
            )
    return problems


def _key_problems(sections, questions) -> list[str]:
    problems = []
    for things in (sections, questions):
        seen = set()
        for thing in things:
            if not _is_slug(thing.key):
                problems.append(
                    _("Код «%(key)s»: только латинские буквы, цифры, «-» и «_».")
                    % {"key": thing.key}
                )
            if thing.key in seen:
                problems.append(_("Код «%(key)s» повторяется.") % {"key": thing.key})
            seen.add(thing.key)
    return problems


def _condition_problem(question, earlier: dict) -> str:
    source = earlier.get(question.condition_key)
    if source is None:
        return _("«%(label)s»: условие должно ссылаться на один из предыдущих вопросов.") % {
            "label": question.label
        }
    if source.type not in CONDITION_SOURCES:
        return _(
            "«%(label)s»: условие — только по вопросу с вариантами ответа или «да или нет»."
        ) % {"label": question.label}
    if source.type == QuestionType.YES_NO:
        values = {"yes", "no"}
    else:
        values = {str(choice.get("value", "")) for choice in source.choices or []}
    if question.condition_value not in values:
        return _("«%(label)s»: в условии укажите одно из значений: %(values)s.") % {
            "label": question.label,
            "values": ", ".join(sorted(values)),
        }
    return ""


def _entries_problem(entries, name: str) -> bool:
    """A list of dicts, each with a non-empty, unique ``name``."""
    if not isinstance(entries, list) or not entries:
        return True
    keys = [str(entry.get(name, "")).strip() for entry in entries if isinstance(entry, dict)]
    return len(keys) != len(entries) or not all(keys) or len(set(keys)) != len(keys)


def _type_problems(question) -> list[str]:
    label = question.label
    problems = []
    if question.type in (QuestionType.CHOICE, QuestionType.CHOICES) and _entries_problem(
        question.choices, "value"
    ):
        problems.append(
            _("«%(label)s»: нужны варианты ответа, у каждого своё значение.") % {"label": label}
        )
    if question.type == QuestionType.TABLE and _entries_problem(question.columns, "key"):
        problems.append(_("«%(label)s»: нужны столбцы, у каждого свой код.") % {"label": label})
    low, high = question.min_value, question.max_value
    if low is not None and high is not None and low > high:
        problems.append(
            _("«%(label)s»: нижняя граница больше верхней.") % {"label": label},
        )
    return problems


def structure_problems(kind: str, sections, questions) -> list[str]:
    """Everything wrong with a form made of these sections and questions (in any order)."""
    questions = in_form_order(questions)
    problems = _key_problems(sections, questions) + _fixed_problems(kind, questions)
    earlier: dict = {}
    for question in questions:
        problems += _type_problems(question)
        if question.condition_key:
            problem = _condition_problem(question, earlier)
            if problem:
                problems.append(problem)
        earlier[question.key] = question
    return problems
