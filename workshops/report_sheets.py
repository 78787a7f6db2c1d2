"""The workshop sheet of the programme report: participants by coalition and the share of
confirmed participants present on each day of each workshop of the call."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.xlsx import Column, Kind, WorkbookWriter

from .models import Attendance, Event, Participant


def workshop_sheet(writer: WorkbookWriter, call) -> None:
    sheet = writer.sheet(
        _("Практикум"),
        [
            Column(_("мероприятие"), width=34),
            Column(_("разрез"), width=28),
            Column(_("значение"), width=34),
            Column(_("человек"), Kind.INTEGER, 10),
            Column(_("доля, %"), Kind.DECIMAL, 10),
        ],
    )
    events = Event.objects.filter(call=call, kind=Event.Kind.WORKSHOP).order_by("starts_on")
    for event in events:
        participants = Participant.objects.filter(event=event)
        total = participants.count()
        sheet.append([event.title, _("всего"), _("подтверждённых участников"), total, None])
        by_coalition = (
            participants.values("coalition__name")
            .annotate(people=Count("pk"))
            .order_by("coalition__name")
        )
        for row in by_coalition:
            sheet.append([event.title, _("коалиция"), row["coalition__name"], row["people"], None])
        present = dict(
            Attendance.objects.filter(participant__event=event, present=True)
            .values("day")
            .annotate(people=Count("participant", distinct=True))
            .values_list("day", "people")
        )
        for number, day in enumerate(event.days, 1):
            came = present.get(day, 0)
            share = round(100 * came / total, 1) if total else None
            label = _("день %(n)d, %(date)s") % {"n": number, "date": f"{day:%d.%m.%Y}"}
            sheet.append([event.title, _("посещаемость"), label, came, share])
        eligible = (
            participants.annotate(
                days=Count("attendance", filter=Q(attendance__present=True), distinct=True)
            )
            .filter(days__gte=event.certificate_min_days)
            .count()
        )
        sheet.append([event.title, _("сертификаты"), _("посетили достаточно дней"), eligible, None])


# The sheets this app adds to the programme report: (key, title, order, builder);
# reports collects them at start-up (reports.programme.discover_sheets).
PROGRAMME_SHEETS = [("workshop", gettext_lazy("Практикум"), 20, workshop_sheet)]
