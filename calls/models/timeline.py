"""The dated steps of a call, for the public timeline and calendar files."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .call import Call


class TimelineStep:
    """A dated step of a call, for the public timeline and calendar files.

    ``current_from`` is the first day the step is under way: its own start for a meeting or
    the workshop; for a deadline, the day after the step before it ended (applications
    are taken until the deadline). ``tentative``: the dates may still be refined.
    """

    def __init__(self, *, key, label, start, end=None, tentative=False, note=""):
        self.key = key
        self.label = label
        self.start = start
        self.end = end or start
        self.tentative = tentative
        self.note = note
        self.has_time = hasattr(start, "hour")
        self.current_from = self._as_date(start)
        self.is_current = False
        self.is_past = False

    @staticmethod
    def _as_date(value):
        return timezone.localtime(value).date() if hasattr(value, "hour") else value


# Steps that end a period (applications, support requests, the campaigns): under way from
# the end of the step before them.
PERIOD_ENDS = frozenset({"application_deadline", "support_deadline", "implementation_end"})


def _steps(call: Call) -> list[TimelineStep]:
    candidates = [
        ("info_session", _("Информационная встреча"), call.info_session_at, None, False),
        (
            "application_deadline",
            _("Крайний срок приёма заявок"),
            call.application_deadline,
            None,
            False,
        ),
        (
            "workshop",
            _("Семинар-практикум"),
            call.workshop_start,
            call.workshop_end,
            call.workshop_dates_tentative,
        ),
        (
            "support_deadline",
            _("Заявки на техническую поддержку"),
            call.support_deadline,
            None,
            call.support_deadline_tentative,
        ),
        (
            "selection",
            _("Отбор коалиций и заключение контрактов"),
            call.selection_start,
            call.selection_end,
            call.selection_tentative,
        ),
        ("implementation_end", _("Реализация кампаний"), call.implementation_end, None, False),
    ]
    return [
        TimelineStep(
            key=key,
            label=label,
            start=start,
            end=end,
            tentative=tentative,
            note=call.tr("workshop_note") if key == "workshop" else "",
        )
        for key, label, start, end, tentative in candidates
        if start is not None
    ]


def call_timeline(call: Call, *, today=None) -> list[TimelineStep]:
    """The call's dated steps in order. A step is current only while it is under way (the
    meeting's day, the workshop's days, the weeks before a deadline since the step before
    it ended) — never a step months ahead."""
    today = today or timezone.localdate()
    steps = _steps(call)
    for before, step in zip([None, *steps], steps, strict=False):
        if step.key in PERIOD_ENDS and before is not None:
            step.current_from = TimelineStep._as_date(before.end) + timedelta(days=1)
        end = TimelineStep._as_date(step.end)
        step.is_past = end < today
        step.is_current = step.current_from <= today <= end
    return steps
