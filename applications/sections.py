"""The steps of the application form: the sections of the call's form version, in order.

One list drives the step navigation, the progress indicator, the submission check (with a
link to every missing answer) and the printed copy. Staff shape the sections in the admin
(``calls``); the blocks the rules rely on sit in whichever section staff put them.
"""

from dataclasses import dataclass

from calls.form_services import sections_of


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    questions: list  # the section's questions (the portal's blocks among them), in order

    @property
    def blocks(self) -> list[str]:
        return [question.fixed for question in self.questions if question.is_fixed]


def steps_of(version) -> list[Step]:
    """The version's sections as steps, titled in the active language."""
    return [
        Step(section.key, section.tr("title"), section.tr("intro"), questions)
        for section, questions in sections_of(version)
    ]


def step_of(steps: list[Step], slug: str) -> Step | None:
    return next((step for step in steps if step.slug == slug), None)


@dataclass(frozen=True)
class MissingAnswer:
    """Something the application needs before it can be submitted, and where to fix it."""

    section: str
    field: str
    message: str

    @property
    def anchor(self) -> str:
        return f"id_{self.field}" if self.field else ""
