"""On deadline day an autosave and a submission lock the application's own row, never the
call's: with the call locked too, every coalition's save queued on one row, and so did a
staff member extending the deadline (issue 20). PostgreSQL only: SQLite has no row locks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import complete
from .test_application_form import application, url  # noqa: F401 — the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


def _locks(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]


def test_autosave_and_submission_lock_only_the_application_row(client, application):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes no FOR UPDATE")
    with CaptureQueriesContext(connection) as autosave:
        response = client.post(
            url(application, "idea"), {"idea_title": "Быстро", "autosave": "1", "revision": "1"}
        )
    assert response.status_code == 200
    complete(application)
    with CaptureQueriesContext(connection) as submission:
        client.post(reverse("applications:submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "submitted"
    for captured in (autosave, submission):
        locks = _locks(captured)
        assert locks, "the application is read with select_for_update"
        for sql in locks:
            assert sql.endswith('FOR UPDATE OF "applications_application"'), sql
