"""The programme report for donors: one workbook per call, one sheet per part.

The report is a list of sheet builders. An app contributes a sheet by declaring it in its
``report_sheets`` module, which reports collects at start-up (the apps below do not import
reports)::

    def workshop_sheet(writer: WorkbookWriter, call: Call) -> None:
        sheet = writer.sheet(_("Практикум"), [Column(_("день")), ...])
        ...

    PROGRAMME_SHEETS = [("workshop", _("Практикум"), 20, workshop_sheet)]

Sheets come in ``order``; the pipeline (applications) is 10, later parts take 20, 30 ….
The Celery task, the admin page and ``manage.py programme_report`` all call
``build_programme_report``; jobs started from the admin go through ``start_report`` and
``run_report_job``.
"""

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import module_has_submodule

from core.queue import enqueue_on_commit
from core.xlsx import WorkbookWriter

from .models import ReportJob

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SheetBuilder:
    key: str
    title: str
    build: Callable
    order: int


SHEETS: dict[str, SheetBuilder] = {}


def register_sheet(key: str, title, *, order: int = 100):
    """Add a sheet to the programme report (registering a key again replaces it)."""

    def decorator(function):
        SHEETS[key] = SheetBuilder(key=key, title=title, build=function, order=order)
        return function

    return decorator


def discover_sheets() -> None:
    """Register the ``PROGRAMME_SHEETS`` of every installed app's ``report_sheets``."""
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "report_sheets"):
            continue
        module = import_module(f"{app.name}.report_sheets")
        for key, title, order, build in getattr(module, "PROGRAMME_SHEETS", ()):
            register_sheet(key, title, order=order)(build)


def sheet_builders() -> list[SheetBuilder]:
    return sorted(SHEETS.values(), key=lambda builder: (builder.order, builder.key))


def build_programme_report(*, call, target, progress: Progress | None = None) -> None:
    """Write the report of ``call`` to ``target`` (a path or binary file), sheet by sheet."""
    builders = sheet_builders()
    writer = WorkbookWriter()
    try:
        for done, builder in enumerate(builders):
            if progress:
                progress(done, len(builders), str(builder.title))
            builder.build(writer, call)
        writer.save(target)
    except BaseException:
        writer.discard()
        raise
    if progress:
        progress(len(builders), len(builders), "")


def report_filename(call) -> str:
    return f"eged-report-{call.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"


@transaction.atomic
def start_report(*, call, by, language: str | None = None) -> ReportJob:
    """Record the request and hand it to the worker once the transaction commits."""
    from .tasks import build_report

    job = ReportJob.objects.create(
        call=call,
        requested_by=by,
        language=language or getattr(by, "language", None) or "ru",
    )
    enqueue_on_commit(build_report, job.pk)
    return job


def _stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.REPORT_REQUEUE_AFTER)


def run_report_job(*, job_id: int) -> ReportJob | None:
    """Build a queued job's workbook.

    Safe to run twice: a finished job is left alone, and so is a job another worker is
    building (its heartbeat is fresh). A job whose worker died (no heartbeat for
    ``REPORT_REQUEUE_AFTER``) is built again from the start; only the latest run may mark
    it done, so the job finishes — and its e-mail goes — once.
    """
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("call", "requested_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.is_finished:
            return job
        now = timezone.now()
        alive = job.heartbeat_at is not None and job.heartbeat_at > now - _stale_after()
        if job.status == ReportJob.Status.RUNNING and alive:
            return job
        job.status = ReportJob.Status.RUNNING
        job.started_at = job.heartbeat_at = now
        job.progress, job.step = 0, ""
        job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "step"])
    this_run = ReportJob.objects.filter(pk=job.pk, started_at=job.started_at)

    def progress(done: int, total: int, title: str) -> None:
        this_run.update(
            progress=int(done * 100 / total) if total else 100,
            step=title[:255],
            heartbeat_at=timezone.now(),
        )

    try:
        with translation.override(job.language):
            content = io.BytesIO()
            build_programme_report(call=job.call, target=content, progress=progress)
        job.file.save(report_filename(job.call), ContentFile(content.getvalue()), save=False)
    except Exception as error:
        logger.exception("Programme report %s failed", job.pk)
        this_run.update(
            status=ReportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    finished = this_run.exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="",
        file=job.file.name,
        finished_at=timezone.now(),
    )
    if not finished:  # a later run took the job over; it finishes it
        job.file.delete(save=False)
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    notify_report_ready(job)
    return job


def lost_report_job_ids(*, now=None) -> list[int]:
    """Jobs whose task was lost (the broker was down) or whose worker died mid-build:
    queued, or running without a heartbeat, for longer than ``REPORT_REQUEUE_AFTER``."""
    limit = (now or timezone.now()) - _stale_after()
    return list(
        ReportJob.objects.filter(
            Q(status=ReportJob.Status.QUEUED, created_at__lte=limit)
            | Q(status=ReportJob.Status.RUNNING, heartbeat_at__lte=limit)
            | Q(status=ReportJob.Status.RUNNING, heartbeat_at=None, started_at__lte=limit)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notify_report_ready(job: ReportJob) -> None:
    from notifications.services import send_notification

    if job.requested_by is None or not job.requested_by.email:
        return
    send_notification(
        to=job.requested_by,
        template="emails/report_ready",
        context={"job": job, "call": job.call},
        key=f"report-ready:{job.pk}",
        language=job.language,
    )
