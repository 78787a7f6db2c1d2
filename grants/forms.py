"""Forms of the technical-support request's sections.

Section forms check the format of what was typed (dates within the implementation period,
numbers that are numbers, no institutional costs); whether everything needed is there is
checked on submission (``submission.missing_answers``), so a half-filled draft always saves.
"""

from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.errors import PortalError

from . import services
from .institutional import DOUBTFUL
from .models import Activity, BudgetLine, ExpectedResult, TechnicalSupportApplication

TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionForm(forms.ModelForm):
    """A section of the request; every field may be left empty in a draft."""

    rows_name: str = ""
    row_fields: list[str] = []
    row_formset = None
    prefix_rows = "row"

    def __init__(self, data=None, *args, application: TechnicalSupportApplication, **kwargs):
        super().__init__(data, *args, instance=application, **kwargs)
        self.application = application
        for field in self.fields.values():
            field.required = False
        self.rows = None
        if self.row_formset is not None:
            kwargs = {"prefix": self.prefix_rows, "form_kwargs": {"call": application.call}}
            if data is not None:
                self.rows = self.row_formset(data, **kwargs)
            else:
                existing = getattr(application, self.rows_name).all()
                initial = [
                    {name: getattr(obj, name) for name in self.row_fields} for obj in existing
                ]
                self.rows = self.row_formset(initial=initial or [{}], **kwargs)

    def is_valid(self):
        valid = super().is_valid()
        return valid & self.rows.is_valid() if self.rows is not None else valid

    def answers(self) -> dict:
        answers = dict(self.cleaned_data)
        if self.rows is not None:
            removed = self.data.get("remove_row", "") if self.is_bound else ""
            answers[self.rows_name] = filled_rows(self.rows, self.row_fields, removed=removed)
        return answers

    def formsets(self) -> list:
        return [self.rows] if self.rows is not None else []


def filled_rows(formset, fields, *, removed: str = "") -> list[dict]:
    """The rows somebody typed into, in order; blank rows and the row whose "Удалить"
    button was pressed (``removed``, the row's prefix) are left out."""
    rows = []
    for form in formset.forms:
        if form.prefix == removed or not form.has_changed():
            continue
        data = {name: form.cleaned_data.get(name) for name in fields}
        if any(value not in (None, "") for value in data.values()):
            rows.append(data)
    return rows


class RowForm(forms.ModelForm):
    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        for field in self.fields.values():
            field.required = False


