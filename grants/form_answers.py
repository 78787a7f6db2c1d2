"""The call's form behind a support request or a report: which version it answers, a
section's answers merged into its document, and the answers as a person reads them.

A request or report gets the call's current version when it is created; a draft follows
the form to its newest version (``calls.form_services.move_draft``: nothing typed is lost);
once submitted it keeps the version it was sent with (frozen by the submission), so its
answers keep the question texts they answered. The blocks the rules rely on (the title,
activities, results, budget lines, results per indicator, files) keep their own tables.
"""

from dataclasses import dataclass
from decimal import Decimal

from calls import form_services
from calls.models import Form, FormVersion, Question
from calls.questions import answer_type
from core.errors import PortalError
from core.xlsx import Column, Kind


def version_of(obj, kind: str, call, *, is_draft: bool) -> FormVersion:
    """The version ``obj`` (a request or a report) answers, stored on it. A draft on an
    older version (or on none) moves to the current one with its answers as typed."""
    current = obj.form_version
    if current is None or is_draft:
        newest = form_services.ensure_version(call, kind)
        if current is None:
            obj.form_version = newest
            obj.save(update_fields=["form_version"])
        elif newest.pk != current.pk:
            obj.answers = form_services.move_draft(obj.answers or {}, current, newest)
            obj.form_version = newest
            obj.save(update_fields=["form_version", "answers"])
    return obj.form_version


def section_questions(version: FormVersion, section: str) -> list[Question]:
    for form_section, questions in form_services.sections_of(version):
        if form_section.key == section:
            return questions
    return []


def section_of(version: FormVersion, key: str) -> str:
    """The key of the section asking ``key`` (a question or a fixed block), or ''."""
    for form_section, questions in form_services.sections_of(version):
        if any(question.key == key for question in questions):
            return form_section.key
    return ""


def merge_section(version: FormVersion, answers: dict, section: str | None, new: dict) -> dict:
    """``answers`` with the section's own questions (every section's when ``section`` is
    None) replaced by ``new``; other keys, answers to hidden or removed questions included,
    stay as they are. Refused (``PortalError``) when a typed answer breaks its type or
    limits: a draft may be incomplete, never malformed."""
    questions = (
        form_services.questions_of(version)
        if section is None
        else section_questions(version, section)
    )
    keys = {question.key for question in questions if not question.is_fixed}
    merged = dict(answers or {})
    merged.update({key: value for key, value in new.items() if key in keys})
    for problem in form_services.problems(version, merged, final=False):
        if problem.question in keys:
            raise PortalError(problem.message)
    return merged


@dataclass
class Shown:
    """One question of a version as staff and applicants read it: the fixed block's key
    (its part is rendered by the page) or the answer's text."""

    question: Question
    text: str = ""

    @property
    def is_fixed(self) -> bool:
        return self.question.is_fixed

    @property
    def label(self) -> str:
        return self.question.tr("label")


def shown_answers(version: FormVersion, answers: dict):
    """``(sections, removed)``: every section of the version with all its questions
    (answered or not) in order, and the answers to questions the version no longer asks
    (``calls.form_services.ReadableAnswer``), labelled as last asked."""
    readable = form_services.readable_answers(version, answers or {})
    by_key = {row.key: row for row in readable}
    sections, asked = [], set()
    for section, questions in form_services.sections_of(version):
        items = []
        for question in questions:
            asked.add(question.key)
            row = by_key.get(question.key)
            items.append(Shown(question, row.text if row else ""))
        sections.append((section.tr("title"), items))
    return sections, [row for row in readable if row.key not in asked]


def answers_context(obj, kind: str, call) -> dict:
    """``shown`` and ``removed`` (see ``shown_answers``) for the version ``obj`` answers,
    read without moving a draft (staff reading a request change nothing)."""
    version = obj.form_version or form_services.ensure_version(call, kind)
    shown, removed = shown_answers(version, obj.answers or {})
    return {"shown": shown, "removed": removed}


# --- Excel: one column per question of the exported rows' calls ------------------------


@dataclass
class AnswerColumn:
    key: str
    header: str
    question: Question  # of a current version, for the cell's type

    @property
    def kind(self):
        return answer_type(self.question).xlsx_kind


class AnswerSheet:
    """The answer columns of an export: the questions (not the fixed blocks) of the current
    forms of the rows' calls, in form order, one column per key (the first call's wording
    heads it); and each row's cells, a real number, date or text per the answer's type —
    the type of the question in the row's own version, when it asks it. Each version is
    read once (two queries), however many rows answer it."""

    def __init__(self, call_ids, kind: str):
        self.columns: dict[str, AnswerColumn] = {}
        self._asked: dict[int, dict[str, Question]] = {}
        forms = Form.objects.filter(call_id__in=set(call_ids), kind=kind).order_by("call_id")
        for form in forms:
            version = form_services.latest_version(form)
            if version is None:
                continue
            for key, question in self._questions(version).items():
                self.columns.setdefault(key, AnswerColumn(key, question.tr("label"), question))

    def _questions(self, version: FormVersion) -> dict[str, Question]:
        if version.pk not in self._asked:
            self._asked[version.pk] = {
                q.key: q for q in form_services.questions_of(version) if not q.is_fixed
            }
        return self._asked[version.pk]

    def cells(self, version_id: int | None, answers: dict) -> list:
        own = {}
        if version_id is not None:
            if version_id not in self._asked:
                self._questions(FormVersion.objects.get(pk=version_id))
            own = self._asked[version_id]
        cells = []
        for column in self.columns.values():
            value = (answers or {}).get(column.key)
            question = own.get(column.key, column.question)
            try:
                cell = answer_type(question).cell(question, value)
            except (TypeError, ValueError, ArithmeticError):
                cell = str(value)
            if column.kind in NUMBERS and not isinstance(cell, Decimal | int | float | None):
                cell = None  # a number column holds numbers only (Excel sums it)
            cells.append(cell)
        return cells


NUMBERS = (Kind.MONEY, Kind.DECIMAL, Kind.INTEGER)


class AnswerColumnsMixin:
    """A ``WorkbookResource`` whose sheet has, after the field ``answers_after``, one
    column per question of the exported rows' calls (``AnswerSheet``). The rows need
    ``call_id``, ``form_version_id`` and ``answers`` (``answers_of`` for another path)."""

    form_kind: str = ""
    answers_after: str = ""
    call_path = "call_id"

    def answers_of(self, instance) -> tuple[int | None, dict]:
        return instance.form_version_id, instance.answers

    def write(self, writer, queryset):
        calls = queryset.order_by().values_list(self.call_path, flat=True).distinct()
        self.answer_sheet = AnswerSheet(list(calls), self.form_kind)
        super().write(writer, queryset)

    def _split(self) -> int:
        names = [self.get_field_name(field) for field in self.get_export_fields()]
        return names.index(self.answers_after) + 1 if self.answers_after in names else len(names)

    def columns(self):
        columns = super().columns()
        at = self._split()
        extra = [Column(c.header, c.kind) for c in self.answer_sheet.columns.values()]
        return [*columns[:at], *extra, *columns[at:]]

    def rows(self, queryset):
        at = self._split()
        exporters = [self._exporter(field) for field in self.get_export_fields()]
        for instance in self.prepare(queryset).iterator(chunk_size=self.chunk_size):
            cells = [export(instance) for export in exporters]
            extra = self.answer_sheet.cells(*self.answers_of(instance))
            yield [*cells[:at], *extra, *cells[at:]]
