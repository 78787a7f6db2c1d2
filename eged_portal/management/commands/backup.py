from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from eged_portal.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write the archive (default: var/backups/eged-<date-time>.tar.gz).",
        )

    def handle(self, *args, path=None, **options):
        if path:
            target = Path(path)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.VAR_DIR) / "backups" / f"eged-{stamp}.tar.gz"
        manifest = create_backup(path=target)
        self.stdout.write(
            f"Backup written to {target}: {manifest['rows']} rows from {manifest['engine']}, "
            f"{manifest['files']} uploaded files."
        )
