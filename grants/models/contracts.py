"""Contracts for awarded support: numbered per call, printed to PDF in versions, signed."""

import uuid
from pathlib import PurePath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call
from core.lifecycle import StatusChange, can_move

from .awards import Award
from .support import MONEY


def contract_scan_path(instance, filename: str) -> str:
    """A random name: the original name is kept in the row, never in the file system."""
    return f"private/contracts/signed/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Contract(models.Model):
    """The contract of one award. Status moves only along ``TRANSITIONS``; each move is
    recorded in ``ContractStatusChange``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SENT = "sent", _("отправлен коалиции")
        SIGNED = "signed", _("подписан коалицией")
        COUNTERSIGNED = "countersigned", _("подписан ИПР")
        ACTIVE = "active", _("действует")

    TRANSITIONS = {
        Status.DRAFT: {Status.SENT},
        Status.SENT: {Status.SIGNED, Status.DRAFT},
        Status.SIGNED: {Status.COUNTERSIGNED, Status.SENT},
        Status.COUNTERSIGNED: {Status.ACTIVE},
        Status.ACTIVE: set(),
    }

    award = models.OneToOneField(
        Award, verbose_name=_("поддержка"), on_delete=models.PROTECT, related_name="contract"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.PROTECT, related_name="contracts"
    )
    sequence = models.PositiveIntegerField(_("порядковый номер"))
    number = models.CharField(_("номер договора"), max_length=32)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    signed_scan = models.FileField(
        _("скан, подписанный коалицией"),
        upload_to=contract_scan_path,
        max_length=255,
        blank=True,
    )
    signed_scan_name = models.CharField(_("имя файла скана"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("договор")
        verbose_name_plural = _("договоры")
        ordering = ["call", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="contract_number_per_call"),
            models.UniqueConstraint(fields=["call", "sequence"], name="contract_sequence_per_call"),
        ]

    def __str__(self):
        return f"№ {self.number}"

    def can_move_to(self, status: str) -> bool:
        return can_move(self, status)

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


def contract_pdf_path(instance, filename: str) -> str:
    return f"private/contracts/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ContractVersion(models.Model):
    """One printed PDF of a contract; a changed award is printed as a new version."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("версия"))
    award_revision = models.PositiveIntegerField(_("редакция поддержки"))
    amount = models.DecimalField(_("сумма, сом"), **MONEY)
    pdf = models.FileField(_("файл PDF"), upload_to=contract_pdf_path, max_length=255)
    created_at = models.DateTimeField(_("создана"), default=timezone.now)

    class Meta:
        verbose_name = _("версия договора")
        verbose_name_plural = _("версии договора")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_version_number"),
            models.UniqueConstraint(
                fields=["contract", "award_revision"], name="one_version_per_award_revision"
            ),
        ]

    def __str__(self):
        return f"{self.contract} v{self.number}"

    @property
    def filename(self) -> str:
        safe = self.contract.number.replace("/", "-")
        return f"contract-{safe}-v{self.number}.pdf"


class ContractStatusChange(StatusChange):
    """One move of a contract's status: who, when, from, to, why."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="status_changes")
    from_status = StatusChange.from_status_field(Contract.Status)
    to_status = StatusChange.to_status_field(Contract.Status)

    class Meta:
        verbose_name = _("изменение статуса договора")
        verbose_name_plural = _("история статусов договора")
        ordering = ["contract", "at", "pk"]
