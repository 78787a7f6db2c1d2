"""The catalogues are complete: Russian plurals have all four forms, Kyrgyz and English
translate every string, and no guess (fuzzy) is left for people to read."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_russian_plural_entries_have_every_form():
    po = polib.pofile(str(LOCALE / "ru" / "LC_MESSAGES" / "django.po"))
    for entry in po:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.get(i) for i in range(4)), entry.msgid


@pytest.mark.parametrize("language", ["ky", "en"])
def test_kyrgyz_and_english_are_complete(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("language", ["ky", "en"])
def test_placeholders_survive_translation(language):
    import re

    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
            entry.msgid
        )
