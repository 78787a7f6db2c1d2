"""The grants app's part in «what later stages hold»: an award of support to the
coalitions of a workshop application (registered with ``applications.later_stages``)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from applications.later_stages import register
from core.money import som

from .models import Award


def awards_held(application) -> list[str]:
    """The awards of support held by the application's coalitions in its call."""
    coalitions = application.coalition_ids()
    awards = (
        Award.objects.filter(
            Q(application__workshop_application=application)
            | Q(application__call_id=application.call_id, application__coalition_id__in=coalitions)
            | Q(application__call_id=application.call_id, application__partner_id__in=coalitions)
        )
        .select_related("application__coalition", "application__partner")
        .distinct()
        .order_by("pk")
    )
    return [
        _("«%(applicants)s» уже получили поддержку: «%(campaign)s», %(amount)s.")
        % {
            "applicants": award.application.applicants,
            "campaign": award.application,
            "amount": som(award.amount),
        }
        for award in awards
    ]


register(awards_held)
