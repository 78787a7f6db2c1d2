"""Printing HTML templates to PDF with WeasyPrint (Pango and DejaVu fonts for Cyrillic)."""

import threading

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

_local = threading.local()


def render_html(template: str, context: dict) -> str:
    """The HTML that ``render_pdf`` prints."""
    return render_to_string(
        template, {"printed_at": timezone.now(), "SITE_URL": settings.SITE_URL, **context}
    )


def font_config():
    """This thread's WeasyPrint font configuration, made once and kept.

    A new configuration per document (WeasyPrint's default) starts Fontconfig and Pango's
    font map afresh, so every print looks its fonts up and shapes its text with empty
    caches: about a quarter of a contract's time. Pango's objects are not shared between
    threads, hence one per thread (a Celery worker process has one). The templates declare
    no ``@font-face``; one that did would add its fonts to this shared configuration."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # heavy; loaded only when something is printed

    return weasyprint.HTML(string=html).write_pdf(font_config=font_config())


def render_pdf(template: str, context: dict) -> bytes:
    """The template, rendered in the active language, as PDF bytes."""
    return html_to_pdf(render_html(template, context))
