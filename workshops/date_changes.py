"""The workshop's participants hear when staff move the workshop of their call.

``applications.date_changes`` tells the people it knows (registrants, applicants) and asks
the later layers for theirs through ``call_dates_changed``: here, every participant of the
call's workshop events who has an e-mail address.
"""

from django.dispatch import receiver

from applications.date_changes import call_dates_changed

from .models import Event, Participant


@receiver(call_dates_changed, dispatch_uid="workshops.participants_of_a_moved_workshop")
def _add_participants(sender, *, call, changes, add, **kwargs):
    if not any(change.step == "workshop" for change in changes):
        return
    participants = Participant.objects.filter(
        event__call=call, event__kind=Event.Kind.WORKSHOP
    ).select_related("user")
    for participant in participants:
        add(
            participant.email or getattr(participant.user, "email", ""),
            steps={"workshop"},
            user=participant.user,
            name=participant.full_name,
        )
