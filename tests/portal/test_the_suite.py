"""What `make test` promises of itself: it runs on a machine with only Python and make
(no test shells out to poppler: PDFs are read with pypdf, tests/pdfs.py), and it draws the
same examples on every run (random hunting is `make fuzz`)."""

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

POPPLER = re.compile(r"""["'](pdftotext|pdffonts|pdfinfo|pdftoppm|pdfimages|pdftohtml)["']""")


def test_no_test_runs_a_poppler_binary():
    tests = Path(__file__).resolve().parents[1]
    users = [
        f"{path.relative_to(tests)}: {match.group(1)}"
        for path in tests.rglob("*.py")
        for match in POPPLER.finditer(path.read_text())
    ]
    assert users == []


@pytest.mark.skipif("HYPOTHESIS_PROFILE" in os.environ, reason="a profile was chosen by hand")
def test_make_test_draws_the_same_examples_every_run():
    assert settings.default.derandomize
    assert settings.default.database is None  # nothing carried over from an earlier run
