"""Run the benchmarks and report each figure beside its reference, measured in the same run.

A benchmark is a function registered with ``@benchmark``; it receives the ``Run`` (scale,
repetitions, the query counts taken on the small programme) and returns ``Result`` rows.
A benchmark that cannot run on this branch is registered with ``skip=`` and the reason;
it is reported, never silently left out.
"""

import dataclasses
import datetime as dt
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from . import generate

# Rows of the "small" programme for the query-count comparison: 50 applications at full
# scale (the "at 50 and at 5,000 rows").
SMALL_SHARE = 0.01


@dataclasses.dataclass
class Result:
    benchmark: str
    figure: str
    ours: float | None = None
    reference: float | None = None
    unit: str = ""
    limit: str = ""  # e.g. "≤ 1.5", "= 1"
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.reference:
            return None
        return self.ours / self.reference


@dataclasses.dataclass
class Run:
    scale: float
    repeat: int
    small_scale: float
    small_counts: dict = dataclasses.field(default_factory=dict)
    log: Callable = print


@dataclasses.dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    function: Callable[[Run], list[Result]]
    skip: str = ""


BENCHMARKS: list[Benchmark] = []


def benchmark(name: str, title: str, *, skip: str = ""):
    def register(function):
        BENCHMARKS.append(Benchmark(name, title, function, skip))
        return function

    return register


def median_time(function: Callable, repeat: int, *, warmup: int = 1) -> tuple[float, list]:
    """Median wall time in seconds of ``function()`` over ``repeat`` runs (after warm-up)."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def interleaved_median_times(functions: list[Callable], repeat: int, *, warmup: int = 1):
    """Median wall times in seconds of each of ``functions``, called in turn ``repeat``
    times (after warm-up): a burst of load elsewhere on the machine falls on all of them
    alike, where timing one after the other lets it fall on one side of a ratio."""
    for _ in range(warmup):
        for function in functions:
            function()
    times = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            started = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - started)
    return [statistics.median(each) for each in times]


def check(ratio: float | None, limit: float) -> bool | None:
    return None if ratio is None else ratio <= limit


def _load_benchmarks() -> None:
    from . import (  # noqa: F401 — each module registers its benchmarks
        admin_list,
        contracts,
        export,
        load,
        pages,
        reminders,
        throughput,
    )


def prepare_database() -> None:
    """Create the bench database if it is missing, and migrate it."""
    from django.core.management import call_command

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", interactive=False, verbosity=0)


def run(*, scale: float, repeat: int = 5, only=None, reuse=False, log=print) -> list[Result]:
    """Build the small programme, count queries; build the full one; run every benchmark.

    ``reuse`` runs on the programme already in the database (while working on one
    benchmark; the query counts then have no small programme to compare with)."""
    from . import pages

    _load_benchmarks()
    small_scale = scale * SMALL_SHARE
    run_ = Run(scale=scale, repeat=repeat, small_scale=small_scale, log=log)
    selected = [b for b in BENCHMARKS if only is None or b.name in only]
    if not reuse and any(b.name == "queries" for b in selected):
        log(f"Building the small programme (scale {small_scale:g}) …")
        generate.generate(scale=small_scale, log=log)
        run_.small_counts = pages.count_all_pages()
    if not reuse:
        log(f"Building the programme (scale {scale:g}) …")
        generate.generate(scale=scale, log=log)
    results = []
    for item in selected:
        log(f"\n== {item.title}")
        if item.skip:
            result = Result(item.name, item.title, note=f"skipped: {item.skip}")
            results.append(result)
            log(f"   {result.note}")
            continue
        for result in item.function(run_):
            results.append(result)
            log("   " + format_line(result))
    failed = [r for r in results if r.passed is False]
    log(f"\n{len(results)} figures, {len(failed)} miss their limit.")
    return results


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit in ("queries", ""):
        return f"{value:g}"
    return f"{value:,.1f} {unit}".replace(",", " ")


def format_line(result: Result) -> str:
    ratio = f"{result.ratio:.2f}" if result.ratio is not None else "—"
    verdict = {True: "ok", False: "MISSES LIMIT", None: ""}[result.passed]
    return (
        f"{result.figure}: ours {_number(result.ours, result.unit)}, "
        f"reference {_number(result.reference, result.unit)}, ratio {ratio} "
        f"(limit {result.limit or '—'}) {verdict}".rstrip()
        + (f" — {result.note}" if result.note else "")
    )


def machine() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": memory,
        "python": platform.python_version(),
        "database": database,
        "os": platform.platform(),
    }


def write_markdown(results: list[Result], path: str) -> None:
    """The figures as a Markdown table (pasted into docs/benchmarks.md)."""
    lines = [
        "| benchmark | figure | ours | reference | ratio | limit | verdict |",
        "|" + "---|" * 7,
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "—"
        verdict = {True: "ok", False: "**misses**", None: ""}[r.passed]
        note = f" ({r.note})" if r.note else ""
        lines.append(
            f"| {r.benchmark} | {r.figure}{note} | {_number(r.ours, r.unit)} | "
            f"{_number(r.reference, r.unit)} | {ratio} | {r.limit or '—'} | {verdict} |"
        )
    info = machine()
    lines += ["", *(f"- {k}: {v}" for k, v in info.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
