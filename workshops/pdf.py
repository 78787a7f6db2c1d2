"""The workshop's printed documents: programme, sign-in sheet, certificate, staff lists."""

from core.pdf import render_pdf

from . import programme, services

# Empty lines at the end of a sign-in sheet, for people who come unannounced.
BLANK_ROWS = 5


def render_programme(event) -> bytes:
    return render_pdf(
        "pdf/programme.html", {"event": event, "days": programme.sessions_by_day(event)}
    )


def render_signin_sheet(event, day) -> bytes:
    participants, _present = services.attendance_grid(event)
    return render_pdf(
        "pdf/signin_sheet.html",
        {
            "event": event,
            "day": day,
            "day_number": event.days.index(day) + 1,
            "participants": participants,
            "blank_rows": range(BLANK_ROWS),
        },
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
