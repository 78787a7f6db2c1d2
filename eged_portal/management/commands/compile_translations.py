import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po into .mo files. Like compilemessages, but needs "
        "no GNU gettext on the machine, so `make run` works anywhere."
    )

    def handle(self, *args, **options):
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                _save_atomically(po, po_path.with_suffix(".mo"))
                count += 1
                self.stdout.write(f"{po_path}: {po.percent_translated()}% translated")
        self.stdout.write(self.style.SUCCESS(f"Compiled {count} catalogue(s)."))


def _save_atomically(po: polib.POFile, mo_path: Path) -> None:
    """Write the .mo beside its final name, then rename it over: a process starting
    meanwhile (a running portal, a test) reads the old catalogue or the new one, never a
    half-written file (``struct.error: unpack requires a buffer of 4 bytes``)."""
    handle, partial = tempfile.mkstemp(dir=mo_path.parent, prefix=".", suffix=".mo.part")
    os.close(handle)
    try:
        po.save_as_mofile(partial)
        os.chmod(partial, 0o644)
        os.replace(partial, mo_path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
