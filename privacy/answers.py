"""The answers of the call forms (workshop applications, support requests, campaign
reports) in a person's data download and erasure.

The answers are the coalition's document, written by several members; the person's own
data in them are the answers of the personal types (e-mail, phone, table — the team, the
contacts). Like the proposed attendees, an answer is the person's when it holds one of the
addresses shown to be theirs: never by a phone or a name alone, as a phone may be an
office's and a name a namesake's. Where an address matches, the person's phone in the same
document goes with it (as a coalition's contact phone does).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from calls.form_columns import PERSONAL_TYPES
from calls.form_services import readable_answers
from calls.models import Question, QuestionType
from calls.questions import answer_type

from .export_sections import when
from .scrub import Needles


def _documents(*, history: bool = False):
    """``(kind, queryset)`` of every model that holds answers (report versions with
    ``history``), each read with what names its call and coalition."""
    from applications.models import Application
    from grants.models import Report, TechnicalSupportApplication

    report_related = ["form_version", "award__application__call", "award__application__coalition"]
    documents = [
        ("workshop", Application.objects.select_related("form_version", "call", "coalition")),
        (
            "support",
            TechnicalSupportApplication.objects.select_related("form_version", "call", "coalition"),
        ),
        ("report", Report.objects.select_related(*report_related)),
    ]
    if history:
        documents.append(("report", Report.history.select_related("form_version")))
    return documents


def _call_and_coalition(kind: str, document) -> tuple[str, str]:
    owner = document.award.application if kind == "report" else document
    return owner.call.title, owner.coalition.name


def _mentioning(queryset, emails: set[str]):
    """The documents whose answers hold one of the addresses somewhere (one query; the
    answers of each are then read question by question)."""
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(answers_text__icontains=email)
    return queryset.annotate(answers_text=Cast("answers", TextField())).filter(q)


class PersonalQuestions:
    """The personal-type questions of each form by key (the latest version asking each
    wins, so a removed question's answers are still found), one query per form."""

    def __init__(self):
        self._forms: dict[int, dict[str, Question]] = {}

    def of(self, version) -> dict[str, Question]:
        if version is None:
            return {}
        if version.form_id not in self._forms:
            questions = Question.objects.filter(
                version__form_id=version.form_id, type__in=PERSONAL_TYPES
            ).order_by("version__number")
            self._forms[version.form_id] = {question.key: question for question in questions}
        return self._forms[version.form_id]


@dataclass
class PersonMatch:
    """Which parts of an answer are the person's: their addresses, and their phone in a
    document where an address matched."""

    emails: set[str]
    phone: str

    def has_email(self, text) -> bool:
        """The answer or cell is one of the addresses (as e-mails match elsewhere:
        ignoring case, never a part of a longer address)."""
        return str(text or "").strip().lower() in self.emails

    def is_phone(self, text) -> bool:
        return bool(_digits(self.phone)) and _digits(text) == _digits(self.phone)

    def rows(self, value) -> list[dict]:
        """The rows of a table answer that hold one of the person's addresses."""
        if not isinstance(value, list):
            return []
        return [
            row
            for row in value
            if isinstance(row, dict) and any(self.has_email(cell) for cell in row.values())
        ]

    def parts(self, answers: dict, questions: dict[str, Question]) -> dict[str, object]:
        """``{key: the person's part of the answer}`` (an address, their phone, their rows
        of a table), empty unless one of their addresses is in a personal-type answer."""
        found = {}
        for key, question in questions.items():
            value = answers.get(key)
            if question.type == QuestionType.EMAIL and self.has_email(value):
                found[key] = value
            elif question.type == QuestionType.TABLE and self.rows(value):
                found[key] = self.rows(value)
        if found:
            for key, question in questions.items():
                if question.type == QuestionType.PHONE and self.is_phone(answers.get(key)):
                    found[key] = answers[key]
        return found


def _digits(text) -> str:
    return "".join(ch for ch in str(text or "") if ch.isdigit())


def named_in_answers_section(person, emails: set[str]) -> list[dict]:
    """The personal-type answers of any coalition's forms that are the person's: an
    address, their phone beside it, their rows of a team table."""
    match = PersonMatch(emails, person.phone or "")
    questions = PersonalQuestions()
    rows = []
    for kind, queryset in _documents():
        for document in _mentioning(queryset, emails).order_by("pk"):
            found = match.parts(document.answers or {}, questions.of(document.form_version))
            call, coalition = _call_and_coalition(kind, document)
            for key, part in found.items():
                question = questions.of(document.form_version)[key]
                rows.append(
                    {
                        "kind": kind,
                        "id": document.pk,
                        "call": call,
                        "coalition": coalition,
                        "question": question.tr("label"),
                        "answer": answer_type(question).text(question, part),
                    }
                )
    return rows


def readable(document) -> list[dict]:
    """The answers of a document the person started or submitted, with the question each
    answered; the personal-type ones (other people's contacts) are left out, the person's
    own come in ``named_in_answers``."""
    if document.form_version_id is None:
        return []
    return [
        {"question": row.label, "answer": row.text}
        for row in readable_answers(document.form_version, document.answers or {})
        if row.question is not None and row.question.type not in PERSONAL_TYPES
    ]


def reports_submitted_section(person) -> list[dict]:
    from grants.models import Report

    rows = Report.objects.filter(submitted_by=person).select_related(
        "form_version", "award__application__call", "award__application__coalition"
    )
    return [
        {
            "id": report.pk,
            "kind": report.kind,
            "call": report.award.application.call.title,
            "coalition": report.award.application.coalition.name,
            "due_on": report.due_on.isoformat(),
            "status": report.status,
            "submitted_at": when(report.submitted_at),
            "answers": readable(report),
        }
        for report in rows.order_by("due_on", "pk")
    ]


def documents_naming(person, emails: set[str]) -> int:
    """How many applications, requests and reports hold the person's answers (for the
    confirmation page; nothing changes)."""
    match = PersonMatch(emails, person.phone or "")
    questions = PersonalQuestions()
    return sum(
        1
        for _kind, queryset in _documents()
        for document in _mentioning(queryset, emails).order_by()
        if match.parts(document.answers or {}, questions.of(document.form_version))
    )


# --- Erasure ------------------------------------------------------------------------------


def _scrubbed_row(row: dict, match: PersonMatch, needles: Needles) -> dict:
    """A team row of the person: their address and phone cleared, their name replaced."""
    return {
        column: ("" if match.has_email(cell) or match.is_phone(cell) else needles.replace(cell))
        if isinstance(cell, str)
        else cell
        for column, cell in row.items()
    }


def _scrubbed(answers: dict, found: dict, match: PersonMatch, needles: Needles) -> dict:
    scrubbed = dict(answers)
    for key, part in found.items():
        if isinstance(part, list):  # the person's rows of a table
            scrubbed[key] = [
                _scrubbed_row(row, match, needles) if row in part else row for row in answers[key]
            ]
        else:  # their address or phone
            scrubbed[key] = ""
    return scrubbed


def _matching_documents(emails: set[str]) -> Iterator[tuple[object, object]]:
    for _kind, queryset in _documents(history=True):
        for document in _mentioning(queryset, emails).order_by():
            yield queryset.model._base_manager, document


def scrub_answers(person, emails: set[str], needles: Needles) -> dict[str, int]:
    """Clear the person's personal-type answers in every form document and report version
    (files stay, as the applications' attachments do: the programme keeps the documents)."""
    match = PersonMatch(emails, person.phone or "")
    questions = PersonalQuestions()
    changed = 0
    for rows, document in _matching_documents(emails):
        found = match.parts(document.answers or {}, questions.of(document.form_version))
        if found:
            answers = _scrubbed(document.answers, found, match, needles)
            rows.filter(pk=document.pk).update(answers=answers)  # a version: its history_id
            changed += 1
    return {"form_answers": changed}
