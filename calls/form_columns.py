"""The answers of many documents as spreadsheet columns: one column per question of the
forms they answered, with real numbers, amounts, dates and yes/no (the answer types'
``cell``), read with one query however many versions and questions there are."""

from dataclasses import dataclass

from core.xlsx import Column

from .models import Question, QuestionType
from .questions import answer_type

# Answers that name or reach a person: left out of exports for those who may not see
# personal data (as the attendees' contacts are).
PERSONAL_TYPES = {QuestionType.EMAIL, QuestionType.PHONE, QuestionType.TABLE}


@dataclass(frozen=True)
class AnswerColumn:
    question: Question  # as the latest version asking it words it

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def personal(self) -> bool:
        return self.question.type in PERSONAL_TYPES

    def column(self) -> Column:
        kind = answer_type(self.question)
        return Column(self.question.tr("label"), kind.xlsx_kind, getattr(kind, "width", None))

    def cell(self, answers: dict):
        value = answers.get(self.key) if isinstance(answers, dict) else None
        if value is None:
            return None
        return answer_type(self.question).cell(self.question, value)


def answer_columns(version_ids, *, personal_data: bool = True) -> list[AnswerColumn]:
    """A column per question key across these versions, in the order of the latest
    version of each form (questions only earlier versions asked follow theirs)."""
    questions = (
        Question.objects.filter(version_id__in=set(version_ids) - {None})
        .exclude(type=QuestionType.FIXED)
        .select_related("version", "section")
        .order_by("version__form_id", "-version__number", "section__position", "position", "pk")
    )
    columns: dict[str, AnswerColumn] = {}
    for question in questions:
        if question.key not in columns:
            columns[question.key] = AnswerColumn(question)
    return [c for c in columns.values() if personal_data or not c.personal]
