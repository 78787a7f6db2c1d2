"""Benchmark 4: contract PDFs — time per contract against WeasyPrint rendering a one-page
HTML of the same length (ratio ≤ 2), and 60 contracts built by the worker.

Registered but skipped until the grants app (issue #7) brings awards and contracts. Then
replace the ``skip=`` registration with a function that, for the generator's 60 awards,
times the contract service per contract against ``weasyprint.HTML(string=…).write_pdf()``
of a page with the same text, and times the worker's task building all 60 (the grants part
of ``bench/generate.py`` builds the awards).
"""

from .runner import benchmark

benchmark(
    "contract pdf",
    "4. Contract PDF per contract against a one-page WeasyPrint HTML; 60 by the worker",
    skip=(
        "the grants app has no awards or contracts on this branch (issue #7); "
        "the benchmark is written against grants when it is merged"
    ),
)(lambda run: [])
