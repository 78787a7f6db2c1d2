"""Printing HTML templates to PDF with WeasyPrint (Pango and DejaVu fonts for Cyrillic)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def render_html(template: str, context: dict) -> str:
    """The HTML that ``render_pdf`` prints."""
    return render_to_string(
        template, {"printed_at": timezone.now(), "SITE_URL": settings.SITE_URL, **context}
    )


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # heavy; loaded only when something is printed

    return weasyprint.HTML(string=html).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    """The template, rendered in the active language, as PDF bytes."""
    return html_to_pdf(render_html(template, context))
