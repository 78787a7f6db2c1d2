"""The deadline-day load client keeps working: a few members autosave and submit against a
live server for a few seconds, and the checks find every write, one submission and one
receipt each (the full run is `make bench`, docs/benchmarks.md)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from applications import pdf
from bench import load

pytestmark = [pytest.mark.django_db(transaction=True)]


def run_in_own_thread(coroutine):
    """asyncio.run on a thread of its own: on an xdist worker that ran a browser test
    first, Playwright's sync API keeps an event loop running on the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_load_client_runs_against_a_live_server(live_server, settings, monkeypatch):
    settings.ROOT_URLCONF = "bench.urls"
    # The receipt is built inline here (Celery runs eagerly): its PDF is not what is tested.
    monkeypatch.setattr(pdf, "render_application_pdf", lambda application: b"%PDF-1.7")
    members = load.make_members(3)
    assert run_in_own_thread(load.closed_loop(live_server.url, "/bench/trivial/", seconds=0.3)) > 0
    figures = run_in_own_thread(
        load.deadline_day(live_server.url, members, seconds=3, window=4, period=0.5)
    )
    assert figures.errors == []
    assert figures.autosave and figures.autosave_late and figures.trivial
    assert len(figures.submit) >= len(members)
    assert figures.stale_accepted == 0
    assert load.check_writes(members) == {"lost or reordered": 0, "not one submission": 0}
    assert all(member.acknowledged > 1 for member in members)
    assert set(load.receipts(members).values()) == {1}
