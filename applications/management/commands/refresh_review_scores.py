from django.core.management.base import BaseCommand
from django.db import transaction

from reviews.tallies import refresh_all_tallies


class Command(BaseCommand):
    help = (
        "Recompute the review counts, mean and spread stored on every reviewable from its "
        "reviews: after scores were written past the review services (a bulk import, a "
        "repair by hand in the database)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = refresh_all_tallies()
        self.stdout.write(self.style.SUCCESS(f"Refreshed the scores of {count} reviewable(s)."))
