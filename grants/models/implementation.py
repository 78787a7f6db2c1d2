"""Implementation of an award: what the support actually cost (recorded by finance against
the award's lines), reallocations between lines, and the progress and final reports the
coalition submits on the schedule staff set."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import AnswersDocument
from coalitions.models import Membership
from core.lifecycle import StatusChange, can_move

from .awards import Award, AwardLine
from .support import MONEY, CostReview, ExpectedResult, TechnicalSupportApplication


def _private(folder: str, filename: str) -> str:
    """A random name: the original name is kept in the row, never in the file system."""
    return f"private/{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def spending_document_path(instance, filename: str) -> str:
    return _private("grants/spending", filename)


def report_file_path(instance, filename: str) -> str:
    return _private("grants/reports", filename)


class Spending(CostReview):
    """A payment made for the coalition in kind: an expert's fee, materials, an event."""

    award = models.ForeignKey(
        Award, verbose_name=_("поддержка"), on_delete=models.PROTECT, related_name="spendings"
    )
    line = models.ForeignKey(
        AwardLine,
        verbose_name=_("строка поддержки"),
        on_delete=models.PROTECT,
        related_name="spendings",
    )
    spent_on = models.DateField(_("дата"))
    amount = models.DecimalField(_("сумма, сом"), **MONEY)
    supplier = models.CharField(_("поставщик или эксперт"), max_length=255)
    description = models.CharField(_("что оплачено"), max_length=500)
    document = models.FileField(
        _("подтверждающий документ"), upload_to=spending_document_path, max_length=255, blank=True
    )
    document_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто внёс"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    # The key of the form that recorded it: the same form sent twice (a double click, a
    # second tab) records one spending. Two identical receipts from two forms stay two.
    entry_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("расход")
        verbose_name_plural = _("расходы")
        ordering = ["award", "spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive"),
        ]

    def __str__(self):
        return f"{self.spent_on:%d.%m.%Y} {self.supplier}: {self.amount}"


class Reallocation(models.Model):
    """Money moved from one line of an award to another, with the reason, kept in history."""

    award = models.ForeignKey(
        Award, verbose_name=_("поддержка"), on_delete=models.PROTECT, related_name="reallocations"
    )
    from_line = models.ForeignKey(
        AwardLine, verbose_name=_("со строки"), on_delete=models.PROTECT, related_name="+"
    )
    to_line = models.ForeignKey(
        AwardLine, verbose_name=_("на строку"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("сумма, сом"), **MONEY)
    reason = models.CharField(_("причина"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("перераспределение между строками")
        verbose_name_plural = _("перераспределения между строками")
        ordering = ["award", "at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reallocation_positive"),
            models.CheckConstraint(
                condition=~Q(from_line=models.F("to_line")), name="reallocation_between_lines"
            ),
        ]

    def __str__(self):
        return f"{self.from_line} → {self.to_line}: {self.amount}"


class ReportQuerySet(models.QuerySet):
    def of_member(self, user):
        if not user.is_authenticated:
            return self.none()
        # Two index scans of support requests by the person's coalitions: a join through
        # memberships needs DISTINCT over every column of every report (and of the rows
        # the dashboard selects with it), and an OR of the two reads every request.
        coalitions = Membership.objects.filter(user=user).values("coalition_id")
        applications = TechnicalSupportApplication._base_manager.order_by()
        led = applications.filter(coalition_id__in=coalitions).values("pk")
        joined = applications.filter(partner_id__in=coalitions).values("pk")
        return self.filter(award__application_id__in=led.union(joined))


class Report(AnswersDocument):
    """A progress (interim) or final report due on a date staff set for the award."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("промежуточный")
        FINAL = "final", _("итоговый")

    class Status(models.TextChoices):
        DRAFT = "draft", _("не отправлен")
        SUBMITTED = "submitted", _("отправлен")
        CHANGES_REQUESTED = "changes_requested", _("нужны исправления")
        ACCEPTED = "accepted", _("принят")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACCEPTED, Status.CHANGES_REQUESTED},
        Status.CHANGES_REQUESTED: {Status.SUBMITTED},
        Status.ACCEPTED: set(),
    }
    # The coalition may change the answers in these statuses.
    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    award = models.ForeignKey(
        Award, verbose_name=_("поддержка"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("срок сдачи"))
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The answers to the call's report form are ``answers`` (``AnswersDocument``); the
    # results per indicator and the files keep their tables: the rules read them.
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("впервые отправлен"), null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff_comment = models.TextField(_("комментарий сотрудника"), blank=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("отчёт о кампании")
        verbose_name_plural = _("отчёты о кампаниях")
        ordering = ["award", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["award"],
                condition=Q(kind="final"),
                name="one_final_report_per_award",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_on:%d.%m.%Y})"

    def can_move_to(self, status: str) -> bool:
        return can_move(self, status)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def is_late(self, *, today=None) -> bool:
        """Sent after its due date (Bishkek), or still not sent once the date has passed."""
        if self.first_submitted_at is not None:
            return timezone.localtime(self.first_submitted_at).date() > self.due_on
        return (today or timezone.localdate()) > self.due_on


class ReportResult(models.Model):
    """What was achieved against one expected result (indicator and target) of the plan."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="results")
    expected = models.ForeignKey(
        ExpectedResult, verbose_name=_("ожидаемый результат"), on_delete=models.CASCADE
    )
    achieved = models.CharField(_("достигнуто"), max_length=255, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("результат по индикатору")
        verbose_name_plural = _("результаты по индикаторам")
        ordering = ["report", "expected__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "expected"], name="one_result_per_indicator")
        ]

    def __str__(self):
        return f"{self.expected}: {self.achieved}"


class ReportFile(models.Model):
    """A file of collected data or evidence; served only through the permission-checked view."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("файл"), upload_to=report_file_path, max_length=255)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип"), max_length=120)
    size = models.PositiveIntegerField(_("размер, байт"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("загрузил"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("файл отчёта")
        verbose_name_plural = _("файлы отчёта")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ReportStatusChange(StatusChange):
    """One move of a report's status: who, when, from, to, and the staff's comment."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="status_changes")
    from_status = StatusChange.from_status_field(Report.Status)
    to_status = StatusChange.to_status_field(Report.Status)

    class Meta:
        verbose_name = _("изменение статуса отчёта")
        verbose_name_plural = _("история статусов отчёта")
        ordering = ["report", "at", "pk"]


class DoubtfulSpending(Spending):
    """The payments the institutional-costs rule found doubtful, for staff to settle."""

    class Meta:
        proxy = True
        verbose_name = _("сомнительный расход")
        verbose_name_plural = _("сомнительные расходы")
