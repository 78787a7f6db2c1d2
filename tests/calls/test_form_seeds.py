"""The 2022 call's forms as data: three well-built forms, built once, in three languages.
(The application, support request and report pages read their questions from them; their
own tests show they ask what they asked before.)"""

import pytest
from django.utils import translation

from calls import form_services
from calls.form_fixed import fixed_blocks
from calls.form_seeds import build_2022_forms
from calls.models import Form
from tests.applications.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms_2022():
    call = CallFactory(with_forms=False)
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


def test_kyrgyz_and_english_texts_come_from_the_catalogue(forms_2022):
    _call, versions = forms_2022
    idea = form_services.sections_of(versions[Form.Kind.APPLICATION])[0][0]
    assert idea.title == "Идея кампании"
    for language, text in (("ky", idea.title_ky), ("en", idea.title_en)):
        with translation.override(language):
            assert text == translation.gettext("Идея кампании") != idea.title
