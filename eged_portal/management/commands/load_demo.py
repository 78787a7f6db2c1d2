from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, load_people
from applications.demo import load_applications, load_calls, load_review
from coalitions.demo import load_coalitions
from grants.demo import load_grants
from grants.demo_implementation import load_implementation
from notifications.demo import load_reminder_rules
from workshops.demo import load_workshops


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo: the 2022 call, demo people, coalitions, "
        "applications, the workshop, technical support and reminder rules. Idempotent."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            archive, current = load_calls()
            people = load_people()
            coalitions = load_coalitions(
                people=people, calls={"archive": archive, "current": current}
            )
            applications = load_applications(calls=(archive, current), people=people)
            load_review(calls=(archive, current), people=people)
            events = load_workshops(archive=archive, people=people)
            requests = load_grants(calls=(archive, current), people=people)
            load_implementation(archive=archive, people=people)
            rules = load_reminder_rules(calls=(archive, current))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: calls «{archive.slug}» and «{current.slug}» (open), "
                f"{len(coalitions)} coalitions, {len(applications)} applications, "
                f"the {events['workshop'].starts_on:%Y} workshop with "
                f"{events['workshop'].participants.count()} participants, "
                f"{len(requests)} technical-support requests with "
                f"{sum(1 for r in requests if hasattr(r, 'award'))} awards and contracts, "
                f"{len(rules)} reminder rules."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, first, last, _role, _staff, _super, what in DEMO_USERS:
            self.stdout.write(f"  {email:<24} {first} {last} — {what}")
