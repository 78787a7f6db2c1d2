from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup, default_path


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump or SQLite's backup API) and the uploaded files into "
        "one .tar.gz archive, readable only by its owner."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write the archive (default: BACKUP_DIR/eged-<date-time>.tar.gz).",
        )

    def handle(self, *args, path=None, **options):
        target = Path(path) if path else default_path()
        try:
            manifest = create_backup(path=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for f in manifest["files"] if f["name"].startswith("media/"))
        self.stdout.write(
            f"Backup written to {target}: the {manifest['engine']} database and "
            f"{media} uploaded files."
        )
