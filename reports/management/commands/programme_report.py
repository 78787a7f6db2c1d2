from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from calls.models import Call
from reports.programme import build_programme_report


class Command(BaseCommand):
    help = "Build the programme report workbook of one call (the same one staff get in the admin)."

    def add_arguments(self, parser):
        parser.add_argument("--call", required=True, help="the call's slug")
        parser.add_argument("--output", required=True, help="where to write the .xlsx")
        parser.add_argument("--language", default="ru", help="ru, ky or en (default: ru)")

    def handle(self, *args, call, output, language, **options):
        found = Call.objects.filter(slug=call).first()
        if found is None:
            slugs = ", ".join(Call.objects.values_list("slug", flat=True)) or "—"
            raise CommandError(f"No call with the slug «{call}». Calls: {slugs}")

        def progress(done, total, title):
            if title:
                self.stdout.write(f"[{done + 1}/{total}] {title}")

        with translation.override(language):
            build_programme_report(call=found, target=output, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Written {output}"))
