"""Run the same thing in several threads at the same moment (PostgreSQL tests)."""

import threading

import pytest
from django.db import connection

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL); CI sets it"
)


def at_once(count: int, action) -> list:
    """Call ``action(index)`` in ``count`` threads released together by a barrier; return
    the results in index order. Each thread has its own database connection, closed at
    the end; an exception in a thread fails the test with it."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            connection.ensure_connection()  # connect first, so the actions start together
            barrier.wait(timeout=20)
            results[index] = action(index)
        except Exception as exc:  # a thread's exception is lost unless reported
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results
