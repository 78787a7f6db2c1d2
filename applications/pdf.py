"""The printed copy of an application (sent with the submission e-mail)."""

from django.template.loader import render_to_string
from django.utils import timezone

from .sections import SECTIONS


def render_application_pdf(application) -> bytes:
    """The application's answers as a PDF, in the active language."""
    import weasyprint  # heavy; loaded only when a copy is printed

    html = render_to_string(
        "pdf/application.html",
        {"application": application, "sections": SECTIONS, "printed_at": timezone.now()},
    )
    return weasyprint.HTML(string=html).write_pdf()
