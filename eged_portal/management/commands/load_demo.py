import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, load_people
from applications.demo import load_calls
from applications.demo_applications import load_applications
from applications.demo_review import load_review
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

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo although DEBUG is off; every demo login gets a new random "
            "password (printed once) instead of the published one.",
        )

    def handle(self, *args, allow_production=False, **options):
        passwords = None
        if not settings.DEMO_ALLOWED:
            if not allow_production:
                raise CommandError(
                    "DEBUG is off (production): load_demo would add demo logins, a superuser "
                    "among them, with the README's password. Run with --allow-production to "
                    "load it with new random passwords."
                )
            passwords = {user[0]: secrets.token_urlsafe(15) for user in DEMO_USERS}
        with transaction.atomic():
            archive, current = load_calls()
            people = load_people(passwords)
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
        if passwords is None:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        else:
            self.stdout.write("Demo logins with new random passwords (shown only now):")
        for email, first, last, _role, _staff, _super, what in DEMO_USERS:
            password = f"  {passwords[email]}" if passwords else ""
            self.stdout.write(f"  {email:<24}{password} {first} {last} — {what}")
