"""`manage.py compile_translations` replaces each .mo in one step: a process that starts
meanwhile reads the old catalogue or the new one, never a half-written file."""

import gettext

import polib
import pytest
from django.core.management import call_command

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Заявка"
msgstr "{}"
"""


@pytest.fixture
def locale(tmp_path, settings):
    folder = tmp_path / "ky" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path]
    return folder


def _read(mo_path) -> str:
    with open(mo_path, "rb") as mo:
        return gettext.GNUTranslations(mo).gettext("Заявка")


def test_the_catalogue_is_compiled_with_nothing_left_beside_it(locale):
    (locale / "django.po").write_text(PO.format("Арыз"), encoding="utf-8")
    call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _read(locale / "django.mo") == "Арыз"
    assert sorted(p.name for p in locale.iterdir()) == ["django.mo", "django.po"]


def test_a_failed_write_leaves_the_old_catalogue_whole(locale, monkeypatch):
    (locale / "django.po").write_text(PO.format("Арыз"), encoding="utf-8")
    call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (locale / "django.po").write_text(PO.format("Жаңы арыз"), encoding="utf-8")

    def write_half_and_fail(self, path):
        with open(path, "wb") as partial:
            partial.write(b"\xde\x12")
        raise OSError("disk full")

    monkeypatch.setattr(polib.POFile, "save_as_mofile", write_half_and_fail)
    with pytest.raises(OSError, match="disk full"):
        call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _read(locale / "django.mo") == "Арыз"
    assert sorted(p.name for p in locale.iterdir()) == ["django.mo", "django.po"]
