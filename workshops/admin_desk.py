"""The workshop desk's own pages in the admin, reached from an event: the attendance grid,
sign-in sheets, the printed lists and the programme as PDF."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.errors import PortalError

from . import needs, services
from .models import Event, Participant
from .pdf import render_list, render_programme, render_signin_sheet

LISTS = {
    "coalitions": _("Участники по коалициям"),
    "accommodation": _("Проживание по ночам"),
    "needs": _("Питание и доступность"),
}


class EventDeskPages:
    """The desk pages of ``EventAdmin`` (a mixin before ``admin.ModelAdmin``)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/attendance/",
                view(self.attendance_view),
                name="workshops_event_attendance",
            ),
            path(
                "<int:pk>/sign-in/<str:day>.pdf",
                view(self.signin_sheet_view),
                name="workshops_event_signin",
            ),
            path(
                "<int:pk>/lists/<str:kind>/",
                view(self.list_view),
                name="workshops_event_list",
            ),
            path(
                "<int:pk>/lists/<str:kind>.pdf",
                view(self.list_pdf_view),
                name="workshops_event_list_pdf",
            ),
            path(
                "<int:pk>/programme.pdf",
                view(self.programme_pdf_view),
                name="workshops_event_programme_pdf",
            ),
            *super().get_urls(),
        ]

    def _event(self, request, pk, perm="workshops.view_participant") -> Event:
        if not request.user.has_perm(perm):
            raise PermissionDenied
        return get_object_or_404(Event.objects.select_related("call"), pk=pk)

    def attendance_view(self, request, pk):
        event = self._event(request, pk)
        can_change = request.user.has_perm("workshops.change_attendance") and request.user.has_perm(
            "workshops.add_attendance"
        )
        if request.method == "POST":
            if not can_change:
                raise PermissionDenied
            marks = set()
            for name in request.POST:
                if name.startswith("present-"):
                    try:
                        _prefix, pk_text, day_text = name.split("-", 2)
                        marks.add((int(pk_text), dt.date.fromisoformat(day_text)))
                    except ValueError:
                        raise Http404 from None
            try:
                changed = services.mark_attendance(
                    event=event, present=marks, days=event.days, by=request.user
                )
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Посещаемость сохранена: изменено отметок — %(count)d.") % {"count": changed},
                    messages.SUCCESS,
                )
            return redirect("admin:workshops_event_attendance", pk=event.pk)
        participants, present = services.attendance_grid(event)
        rows = [
            {
                "participant": participant,
                "days": [(day, (participant.pk, day) in present) for day in event.days],
                "total": sum((participant.pk, day) in present for day in event.days),
            }
            for participant in participants
        ]
        totals = [sum(1 for p in participants if (p.pk, day) in present) for day in event.days]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Посещаемость: %(event)s") % {"event": event.title},
            "opts": self.model._meta,
            "event": event,
            "rows": rows,
            "days": event.days,
            "day_totals": list(zip(event.days, totals, strict=True)),
            "can_change": can_change,
        }
        return render(request, "admin/workshops/attendance.html", context)

    def signin_sheet_view(self, request, pk, day):
        event = self._event(request, pk)
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise Http404 from None
        if date not in event.days:
            raise Http404
        pdf = render_signin_sheet(event, date)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="sign-in-{event.pk}-{day}.pdf"'
        return response

    def _list_context(self, event, kind) -> dict:
        if kind not in LISTS:
            raise Http404
        participants = list(
            event.participants.select_related("coalition", "region").order_by(
                "coalition__name", "full_name"
            )
        )
        context = {"event": event, "kind": kind, "list_title": LISTS[kind]}
        if kind == "coalitions":
            groups: dict = {}
            for participant in participants:
                groups.setdefault(participant.coalition, []).append(participant)
            context["groups"] = list(groups.items())
        elif kind == "accommodation":
            context["nights"] = needs.accommodation_by_night(event)
        else:
            context["diets"] = [p for p in participants if p.diet != Participant.Diet.NONE]
            context["access"] = [p for p in participants if p.accessibility.strip()]
            context["no_photo"] = [p for p in participants if not p.photo_consent]
        return context

    def list_view(self, request, pk, kind):
        event = self._event(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            **self._list_context(event, kind),
        }
        context["title"] = f"{context['list_title']}: {event.title}"
        return render(request, "admin/workshops/event_list.html", context)

    def list_pdf_view(self, request, pk, kind):
        event = self._event(request, pk)
        pdf = render_list("pdf/event_list.html", self._list_context(event, kind))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{kind}-{event.pk}.pdf"'
        return response

    def programme_pdf_view(self, request, pk):
        event = self._event(request, pk, perm="workshops.view_event")
        response = HttpResponse(render_programme(event), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="programme-{event.pk}.pdf"'
        return response
