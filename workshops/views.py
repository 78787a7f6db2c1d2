"""What selected coalitions do on the portal: confirm attendees and their needs, read the
programme, download certificates. Anyone else gets 404, as for any private page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coalitions.models import Coalition
from core.errors import PortalError

from . import permissions, services
from .calendar import programme_ics
from .forms import participant_formset
from .models import Event, Participant
from .pdf import render_certificate, render_programme
from .programme import sessions_by_day


def _event_and_coalition(request, pk, coalition_pk):
    event = get_object_or_404(Event.objects.select_related("call"), pk=pk)
    coalition = get_object_or_404(Coalition, pk=coalition_pk)
    if event.kind != Event.Kind.WORKSHOP or not permissions.may_see_participants(
        request.user, event, coalition
    ):
        raise Http404
    return event, coalition


@login_required
def participants(request, pk, coalition_pk):
    """The coalition's attendees for the workshop: confirmed within the call's limit and
    deadline, each with the practical needs staff arrange."""
    event, coalition = _event_and_coalition(request, pk, coalition_pk)
    can_edit = permissions.may_edit_participants(request.user, event, coalition)
    confirmed = Participant.objects.filter(event=event, coalition=coalition)
    initial = None if confirmed.exists() else services.proposed_people(event, coalition)
    if request.method == "POST":
        if not can_edit:
            messages.error(
                request, _("Срок подтверждения участников прошёл; изменения не сохранены.")
            )
            return redirect("workshops:participants", pk=event.pk, coalition_pk=coalition.pk)
        formset = participant_formset(
            event=event, coalition=coalition, data=request.POST, initial=initial
        )
        if formset.is_valid():
            try:
                services.save_participants(
                    event=event, coalition=coalition, formset=formset, by=request.user
                )
            except PortalError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Участники и их нужды сохранены. Спасибо!"))
                return redirect("workshops:participants", pk=event.pk, coalition_pk=coalition.pk)
        else:
            messages.error(request, _("Проверьте отмеченные поля — остальное не потеряно."))
    else:
        formset = participant_formset(event=event, coalition=coalition, initial=initial)
    return render(
        request,
        "workshops/participants.html",
        {
            "event": event,
            "coalition": coalition,
            "formset": formset,
            "can_edit": can_edit,
            "confirmed": confirmed.order_by("pk"),
            "deadline": services.confirmation_deadline(event),
            "limit": event.call.attendees_per_coalition,
            "from_application": bool(initial),
        },
    )


def _programme_event(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("call"), pk=pk)
    if not permissions.may_see_programme(request.user, event):
        raise Http404
    return event


@login_required
def programme(request, pk):
    event = _programme_event(request, pk)
    return render(
        request,
        "workshops/programme.html",
        {"event": event, "days": sessions_by_day(event)},
    )


@login_required
def programme_pdf(request, pk):
    event = _programme_event(request, pk)
    response = HttpResponse(render_programme(event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="programme-{event.pk}.pdf"'
    return response


@login_required
def programme_calendar(request, pk):
    event = _programme_event(request, pk)
    response = HttpResponse(programme_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-{event.pk}.ics"'
    return response


@login_required
def certificate(request, pk):
    """The participant's certificate in the reader's language: for the participant and the
    people of their coalition, once they attended enough days."""
    participant = get_object_or_404(
        Participant.objects.select_related("event__call", "coalition", "user"), pk=pk
    )
    own = participant.user_id is not None and participant.user_id == request.user.pk
    if not own and not Participant.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    try:
        issued = services.issue_certificate(participant, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("portal:dashboard")
    response = HttpResponse(render_certificate(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{issued.number}.pdf"'
    return response
