"""Workshop participants in Excel: who they are, their needs, and attendance per day."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.exports import Field, Kind, WorkbookResource
from core.xlsx import Column, WorkbookWriter

from . import services
from .models import Attendance, Event, Participant


class ParticipantResource(WorkbookResource):
    id = Field("pk", gettext_lazy("№"), kind=Kind.INTEGER, width=7)
    event = Field("event__title", gettext_lazy("мероприятие"), width=30)
    coalition = Field("coalition__name", gettext_lazy("коалиция"), width=34)
    full_name = Field("full_name", gettext_lazy("имя и фамилия"), personal=True, width=28)
    job_title = Field("job_title", gettext_lazy("должность"))
    organisation = Field("organisation", gettext_lazy("организация"), width=30)
    email = Field("email", gettext_lazy("e-mail"), personal=True)
    phone = Field("phone", gettext_lazy("телефон"), personal=True, width=18)
    arriving_from = Field("arriving_from", gettext_lazy("откуда приезжает"))
    region = Field("region__name", gettext_lazy("регион"))
    nights = Field("nights", gettext_lazy("ночи в гостинице"), kind=Kind.INTEGER)
    first_night = Field("first_night", gettext_lazy("первая ночь"), kind=Kind.DATE)
    diet = Field("get_diet_display", gettext_lazy("питание"), personal=True)
    diet_notes = Field("diet_notes", gettext_lazy("уточнение о питании"), personal=True)
    accessibility = Field(
        "accessibility", gettext_lazy("доступность"), kind=Kind.LONG_TEXT, personal=True
    )
    photo_consent = Field("photo_consent", gettext_lazy("согласие на фото"), kind=Kind.BOOLEAN)
    days_attended = Field("days_attended", gettext_lazy("дней посещено"), kind=Kind.INTEGER)
    created_at = Field("created_at", gettext_lazy("подтверждён"), kind=Kind.DATETIME)

    sheet_title = gettext_lazy("Участники")

    def prepare(self, queryset):
        rows = Participant.objects.filter(pk__in=queryset.order_by().values("pk"))
        return services.with_days_attended(
            rows.select_related("event", "coalition", "region").order_by(
                "event__starts_on", "coalition__name", "full_name", "pk"
            )
        )

    def dehydrate_nights(self, participant):
        return len(participant.nights or [])

    def dehydrate_first_night(self, participant):
        dates = participant.night_dates
        return dates[0] if dates else None

    def write_extra_sheets(self, writer: WorkbookWriter, queryset) -> None:
        """One attendance sheet per event: a row per participant, a column per day."""
        ids = queryset.order_by().values("pk")
        events = Event.objects.filter(participants__in=ids).distinct().order_by("starts_on")
        present = set(
            Attendance.objects.filter(participant__in=ids, present=True).values_list(
                "participant_id", "day"
            )
        )
        for event in events:
            days = event.days
            sheet = writer.sheet(
                _("Посещаемость — %(event)s") % {"event": event.title},
                [
                    Column(_("коалиция"), width=34),
                    Column(_("участник"), width=28),
                    *[
                        Column(
                            _("день %(n)d, %(date)s") % {"n": n, "date": f"{d:%d.%m}"},
                            Kind.INTEGER,
                            12,
                        )
                        for n, d in enumerate(days, 1)
                    ],
                    Column(_("всего дней"), Kind.INTEGER, 12),
                ],
            )
            rows = (
                Participant.objects.filter(pk__in=ids, event=event)
                .select_related("coalition")
                .order_by("coalition__name", "full_name", "pk")
            )
            came = [0] * len(days)
            for participant in rows.iterator(chunk_size=self.chunk_size):
                marks = [int((participant.pk, day) in present) for day in days]
                name = participant.full_name if self.personal_data else f"#{participant.pk}"
                came = [total + mark for total, mark in zip(came, marks, strict=True)]
                sheet.append([participant.coalition.name, name, *marks, sum(marks)])
            sheet.append([_("Пришли"), "", *came, None])
