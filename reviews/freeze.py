"""When scores are frozen, and how staff open them again (recorded).

A review's scores change only while its call's scoring is open: not after the call's
scoring deadline, not once the call is closed or the reviewed application decided, not
while staff have locked the call's scoring — unless staff reopened scoring for the
call's stage, until a moment they chose, with a reason (``ScoringReopening``, one row
per reopening).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calls.models import Call
from core.errors import PortalError

from .models import ReviewAssignment, ScoringReopening


def active_reopening(*, call_id: int, stage: str, now=None) -> ScoringReopening | None:
    now = now or timezone.now()
    return (
        ScoringReopening.objects.filter(call_id=call_id, stage=stage, until__gt=now)
        .order_by("-until")
        .first()
    )


def is_decided(reviewed) -> bool:
    return bool(getattr(reviewed, "is_decided", False))


def scoring_closed(assignment: ReviewAssignment, *, reviewed=None) -> str | None:
    """Why this review's scores cannot change now (in the reader's language), or None."""
    call = assignment.call
    now = timezone.now()
    if active_reopening(call_id=call.pk, stage=assignment.stage, now=now) is not None:
        return None
    reviewed = reviewed if reviewed is not None else assignment.reviewed
    if call.scoring_locked:
        reason = _("Оценки по этому конкурсу закрыты: изменить их уже нельзя.")
    elif call.scoring_deadline and now > call.scoring_deadline:
        reason = _("Срок оценки по этому конкурсу истёк %(deadline)s: оценки заморожены.") % {
            "deadline": date_format(timezone.localtime(call.scoring_deadline), "j E Y, H:i")
        }
    elif call.status in (Call.Status.CLOSED, Call.Status.ARCHIVED):
        reason = _("Конкурс закрыт: оценки заморожены.")
    elif reviewed is not None and is_decided(reviewed):
        reason = _("По этой заявке уже принято решение: оценки заморожены.")
    else:
        return None
    ask_staff = _(
        "Если оценку нужно исправить, напишите сотрудникам программы: они могут открыть "
        "оценку заново."
    )
    return f"{reason} {ask_staff}"


@transaction.atomic
def reopen_scoring(*, call: Call, stage: str, until, reason: str, by) -> ScoringReopening:
    """Staff open the call's scoring at ``stage`` again until ``until``, saying why."""
    if not reason.strip():
        raise PortalError(_("Напишите, почему оценка открывается заново."))
    if until <= timezone.now():
        raise PortalError(_("Срок повторного открытия должен быть в будущем."))
    return ScoringReopening.objects.create(
        call=call, stage=stage, until=until, reason=reason.strip(), reopened_by=by
    )
