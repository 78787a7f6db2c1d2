"""What the workshop gives reminders: the attendee confirmation deadline, the people of
selected coalitions who have not confirmed attendees, and the confirmed participants."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from calls.models import Call
from coalitions.models import Membership
from coalitions.permissions import EDIT_ROLES
from notifications import registry
from notifications.registry import Occurrence, Recipient
from notifications.reminder_services import person_key

from . import services
from .models import Event, Participant


@registry.reminder_date(
    "attendee_confirmation_deadline", label=_("Крайний срок подтверждения участников")
)
def attendee_confirmation_deadline(call: Call):
    if call.attendee_confirmation_deadline is not None:
        yield Occurrence(
            key=f"call:{call.pk}:attendee_confirmation_deadline",
            at=call.attendee_confirmation_deadline,
        )


def _workshops(call: Call):
    return Event.objects.filter(call=call, kind=Event.Kind.WORKSHOP).order_by("starts_on", "pk")


@registry.audience(
    "selected_without_attendees",
    label=_("Отобранные коалиции, не подтвердившие участников"),
    help_text=_(
        "Владельцы и редакторы отобранных коалиций, которые ещё не подтвердили ни одного "
        "участника практикума; ссылка ведёт к форме участников."
    ),
)
def selected_without_attendees(*, rule, occurrence: Occurrence, user=None):
    event = _workshops(rule.call).first()
    if event is None:
        return
    confirmed = set(event.participants.values_list("coalition_id", flat=True))
    waiting = services.selected_coalition_ids(rule.call) - confirmed
    memberships = (
        Membership.objects.filter(coalition_id__in=waiting, role__in=list(EDIT_ROLES))
        .filter(user__is_active=True)
        .select_related("user", "coalition")
        .order_by("user_id", "coalition_id")
    )
    if user is not None:
        memberships = memberships.filter(user=user)
    seen = set()
    for membership in memberships:
        person = membership.user
        if person.pk in seen:
            continue
        seen.add(person.pk)
        yield Recipient.of_person(
            person,
            link=reverse(
                "workshops:participants",
                kwargs={"pk": event.pk, "coalition_pk": membership.coalition_id},
            ),
            about=membership.coalition.name,
        )


@registry.audience(
    "workshop_participants",
    label=_("Подтверждённые участники практикума"),
    help_text=_(
        "Все подтверждённые участники практикумов конкурса с e-mail (с аккаунтом на портале "
        "и без); ссылка ведёт к программе."
    ),
)
def workshop_participants(*, rule, occurrence: Occurrence, user=None):
    participants = (
        Participant.objects.filter(event__in=_workshops(rule.call))
        .exclude(email="")
        .select_related("user", "event")
        .order_by("pk")
    )
    if user is not None:
        participants = participants.filter(email__iexact=user.email)
    accounts = {
        account.email.lower(): account
        for account in User.objects.filter(
            is_active=True, email__in=[p.email for p in participants]
        )
    }
    seen = set()
    for participant in participants:
        account = participant.user or accounts.get(participant.email.lower())
        key = person_key(user=account, email=participant.email)
        if key in seen:
            continue
        seen.add(key)
        yield Recipient(
            key=key,
            email=participant.email,
            name=participant.full_name,
            language=account.language if account else settings.LANGUAGE_CODE,
            link=reverse("workshops:programme", kwargs={"pk": participant.event_id}),
            user=account,
            receives_optional=account.receives_news if account else True,
        )
