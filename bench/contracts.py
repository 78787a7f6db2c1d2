"""Benchmark 4: contract PDFs — the time per contract against WeasyPrint rendering that
contract's own final HTML (ratio ≤ 1.25: the portal's overhead of reading the award and
rendering the template), and 60 contracts built by the worker in ≤ 10 s.

The contracts are the generator's awards, whose PDFs the worker has not printed yet (as
right after staff accept a selection). Per contract: ``grants.contracts.render_contract_pdf``
— what the worker's task prints, from the database to the PDF's bytes — against
``core.pdf.html_to_pdf`` of the HTML ``grants.contracts.contract_html`` gives for the same
contract, rendered beforehand (so the reference is WeasyPrint's layout of the very page,
tables and all), the two in turn for each contract, median over the contracts and
``--repeat``. Then a real Celery worker (two processes, the bench's Redis db) builds all of
them from the ``grants.tasks.build_contract`` tasks ``award_support`` enqueues: wall time
from the first task sent to the last version recorded. The printed versions are deleted
afterwards, so the programme is as generated for the next run.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from .runner import Result, Run, benchmark

RATIO_LIMIT = 1.25
WORKER_LIMIT = 10.0  # seconds for 60 contracts
WORKER_TIMEOUT = 600  # seconds
ROOT = Path(__file__).resolve().parent.parent


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
    pages = {c.pk: contract_html(c) for c in sample}  # each contract's own final HTML
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
            "WeasyPrint on the same contract's final HTML, rendered beforehand"
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
    "4. Contract PDF per contract against WeasyPrint on its own HTML; 60 by the worker",
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
        limit=f"≤ {WORKER_LIMIT:g} s for 60",
        note=(
            f"{total / printed * 1000:.0f} ms per contract; reference: the same printed one "
            "after another in this process"
        ),
    )
    worker.passed = total * 60 / printed <= WORKER_LIMIT
    return [single, worker]
