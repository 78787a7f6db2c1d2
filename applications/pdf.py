"""The printed copy of an application (sent with the submission e-mail)."""

from core.pdf import render_pdf


def render_application_pdf(application) -> bytes:
    """The application's answers as a PDF, in the active language."""
    return render_pdf("pdf/application.html", {"application": application})
