"""Printing PDFs: every print of a thread reuses one font configuration (the fonts are
looked up once), threads never share one, and pages are set in DejaVu Sans alone —
footers included — so Cyrillic renders the same everywhere."""

import threading
from io import BytesIO

from django.utils.safestring import mark_safe
from pypdf import PdfReader

from core import pdf
from tests.pdfs import pdf_text

PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><style>
@page { size: A4; @bottom-right { content: counter(page) " / " counter(pages); } }
</style></head><body><h1>Договор</h1><p>Коалиция получает поддержку.</p></body></html>"""


def fonts_of(data: bytes) -> set[str]:
    """The fonts the pages use, without their subset prefix (``ABCDEF+DejaVuSans``)."""
    fonts = set()
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return fonts


def test_prints_of_a_thread_share_one_font_configuration_and_threads_do_not():
    here = pdf.font_config()
    assert pdf.font_config() is here
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(pdf.font_config()))
    thread.start()
    thread.join()
    assert elsewhere and elsewhere[0] is not here


def test_the_same_page_printed_twice_reads_the_same():
    first, second = pdf.html_to_pdf(PAGE), pdf.html_to_pdf(PAGE)
    assert "Коалиция получает поддержку." in pdf_text(second)
    assert fonts_of(first) == fonts_of(second)


def test_portal_pages_and_their_footers_are_set_in_dejavu_sans():
    body = mark_safe("<h1>ДОГОВОР № ТП-1</h1><p>Стороны заключили настоящий договор.</p>")
    data = pdf.render_pdf("pdf/contract.html", {"contract": {"number": "ТП-1"}, "body": body})
    assert fonts_of(data) == {"DejaVu-Sans", "DejaVu-Sans-Bold"}  # the footer is no serif


def test_a_page_stylesheet_is_parsed_once_per_thread_and_still_applies():
    pdf.html_to_pdf(PAGE)
    style = PAGE.split("<style>", 1)[1].split("</style>", 1)[0]
    assert pdf.stylesheet(style) is pdf.stylesheet(style)
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(pdf.stylesheet(style)))
    thread.start()
    thread.join()
    assert elsewhere[0] is not pdf.stylesheet(style)
    assert "1/1" in pdf_text(pdf.html_to_pdf(PAGE)).replace(
        " ", ""
    )  # the lifted stylesheet's footer
