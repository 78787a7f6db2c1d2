from celery import shared_task

from . import programme


@shared_task(name="reports.tasks.build_report")
def build_report(job_id: int) -> None:
    programme.run_report_job(job_id=job_id)


@shared_task(name="reports.tasks.sweep_report_jobs")
def sweep_report_jobs() -> int:
    """Beat: build again the reports whose task was lost or whose worker died."""
    ids = programme.lost_report_job_ids()
    for job_id in ids:
        build_report.delay(job_id)
    return len(ids)
