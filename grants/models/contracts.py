"""Contracts for awarded support: numbered per call, printed to PDF in versions, signed."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Call

from .awards import Award
from .support import MONEY


class SupportTerms(models.Model):
    """A call's terms of technical support, which staff edit in the admin: the rule on
    institutional costs (quoted when a budget line is refused), the words that mark such
    costs, the reporting obligations and the contract's Russian template."""

    call = models.OneToOneField(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="support_terms"
    )
    excluded_costs_rule = models.TextField(
        _("правило конкурса об институциональных расходах"),
        help_text=_("Цитируется заявителю, когда строка бюджета отклонена."),
    )
    excluded_cost_words = models.TextField(
        _("дополнительные признаки сомнительных расходов"),
        blank=True,
        help_text=_(
            "Необязательно. Правило об институциональных расходах уже распознаёт оплату "
            "труда сотрудников, офис, коммунальные услуги, оборудование и накладные расходы "
            "в любой форме слова. Здесь можно добавить свои признаки: по одному в строке, "
            "начала слов через пробел (например, «членск взнос»). Строка, где встретились "
            "все начала, принимается, но отмечается для решения сотрудников."
        ),
    )
    reporting_obligations = models.TextField(_("обязательства по отчётности"))
    interim_report_due = models.DateField(_("промежуточный отчёт до"), null=True, blank=True)
    final_report_due = models.DateField(_("итоговый отчёт до"), null=True, blank=True)
    number_prefix = models.CharField(_("префикс номера договора"), max_length=16, default="ТП")
    ipr_signatory = models.CharField(
        _("должность представителя ИПР"),
        max_length=255,
        help_text=_("Как в тексте договора, со строчной буквы: «директор»."),
    )
    ipr_representative = models.CharField(
        _("представитель ИПР (фамилия, имя, отчество)"), max_length=255, blank=True
    )
    ipr_basis = models.CharField(
        _("представитель ИПР действует на основании"),
        max_length=255,
        default="Устава",
        help_text=_("В родительном падеже: «Устава», «доверенности № 5 от 1 июля 2022 г.»."),
    )
    ipr_address = models.TextField(_("юридический адрес ИПР"), blank=True)
    ipr_bank_details = models.TextField(
        _("банковские реквизиты ИПР"),
        blank=True,
        help_text=_("Банк, БИК, расчётный счёт."),
    )
    ipr_details = models.TextField(
        _("прочие реквизиты ИПР"), blank=True, help_text=_("ИНН, ОКПО, телефон, e-mail.")
    )
    contract_body = models.TextField(
        _("шаблон договора"),
        help_text=_(
            "Текст договора на русском языке в формате шаблона Django: {{ contract.number }}, "
            "{{ parties }}, {{ lines }}, {{ amount_in_words }} и т. д."
        ),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("условия поддержки и шаблон договора")
        verbose_name_plural = _("условия поддержки и шаблоны договоров")

    def __str__(self):
        return str(self.call)

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.template import Template, TemplateSyntaxError

        errors = {}
        try:
            Template(self.contract_body or "")
        except TemplateSyntaxError as error:
            errors["contract_body"] = _("Ошибка в шаблоне договора: %(error)s") % {"error": error}
        # The final report is due on the terms' date, else by the end of implementation.
        final = self.final_report_due or (self.call.implementation_end if self.call_id else None)
        if self.interim_report_due and final and self.interim_report_due >= final:
            errors["interim_report_due"] = _("Промежуточный отчёт должен быть раньше итогового.")
        if errors:
            raise ValidationError(errors)

    def excluded_cost_markers(self) -> list[list[str]]:
        from ..institutional import parse_markers

        return parse_markers(self.excluded_cost_words)


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
        return status in self.TRANSITIONS.get(self.status, set())

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


class ContractStatusChange(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("было"), max_length=16, choices=Contract.Status.choices)
    to_status = models.CharField(_("стало"), max_length=16, choices=Contract.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)
    note = models.CharField(_("примечание"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("изменение статуса договора")
        verbose_name_plural = _("история статусов договора")
        ordering = ["contract", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
