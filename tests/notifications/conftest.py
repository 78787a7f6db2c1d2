import pytest
import time_machine

from notifications.reminder_services import send_due_reminders


@pytest.fixture
def run_at(django_capture_on_commit_callbacks):
    """Run the job at a moment in Bishkek time; its messages leave as its batches commit."""

    def run(moment):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return send_due_reminders()

    return run
