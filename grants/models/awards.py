"""Awards of technical support within the call's budget."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call

from .support import MONEY, BudgetLine, TechnicalSupportApplication


class Award(models.Model):
    """The support staff awarded to one application, never more than it asked for.

    The sum of a call's awards never exceeds the call's budget: every award is written
    by ``grants.services.award_support`` while it holds a lock on the call's row.
    ``revision`` grows with each change, and each revision gets its own contract PDF.
    """

    application = models.OneToOneField(
        TechnicalSupportApplication,
        verbose_name=_("заявка"),
        on_delete=models.PROTECT,
        related_name="award",
    )
    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.PROTECT, related_name="awards"
    )
    amount = models.DecimalField(_("присуждено, сом"), **MONEY)
    revision = models.PositiveIntegerField(_("редакция"), default=1)
    note = models.CharField(_("примечание"), max_length=255, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто присудил"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("присуждено"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    # Implementation and accountability
    spending_complete_at = models.DateTimeField(
        _("расходы внесены полностью"), null=True, blank=True
    )
    spending_complete_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("поддержка закрыта"), null=True, blank=True)
    published = models.BooleanField(
        _("показывать на публичной странице"),
        default=False,
        help_text=_("Коалиции, кампания, сумма и принятые результаты; без персональных данных."),
    )
    public_summary = models.TextField(
        _("итоги для публики"),
        blank=True,
        help_text=_("Несколько предложений о результатах кампании для публичной страницы."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("присуждённая поддержка")
        verbose_name_plural = _("присуждённая поддержка")
        ordering = ["call", "application__title"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
        ]

    def __str__(self):
        from core.money import som

        return f"{self.application} — {som(self.amount)}"


class AwardLine(models.Model):
    """The part of one budget line that is awarded (at most the line's total)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="lines")
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("строка бюджета"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("присуждено, сом"), **MONEY, default=Decimal("0"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("строка присуждённой поддержки")
        verbose_name_plural = _("строки присуждённой поддержки")
        ordering = ["award", "budget_line__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "budget_line"], name="one_award_line_per_line"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.budget_line}: {self.amount}"
