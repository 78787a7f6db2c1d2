"""A call's terms of technical support and the contract's template, which staff edit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .call import Call


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
