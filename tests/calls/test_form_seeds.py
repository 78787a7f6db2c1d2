"""The 2022 call's forms as data ask what today's pages ask, in the same words, in each
language: the sections of applications/, their fields' labels and help texts (grants/
reads its support request and report from these forms already)."""

import pytest
from django.utils import translation

from applications import forms as application_forms
from applications.sections import SECTIONS as APPLICATION_SECTIONS
from calls import form_services
from calls.form_fixed import fixed_blocks
from calls.form_seeds import build_2022_forms
from calls.models import Form
from tests.applications.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms_2022():
    call = CallFactory()
    return call, {
        kind: form_services.current_version(call, kind) for kind in build_2022_forms(call)
    }


def test_three_forms_well_built_with_every_fixed_block(forms_2022):
    _call, versions = forms_2022
    assert set(versions) == set(Form.Kind.values)
    for kind, version in versions.items():
        assert form_services.check_structure(version) == []
        fixed = [q.key for q in form_services.questions_of(version) if q.is_fixed]
        assert sorted(fixed) == sorted(block.key for block in fixed_blocks(kind))


def test_building_again_keeps_the_forms(forms_2022):
    call, versions = forms_2022
    again = build_2022_forms(call)
    assert {kind: form.pk for kind, form in again.items()} == {
        kind: version.form_id for kind, version in versions.items()
    }


def _today(section_forms, slug, language):
    """Today's labels and help texts of a section's form, as its fields carry them."""
    with translation.override(language):
        return {
            name: (str(field.label), str(field.help_text or ""))
            for name, field in section_forms[slug].base_fields.items()
            if name != "upload"
        }


# Today's fields the portal's own blocks keep (their labels are checked with the blocks).
KEPT_BY_BLOCKS = {
    "priorities",
    "regions",
    "key_topics",
    "consent_personal_data",
    "idea_title",
    "title",
}


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
@pytest.mark.parametrize(
    "kind, sections, section_forms",
    [
        (Form.Kind.APPLICATION, APPLICATION_SECTIONS, application_forms.SECTION_FORMS),
    ],
)
def test_sections_and_questions_as_today(forms_2022, language, kind, sections, section_forms):
    _call, versions = forms_2022
    with translation.override(language):
        built = [
            (section.key, section.tr("title"), questions)
            for section, questions in form_services.sections_of(versions[kind])
        ]
        assert [(key, title) for key, title, _q in built] == [
            (section.slug, str(section.title)) for section in sections
        ]
    for (slug, _title, questions), section in zip(built, sections, strict=True):
        today = _today(section_forms, slug, language)
        asked = {q.key: q for q in questions if not q.is_fixed}
        assert set(asked) == set(today) - KEPT_BY_BLOCKS
        assert {key for key, q in asked.items() if q.required} == set(
            section.required
        ) - KEPT_BY_BLOCKS
        with translation.override(language):
            for key, question in asked.items():
                assert (question.tr("label"), question.tr("help")) == today[key], key


def test_kyrgyz_and_english_texts_come_from_the_catalogue(forms_2022):
    _call, versions = forms_2022
    idea = form_services.sections_of(versions[Form.Kind.APPLICATION])[0][0]
    assert idea.title == "Идея кампании"
    for language, text in (("ky", idea.title_ky), ("en", idea.title_en)):
        with translation.override(language):
            assert text == translation.gettext("Идея кампании") != idea.title
