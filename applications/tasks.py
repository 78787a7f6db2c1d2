from celery import shared_task

from . import decisions, submission


@shared_task(name="applications.tasks.send_submission_receipt")
def send_submission_receipt(application_id: int, version: int) -> None:
    submission.send_submission_receipt(application_id=application_id, version=version)


@shared_task(name="applications.tasks.send_decision_notice")
def send_decision_notice(application_id: int, decision: str, change_id: int | None = None) -> None:
    decisions.send_decision_notice(
        application_id=application_id, decision=decision, change_id=change_id
    )
