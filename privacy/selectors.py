"""Reads of a person's records across the apps, by account and by the e-mail addresses
shown to be theirs: the export and the erasure find the same rows through these."""

from django.db.models import Q


def person_emails(person) -> set[str]:
    """The addresses the person has shown are theirs: the confirmed ones, and the account's
    own address unless it waits for confirmation (an account staff made has no allauth
    record of it). Anyone can add an address to their account without owning it, so an
    unconfirmed one finds nothing: it would hand them another person's mail."""
    from allauth.account.models import EmailAddress

    recorded = {
        email.lower(): verified
        for email, verified in EmailAddress.objects.filter(user=person).values_list(
            "email", "verified"
        )
    }
    emails = {email for email, verified in recorded.items() if verified}
    own = person.email.lower() if person.email else ""
    if own and recorded.get(own, True):
        emails.add(own)
    return emails


def email_q(field: str, emails: set[str]) -> Q:
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(**{f"{field}__iexact": email})
    return q


def participants_of(person, emails: set[str] | None = None):
    from workshops.models import Participant

    emails = person_emails(person) if emails is None else emails
    return Participant.objects.filter(Q(user=person) | email_q("email", emails))


def messages_to(person, emails: set[str] | None = None):
    from notifications.models import OutgoingMessage

    emails = person_emails(person) if emails is None else emails
    return OutgoingMessage.objects.filter(Q(recipient=person) | email_q("to_email", emails))
