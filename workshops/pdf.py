"""The workshop's printed documents: programme, sign-in sheet, certificate, staff lists."""

from eged_portal.pdf import render_pdf

from . import services


def render_programme(event) -> bytes:
    return render_pdf(
        "pdf/programme.html", {"event": event, "days": services.sessions_by_day(event)}
    )


def render_signin_sheet(event, day) -> bytes:
    participants, _present = services.attendance_grid(event)
    return render_pdf(
        "pdf/signin_sheet.html", {"event": event, "day": day, "participants": participants}
    )


def render_certificate(certificate) -> bytes:
    participant = certificate.participant
    return render_pdf(
        "pdf/certificate.html",
        {
            "certificate": certificate,
            "participant": participant,
            "event": participant.event,
            "days_attended": services.days_attended(participant),
        },
    )


def render_list(template: str, context: dict) -> bytes:
    return render_pdf(template, {**context, "for_print": True})
