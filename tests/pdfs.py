"""The text of a PDF, read with pypdf: the suite needs nothing beyond Python packages."""

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader


def pdf_text(pdf: bytes | Path) -> str:
    """Every page's words, in order, separated by single spaces."""
    reader = PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
