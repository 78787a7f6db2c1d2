"""An application's answers as people read them: each section of its form version in
order, the portal's blocks in their place and every question with the text it answered;
answers to questions a later version no longer asks follow, so nothing typed is lost."""

from dataclasses import dataclass

from calls.answer_files import stored_file
from calls.form_services import readable_answers, visible_questions

from .sections import Step, steps_of


@dataclass(frozen=True)
class Entry:
    key: str
    question: object  # a calls Question (a block of the portal when ``is_block``), or None
    label: str
    text: str
    file: dict | None = None  # the stored file answering a file question

    @property
    def is_block(self) -> bool:
        return self.question is not None and self.question.is_fixed


def answer_steps(application) -> tuple[list[tuple[Step, list[Entry]]], list[Entry]]:
    """``(steps, removed)``: each step with its entries (questions a condition hides are
    left out), and the answers to questions the version no longer asks."""
    version = application.form_version
    answers = application.answers
    rows = {row.key: row for row in readable_answers(version, answers)}
    shown = {question.key for question in visible_questions(version, answers)}
    steps = []
    for step in steps_of(version):
        entries = []
        for question in step.questions:
            if question.key not in shown:
                continue
            row = rows.pop(question.key, None)
            entries.append(
                Entry(
                    question.key,
                    question,
                    question.tr("label"),
                    row.text if row else "",
                    stored_file(answers, question.key),
                )
            )
        steps.append((step, entries))
    # Left: hidden answers of this version (not shown) and answers to removed questions.
    removed = [
        Entry(row.key, row.question, row.label, row.text, stored_file(answers, row.key))
        for row in rows.values()
        if row.question is None or row.question.version_id != version.pk
    ]
    return steps, removed