class ActivityRow(RowForm):
    class Meta:
        model = Activity
        fields = ["description", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Окончание не может быть раньше начала."))
        limit = self.call.implementation_end
        for name in ("starts_on", "ends_on"):
            value = cleaned.get(name)
            if value and limit and value > limit:
                self.add_error(
                    name,
                    _("Все мероприятия должны пройти до %(end)s — срока реализации кампаний.")
                    % {"end": date_format(limit, "j E Y")},
                )
        if (start or end) and not (cleaned.get("description") or "").strip():
            self.add_error("description", _("Опишите мероприятие."))
        return cleaned


class ResultRow(RowForm):
    class Meta:
        model = ExpectedResult
        fields = ["result", "indicator", "target"]


class BudgetLineRow(RowForm):
    class Meta:
        model = BudgetLine
        fields = ["support_type", "description", "unit", "quantity", "unit_cost"]
        widgets = {
            "quantity": forms.NumberInput(
                attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}
            ),
            "unit_cost": forms.NumberInput(
                attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_type"].choices = [("", "—"), *BudgetLine.SupportType.choices]
        self.fields["quantity"].min_value = Decimal("0.01")
        self.fields["unit_cost"].min_value = Decimal("0")

    @property
    def line_total(self) -> Decimal | None:
        """Quantity × unit cost as typed, for the page (the service computes the stored one)."""
        try:
            quantity = Decimal(str(self["quantity"].value()))
            unit_cost = Decimal(str(self["unit_cost"].value()))
        except (ArithmeticError, ValueError):
            return None
        if not (quantity.is_finite() and unit_cost.is_finite()):
            return None
        try:
            return services.line_total(quantity=quantity, unit_cost=unit_cost)
        except ArithmeticError:  # beyond Decimal's precision: the field's error says why
            return None

    @property
    def cost_note(self) -> str:
        """Why staff will look at this line, when the institutional-costs rule finds it
        doubtful (it is saved; staff accept or refuse it)."""
        description = str(self["description"].value() or "").strip()
        if not description:
            return ""
        unit = str(self["unit"].value() or "")
        verdict = services.cost_verdict(call=self.call, text=f"{description} {unit}")
        return verdict.label if verdict.kind == DOUBTFUL else ""

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed():
            return cleaned
        values = [cleaned.get(n) for n in ("support_type", "description", "quantity", "unit_cost")]
        if any(v not in (None, "") for v in values):
            for name in ("support_type", "description", "quantity", "unit_cost"):
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Заполните, чтобы строка бюджета сохранилась."))
        description = (cleaned.get("description") or "").strip()
        if description:
            try:
                services.check_budget_line(
                    call=self.call, description=description, unit=cleaned.get("unit") or ""
                )
            except PortalError as error:
                self.add_error("description", str(error))
        return cleaned


ActivityFormSet = forms.formset_factory(ActivityRow, extra=0, max_num=60)
ResultFormSet = forms.formset_factory(ResultRow, extra=0, max_num=30)
BudgetLineFormSet = forms.formset_factory(BudgetLineRow, extra=0, max_num=60)


class PlanForm(SectionForm):
    class Meta:
        model = TechnicalSupportApplication
        fields = ["title", "goal", "objectives"]
        widgets = {"goal": TEXTAREA, "objectives": TEXTAREA}
        help_texts = {
            "goal": _("Какого изменения в политике или практике добивается кампания."),
            "objectives": _("Шаги к цели: что кампания сделает и в каком порядке."),
        }


class AudiencesForm(SectionForm):
    class Meta:
        model = TechnicalSupportApplication
        fields = ["decision_makers", "audiences"]
        widgets = {"decision_makers": TEXTAREA, "audiences": TEXTAREA}
        help_texts = {
            "decision_makers": _("Органы и люди, которые принимают нужное решение."),
            "audiences": _("Кого кампания информирует и вовлекает: жители, бизнес, СМИ."),
        }


class ActivitiesForm(SectionForm):
    rows_name = "activities"
    row_fields = ["description", "starts_on", "ends_on"]
    row_formset = ActivityFormSet
    prefix_rows = "act"

    class Meta:
        model = TechnicalSupportApplication
        fields = []


class DataForm(SectionForm):
    class Meta:
        model = TechnicalSupportApplication
        fields = ["data_collection", "resource_mobilisation", "risks"]
        widgets = {name: TEXTAREA for name in fields}
        help_texts = {
            "data_collection": _("Какие данные соберёте, откуда, кто и когда."),
            "resource_mobilisation": _("Какие ещё ресурсы привлечёте: партнёры, волонтёры, СМИ."),
        }


class ResultsForm(SectionForm):
    rows_name = "results"
    row_fields = ["result", "indicator", "target"]
    row_formset = ResultFormSet
    prefix_rows = "res"

    class Meta:
        model = TechnicalSupportApplication
        fields = []


class BudgetForm(SectionForm):
    rows_name = "budget_lines"
    row_fields = ["support_type", "description", "unit", "quantity", "unit_cost"]
    row_formset = BudgetLineFormSet
    prefix_rows = "line"

    class Meta:
        model = TechnicalSupportApplication
        fields = []


SECTION_FORMS = {
    "plan": PlanForm,
    "audiences": AudiencesForm,
    "activities": ActivitiesForm,
    "data": DataForm,
    "results": ResultsForm,
    "budget": BudgetForm,
}
