"""`make test` runs on a machine with only Python and make: no test shells out to poppler
(pdftotext, pdffonts, …); PDFs are read with pypdf (tests/pdfs.py)."""

import re
from pathlib import Path

POPPLER = re.compile(r"""["'](pdftotext|pdffonts|pdfinfo|pdftoppm|pdfimages|pdftohtml)["']""")


def test_no_test_runs_a_poppler_binary():
    tests = Path(__file__).resolve().parents[1]
    users = [
        f"{path.relative_to(tests)}: {match.group(1)}"
        for path in tests.rglob("*.py")
        for match in POPPLER.finditer(path.read_text())
    ]
    assert users == []
