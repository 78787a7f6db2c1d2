"""The sections of the technical-support form and the plain answers each needs."""

from django.utils.translation import gettext_lazy as _

from applications.sections import Section

SECTIONS = [
    Section("plan", _("Кампания: цель и задачи"), ("title", "goal", "objectives")),
    Section(
        "audiences", _("Лица, принимающие решения, и аудитории"), ("decision_makers", "audiences")
    ),
    Section("activities", _("Мероприятия и сроки")),
    Section(
        "data",
        _("Данные, ресурсы, риски"),
        ("data_collection", "resource_mobilisation", "risks"),
    ),
    Section("results", _("Ожидаемые результаты")),
    Section("budget", _("Запрашиваемая поддержка")),
]

SECTION_SLUGS = [section.slug for section in SECTIONS]


def get_section(slug: str) -> Section | None:
    return next((section for section in SECTIONS if section.slug == slug), None)
