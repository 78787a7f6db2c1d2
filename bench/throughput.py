"""Benchmark 6: requests per second of the public call page and the member's dashboard
under gunicorn and PostgreSQL, against a trivial Django view on the same server.

gunicorn serves ``bench.wsgi``-equivalent ``eged_portal.wsgi`` with the bench settings on
a loopback port; ``wrk`` loads one URL at a time (a signed-in member's session cookie for
the dashboard) and a Lua hook reports requests per second and the 50th/95th/99th
percentile latency. The trivial view (``bench/urls.py``) goes through the same
middleware and server, with the same session cookie as the page (none for the call page,
the member's for the dashboard), so the ratio is the cost of the page itself.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from .pages import MEMBER, _user
from .runner import Result, Run, benchmark, check

LIMIT = 0.25  # at least a quarter of the trivial view's requests per second (issue #20)
DURATION = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "8"))
# As in docker-compose.yml: 4 × cores sync workers (docs/deploy.md, sizing). A request
# waits on PostgreSQL part of its time, and with more workers than cores the kernel shares
# the cores between requests instead of queueing a trivial one behind ten saves.
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str((os.cpu_count() or 1) * 4)))

REPORT_LUA = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, ' ..
    '"p50": %.3f, "p95": %.3f, "p99": %.3f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(  # noqa: S603 — our own venv's gunicorn, fixed arguments
        [
            str(gunicorn),
            "eged_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
    )


def wrk(url: str, *, cookie: str = "", script: str) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}s",
        "--timeout",
        "10s",
        "-s",
        script,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 — wrk with fixed arguments on loopback
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    line = [line for line in output.splitlines() if line.startswith("{")][-1]
    figures = json.loads(line)
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


@benchmark("throughput", "6. Requests per second under gunicorn against a trivial view")
def throughput(run: Run) -> list[Result]:
    from calls.models import Call

    if shutil.which("wrk") is None:
        return [Result("throughput", "throughput", note="skipped: wrk is not installed")]
    current = Call.objects.filter(status=Call.Status.OPEN).get()
    client = Client()
    client.force_login(_user(MEMBER))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    rows = []
    try:
        _wait_until_up(base + reverse("bench_trivial"))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(REPORT_LUA)
            script = handle.name
        pages = [
            ("public call page", reverse("applications:call_detail", args=[current.slug]), ""),
            ("member dashboard", reverse("portal:dashboard"), cookie),
        ]
        for name, path, page_cookie in pages:
            wrk(base + path, cookie=page_cookie, script=script)  # warm every worker
            # The reference carries the same cookie: a signed-in request loads its session
            # and user through the middleware, an anonymous one does not.
            trivial = wrk(base + reverse("bench_trivial"), cookie=page_cookie, script=script)
            page = wrk(base + path, cookie=page_cookie, script=script)
            if page["non2xx"] or page["errors"]:
                note = f"{page['non2xx']} non-2xx answers, {page['errors']} errors"
            else:
                note = (
                    f"p95 {page['p95']:.1f} ms (trivial {trivial['p95']:.1f} ms), "
                    f"p50 {page['p50']:.1f} ms, p99 {page['p99']:.1f} ms"
                )
            result = Result(
                "throughput",
                f"{name}, requests/s",
                ours=page["rps"],
                reference=trivial["rps"],
                unit="req/s",
                limit=f"≥ {LIMIT}",
                note=note,
            )
            ratio = result.ratio
            result.passed = None if ratio is None else ratio >= LIMIT and not page["non2xx"]
            rows.append(result)
        Path(script).unlink()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return rows


__all__ = ["check", "throughput"]
