"""Printing HTML templates to PDF with WeasyPrint (Pango and DejaVu fonts for Cyrillic)."""

import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

_local = threading.local()
# The head's plain <style> elements: the templates' stylesheets, the same text print after
# print. ``<style media=…>`` and the like are left where they are, for WeasyPrint to read.
_HEAD_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
STYLESHEETS_KEPT = 16  # per thread: the PDF templates × languages × orientations


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


def stylesheet(css: str):
    """The parsed stylesheet of this CSS text, parsed once per thread and kept.

    Every contract prints the same stylesheet; WeasyPrint parsed it and compiled its
    selectors again for each document (about 5 ms of a contract). The last
    ``STYLESHEETS_KEPT`` texts are kept, so CSS that changed with each print would only
    cost what it cost before."""
    kept = getattr(_local, "stylesheets", None)
    if kept is None:
        kept = _local.stylesheets = OrderedDict()
    sheet = kept.get(css)
    if sheet is None:
        import weasyprint

        sheet = kept[css] = weasyprint.CSS(string=css, font_config=font_config())
        if len(kept) > STYLESHEETS_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(css)
    return sheet


def html_to_pdf(html: str) -> bytes:
    """The page as PDF bytes. The head's ``<style>`` elements are handed to WeasyPrint as
    parsed stylesheets (``stylesheet``) instead of text to parse; as user stylesheets they
    rank below the page's own rules and ``style`` attributes, which the templates do not
    use beside them, and above WeasyPrint's defaults, as the page's own would."""
    import weasyprint  # heavy; loaded only when something is printed

    head_end = html.find("</head>")
    head, rest = (html[:head_end], html[head_end:]) if head_end >= 0 else ("", html)
    sheets = [stylesheet(css) for css in _HEAD_STYLE.findall(head)]
    head = _HEAD_STYLE.sub("", head)
    return weasyprint.HTML(string=head + rest).write_pdf(
        font_config=font_config(), stylesheets=sheets
    )


def render_pdf(template: str, context: dict) -> bytes:
    """The template, rendered in the active language, as PDF bytes."""
    return html_to_pdf(render_html(template, context))
