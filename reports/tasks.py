from celery import shared_task

from . import programme


@shared_task(name="reports.tasks.build_report")
def build_report(job_id: int) -> None:
    programme.run_report_job(job_id=job_id)
