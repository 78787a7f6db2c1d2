"""The steps of the technical-support form: the sections of the form version the request
answers (staff build them per call), in order, each with its title in the reader's
language."""

from dataclasses import dataclass

from calls.form_services import sections_of
from calls.models import FormVersion


@dataclass(frozen=True)
class Section:
    slug: str
    title: str


def sections_for(version: FormVersion) -> list[Section]:
    return [Section(section.key, section.tr("title")) for section, _q in sections_of(version)]


def get_section(sections: list[Section], slug: str) -> Section | None:
    return next((section for section in sections if section.slug == slug), None)
