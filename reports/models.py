import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def report_path(instance, filename: str) -> str:
    return f"private/reports/{uuid.uuid4().hex}.xlsx"


class ReportJob(models.Model):
    """One programme report a staff member asked for: built by the worker, then downloaded."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("собирается")
        DONE = "done", _("готов")
        FAILED = "failed", _("ошибка")

    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("конкурс"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("готово, %"), default=0)
    step = models.CharField(_("сейчас"), max_length=255, blank=True)
    file = models.FileField(_("файл"), upload_to=report_path, max_length=255, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    language = models.CharField(_("язык"), max_length=8, default="ru")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запросил"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("запрошен"), auto_now_add=True)
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    # Touched as each sheet starts: a running job whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(_("последний признак работы"), null=True, blank=True)
    finished_at = models.DateTimeField(_("закончен"), null=True, blank=True)

    class Meta:
        verbose_name = _("отчёт программы")
        verbose_name_plural = _("отчёты программы")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.call.slug} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
