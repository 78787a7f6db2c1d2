"""The types of question a form may ask, as one registry (``TYPES``).

Each type knows four things about its answers, so nothing else in the portal branches on
the type: the form field to type them on a phone (``field``), what a stored JSON value must
be (``check``: messages in the reader's language), the value of an Excel cell (``cell``, of
``xlsx_kind``) and the text people read on the PDF copy and the reviewer's page (``text``).

Answers are JSON: text as strings, whole numbers as ints, amounts in KGS as decimal strings
(never floats), dates as ``YYYY-MM-DD``, yes/no as booleans, several choices as a list of
values, a table as a list of ``{column: text}`` rows, a file as ``{"name", "size",
"content_type", "path"}``. A draft may hold what was typed even when it is wrong: ``check``
says what is wrong with it and nothing is thrown away.
"""

from .models import QuestionType
from .question_choices import Choice, Choices, File, Table, YesNo
from .question_types import (
    Amount,
    AnswerType,
    Date,
    Email,
    Link,
    LongText,
    Number,
    Phone,
    is_empty,
)

__all__ = ["TYPES", "AnswerType", "answer_type", "is_empty"]

TYPES: dict[str, AnswerType] = {
    QuestionType.SHORT_TEXT: AnswerType(),
    QuestionType.LONG_TEXT: LongText(),
    QuestionType.INTEGER: Number(),
    QuestionType.AMOUNT: Amount(),
    QuestionType.DATE: Date(),
    QuestionType.CHOICE: Choice(),
    QuestionType.CHOICES: Choices(),
    QuestionType.YES_NO: YesNo(),
    QuestionType.EMAIL: Email(),
    QuestionType.PHONE: Phone(),
    QuestionType.URL: Link(),
    QuestionType.FILE: File(),
    QuestionType.TABLE: Table(),
}


def answer_type(question) -> AnswerType:
    """The type of a question the form itself asks (a fixed block has none: ``KeyError``)."""
    return TYPES[question.type]
