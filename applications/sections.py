"""The sections of the application form and what each needs before submission.

One list drives the step navigation, the progress indicator, the submission check (with a
link to every missing answer) and the printed copy.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    # Plain text fields that must be filled before submission.
    required: tuple[str, ...] = ()


SECTIONS = [
    Section(
        "idea",
        _("Идея кампании"),
        ("idea_title", "problem", "change_sought", "decision_makers"),
    ),
    Section("focus", _("Приоритеты, регионы, группы"), ("vulnerable_groups",)),
    Section("data", _("Данные"), ("data_existing", "data_to_collect", "data_use")),
    Section("partners", _("Совместная работа")),
    Section("results", _("Результаты и опыт"), ("expected_results", "experience")),
    Section("workshop", _("Практикум и участники"), ("speaker_wishes",)),
    Section("attachments", _("Файлы и согласие")),
]

SECTION_SLUGS = [section.slug for section in SECTIONS]


def get_section(slug: str) -> Section | None:
    return next((section for section in SECTIONS if section.slug == slug), None)


@dataclass(frozen=True)
class MissingAnswer:
    """Something the application needs before it can be submitted, and where to fix it."""

    section: str
    field: str
    message: str

    @property
    def anchor(self) -> str:
        return f"id_{self.field}" if self.field else ""
