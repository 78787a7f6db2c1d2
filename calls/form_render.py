"""A form version as a Django form, for the applicant's pages and the staff preview.

Fields come from the type registry; the rule-bearing blocks are not fields here (the
portal's own pages render them), they come back as placeholders in their place. Building
and rendering it costs the two queries of ``sections_of`` for any number of questions.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from core.translated import translated

from .form_fixed import fixed_block
from .form_services import sections_of
from .questions import answer_type


@dataclass
class Item:
    question: object
    field: forms.BoundField | None = None  # None for a rule-bearing block
    condition: str = ""  # «shown when …», for the preview
    hidden: bool = False  # its condition does not hold on the saved answers
    stored_file: dict | None = None  # the saved file answering a file question
    file_url: str = ""

    @property
    def is_fixed(self) -> bool:
        return self.field is None

    @property
    def label(self) -> str:
        return self.question.tr("label")

    @property
    def help(self) -> str:
        return self.question.tr("help")

    @property
    def rule(self) -> str:
        block = fixed_block(self.question.version.form.kind, self.question.fixed)
        return str(block.rule) if block else ""


def _is_upload(value) -> bool:
    """A file posted now (not the stored answer a file field hands back as its initial)."""
    return hasattr(value, "read")


class AnswersForm(forms.Form):
    """The questions of ``version`` (of one section when ``section`` is its key).

    ``draft=True`` makes every field optional (a draft saves whatever was typed; required
    answers are asked on submission); ``draft=False`` marks the required ones."""

    def __init__(self, *args, version, answers=None, language=None, section=None, draft=True):
        answers = answers or {}
        self.initial_answers = answers
        self.version = version
        self.language = language
        self.parts = [
            (sec, questions)
            for sec, questions in sections_of(version)
            if section is None or sec.key == section
        ]
        initial = {}
        for _section, questions in self.parts:
            for question in questions:
                if not question.is_fixed and question.key in answers:
                    value = answers[question.key]
                    initial[question.key] = answer_type(question).initial(question, value)
        super().__init__(*args, initial=initial, use_required_attribute=False)
        for _section, questions in self.parts:
            for question in questions:
                if question.is_fixed:
                    continue
                required = False if draft else None
                kind = answer_type(question)
                self.fields[question.key] = kind.field(question, language, required=required)

    def answers(self) -> dict:
        """The cleaned answers as the JSON document stores them. A file question left
        without a new upload keeps its stored file (it is not in the document); a file the
        applicant cleared becomes ``None``."""
        document = {}
        for _section, questions in self.parts:
            for question in questions:
                if question.key not in self.cleaned_data:
                    continue
                cleaned = self.cleaned_data[question.key]
                if question.type == question.Type.FILE and not _is_upload(cleaned):
                    if cleaned is False:  # the applicant cleared the file
                        document[question.key] = None
                    continue
                document[question.key] = answer_type(question).to_json(question, cleaned)
        return document

    def uploads(self) -> dict:
        """The files posted to file questions, by question key (to be stored)."""
        return {
            question.key: self.cleaned_data[question.key]
            for _section, questions in self.parts
            for question in questions
            if question.type == question.Type.FILE
            and _is_upload(self.cleaned_data.get(question.key))
        }

    def sections(self):
        """``(section, title, intro, items)`` in order, texts in the form's language."""
        labels = {}
        for section, questions in self.parts:
            items = []
            for question in questions:
                labels[question.key] = translated(question, "label", self.language)
                items.append(
                    Item(
                        question,
                        None if question.is_fixed else self[question.key],
                        self._condition(question, labels),
                    )
                )
            yield (
                section,
                translated(section, "title", self.language),
                translated(section, "intro", self.language),
                items,
            )

    def _condition(self, question, labels) -> str:
        if not question.condition_key:
            return ""
        return _("Показывается, если на вопрос «%(label)s» ответили «%(value)s».") % {
            "label": labels.get(question.condition_key, question.condition_key),
            "value": question.condition_value,
        }
