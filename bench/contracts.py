"""Benchmark 4: contract PDFs — time per contract against WeasyPrint rendering a one-page
HTML of the same length (ratio ≤ 2), and 60 contracts built by the worker.

The contracts are the generator's awards, whose PDFs the worker has not printed yet (as
right after staff accept a selection). Per contract: ``grants.contracts.render_contract_pdf``
— what the worker's task prints, from the database to the PDF's bytes — against
``weasyprint.HTML(string=…).write_pdf()`` of a plain page holding as many characters of
text in the same font (DejaVu Sans), the two in turn for each contract, median over the
contracts and ``--repeat``. Then a
real Celery worker (two processes, the bench's Redis db) builds all of them from the
``grants.tasks.build_contract`` tasks ``award_support`` enqueues: wall time from the first
task sent to the last version recorded. The printed versions are deleted afterwards, so
the programme is as generated for the next run.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.html import strip_tags

from .runner import Result, Run, benchmark

RATIO_LIMIT = 2.0
WORKER_TIMEOUT = 600  # seconds
ROOT = Path(__file__).resolve().parent.parent

REFERENCE_PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 16mm 14mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }}
</style></head><body><p>{text}</p></body></html>"""


def reference_html(length: int) -> str:
    """A plain page of ``length`` characters of Russian text."""
    words = "Коалиция получает техническую поддержку в натуральной форме по договору. "
    return REFERENCE_PAGE.format(text=(words * (length // len(words) + 1))[:length])


def text_of(html: str) -> str:
    """The words a reader sees: the body without tags, spaces collapsed (not the CSS)."""
    body = html.split("<body", 1)[-1]
    return " ".join(strip_tags("<body" + body).split())


def unprinted_contracts() -> list:
    from grants.contracts import awards_without_pdf
    from grants.models import Contract

    awards = awards_without_pdf()
    return list(
        Contract.objects.filter(award__in=awards)
        .select_related("award__application", "call")
        .order_by("pk")
    )


def _median_each(functions, items, repeat: int) -> list[float]:
    """Median seconds of each of ``functions(item)`` over every item, ``repeat`` times each,
    the functions in turn for each item (a burst of load falls on all of them alike)."""
    times = [[] for _ in functions]
    for _ in range(repeat):
        for item in items:
            for index, function in enumerate(functions):
                started = time.perf_counter()
                function(item)
                times[index].append(time.perf_counter() - started)
    return [statistics.median(each) for each in times]


def per_contract(run: Run, contracts: list) -> Result:
    from core.pdf import html_to_pdf
    from grants.contracts import contract_html, render_contract_pdf

    sample = contracts[: max(1, min(len(contracts), 10))]
    lengths = {c.pk: len(text_of(contract_html(c))) for c in sample}
    pages = {pk: reference_html(length) for pk, length in lengths.items()}
    render_contract_pdf(sample[0])  # warm: fonts, templates, WeasyPrint's imports
    html_to_pdf(pages[sample[0].pk])
    ours, reference = _median_each(
        [render_contract_pdf, lambda c: html_to_pdf(pages[c.pk])], sample, run.repeat
    )
    result = Result(
        "contract pdf",
        "time per contract",
        ours=ours,
        reference=reference,
        unit="s",
        limit=f"≤ {RATIO_LIMIT:g}",
        note=(
            f"median of {len(sample)} contracts × {run.repeat}, the two in turn; reference: "
            "WeasyPrint, a plain page of the same text length "
            f"({statistics.median(lengths.values()):.0f} characters in one paragraph)"
        ),
    )
    result.passed = result.ratio <= RATIO_LIMIT
    return result


def _worker_env() -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


def _start_worker(log_path: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "eged_portal",
        "worker",
        f"--concurrency={os.cpu_count() or 2}",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
    ]
    with log_path.open("w") as log:
        return subprocess.Popen(  # noqa: S603 — our own worker command
            command,
            cwd=ROOT,
            env=_worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_for_worker(app, worker: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped:\n{log_path.read_text()[-2000:]}")
        if app.control.ping(timeout=1.0):
            return
    raise RuntimeError(f"the worker did not start:\n{log_path.read_text()[-2000:]}")


def _stop(worker: subprocess.Popen) -> None:
    import signal

    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def built_by_worker(contracts: list) -> tuple[float, int]:
    """Seconds for a real worker to print every contract from the enqueued tasks."""
    from eged_portal.celery import app
    from grants.models import ContractVersion
    from grants.tasks import build_contract

    from .reminders import _purge_broker

    _purge_broker()  # nothing else of the bench is left for this worker to do
    log_path = Path(settings.VAR_DIR) / "contract-worker.log"
    worker = _start_worker(log_path)
    try:
        _wait_for_worker(app, worker, log_path)
        printed = ContractVersion.objects.filter(contract__in=contracts)
        started = time.perf_counter()
        for contract in contracts:
            build_contract.apply_async(args=(contract.award_id, contract.award.revision))
        while printed.count() < len(contracts):
            if time.perf_counter() - started > WORKER_TIMEOUT:
                raise RuntimeError(f"the worker printed {printed.count()} of {len(contracts)}")
            if worker.poll() is not None:
                raise RuntimeError(f"the worker stopped:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.05)
        return time.perf_counter() - started, printed.count()
    finally:
        _stop(worker)


def forget_printed(contracts: list) -> None:
    """Delete the versions printed here (and their files): the programme as generated."""
    from grants.models import ContractVersion

    for version in ContractVersion.objects.filter(contract__in=contracts):
        version.pdf.delete(save=False)
        version.delete()


@benchmark(
    "contract pdf",
    "4. Contract PDF per contract against a one-page WeasyPrint HTML; 60 by the worker",
)
def contract_pdfs(run: Run) -> list[Result]:
    contracts = unprinted_contracts()
    if not contracts:
        return [Result("contract pdf", "contracts", note="no unprinted contract to measure")]
    try:
        single = per_contract(run, contracts)
        total, printed = built_by_worker(contracts)
    finally:
        forget_printed(contracts)
    worker = Result(
        "contract pdf",
        f"{printed} contracts built by the worker ({os.cpu_count()} processes)",
        ours=total,
        reference=single.ours * printed,
        unit="s",
        note=(
            f"{total / printed * 1000:.0f} ms per contract; reference: the same printed one "
            "after another in this process"
        ),
    )
    return [single, worker]
