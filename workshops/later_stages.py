"""The workshops app's part in «what later stages hold»: the coalitions' people already
came to the call's workshop (registered with ``applications.later_stages``)."""

from django.utils.translation import ngettext

from applications.later_stages import register

from .models import Event, Participant


def workshop_attended(application) -> list[str]:
    """How many of the application's coalitions' participants came to the call's workshop."""
    came = (
        Participant.objects.filter(
            event__call_id=application.call_id,
            event__kind=Event.Kind.WORKSHOP,
            coalition_id__in=application.coalition_ids(),
            attendance__present=True,
        )
        .distinct()
        .count()
    )
    if not came:
        return []
    return [
        ngettext(
            "%(count)d участник этих коалиций уже был на практикуме.",
            "Участники этих коалиций уже были на практикуме: %(count)d.",
            came,
        )
        % {"count": came}
    ]


register(workshop_attended)
