from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError
from core.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup made by `manage.py backup`. "
        "The whole archive is checked first; if anything is wrong, nothing changes. "
        "Everything now in the database is lost; everyone is signed out."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tar.gz archive to restore.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input(f"Replace the database and uploaded files with {path}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore_backup(path=Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for f in manifest["files"] if f["name"].startswith("media/"))
        self.stdout.write(
            f"Restored {path} (made {manifest['created']} on {manifest['engine']}): "
            f"the database and {media} uploaded files."
        )
