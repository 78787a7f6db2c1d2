"""Forms of a call for the tests: the first version with its fixed blocks, plus the
questions a test asks for."""

from calls import form_services
from calls.models import Form, FormSection, Question
from tests.applications.factories import CallFactory


def form_of(call=None, kind=Form.Kind.APPLICATION) -> Form:
    return form_services.create_form(call=call or CallFactory(with_forms=False), kind=kind)


def add_section(version, key="extra", title="Дополнительно", position=10, **texts):
    return FormSection.objects.create(
        version=version, key=key, title=title, position=position, **texts
    )


def add_question(version, key, type=Question.Type.SHORT_TEXT, section=None, **fields):
    section = section or version.sections.order_by("-position").first()
    fields.setdefault("label", key.replace("_", " ").capitalize())
    fields.setdefault(
        "position",
        (section.questions.order_by("-position").values_list("position", flat=True).first() or 0)
        + 1,
    )
    return Question.objects.create(version=version, section=section, key=key, type=type, **fields)


def version_with(*specs, kind=Form.Kind.APPLICATION, call=None):
    """A fresh form's first version with the fixed blocks and one section of questions:
    ``specs`` are ``(key, type, fields)``."""
    form = form_of(call, kind)
    version = form.versions.get()
    section = add_section(version)
    for key, type_, fields in specs:
        add_question(version, key, type_, section=section, **fields)
    return version


CHOICES = [
    {"value": "ngo", "label": "НКО", "label_ky": "БӨУ", "label_en": "NGO"},
    {"value": "business", "label": "Бизнес", "label_ky": "Бизнес", "label_en": "Business"},
    {"value": "other", "label": "Другое", "label_ky": "Башка", "label_en": "Other"},
]
COLUMNS = [
    {"key": "name", "label": "Имя", "label_ky": "Аты", "label_en": "Name"},
    {"key": "role", "label": "Роль", "label_ky": "Ролу", "label_en": "Role"},
    {"key": "organisation", "label": "Организация", "label_ky": "Уюм", "label_en": "Organisation"},
]
