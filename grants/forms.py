"""Forms of the technical-support request's sections.

A section page shows the section of the call's form in order: the questions staff built
(``calls.form_render.AnswersForm``) and, in their places, the blocks the rules rely on —
the title, the partner, the activities, the results and the budget lines — with the
portal's own parts. Section forms check the format of what was typed (dates within the
implementation period, numbers that are numbers, no institutional costs, each answer's
type and limits); whether everything needed is there is checked on submission
(``submission.missing_answers``), so a half-filled draft always saves.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from calls.form_render import AnswersForm, Item
from calls.form_services import visible_questions
from core.errors import PortalError

from . import services
from .institutional import DOUBTFUL
from .models import Activity, BudgetLine, ExpectedResult

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@dataclass
class Part:
    """One item of a section page: a question's field, or a fixed block's part (its
    template, and its rows when it has any)."""

    item: Item
    template: str = ""
    rows: object = None
    hidden: bool = False  # a condition hides it for the answers saved so far (kept, posted)


class TitleForm(forms.Form):
    title = forms.CharField(max_length=255, required=False)


class SupportSectionForm:
    """The section ``section`` of the request's form version: the answers' fields and the
    fixed blocks' parts, checked and saved together."""

    def __init__(self, data=None, files=None, *, application, version, section, language=None):
        self.application = application
        self.is_bound = data is not None
        self.data = data if data is not None else {}
        self.answers_form = AnswersForm(
            data,
            files,
            version=version,
            answers=application.answers,
            language=language,
            section=section,
        )
        self.parts: list[Part] = []
        self.rows: dict[str, forms.BaseFormSet] = {}
        self.title_form = None
        shown = {q.key for q in visible_questions(version, application.answers or {})}
        for _section, _title, _intro, items in self.answers_form.sections():
            for item in items:
                part = self._part(item, data)
                part.hidden = item.question.key not in shown
                self.parts.append(part)

    def _part(self, item: Item, data) -> Part:
        if not item.is_fixed:
            return Part(item)
        key = item.question.fixed
        template = f"grants/fixed/{key}.html"
        if key == "title":
            self.title_form = TitleForm(data, initial={"title": self.application.title})
            self.title_form.fields["title"].label = item.label
            self.title_form.fields["title"].help_text = item.help
            return Part(item, template, self.title_form["title"])
        if key in ROWS:
            formset, fields, prefix = ROWS[key]
            kwargs = {"prefix": prefix, "form_kwargs": {"call": self.application.call}}
            if data is not None:
                rows = formset(data, **kwargs)
            else:
                existing = getattr(self.application, key).all()
                initial = [{name: getattr(obj, name) for name in fields} for obj in existing]
                rows = formset(initial=initial or [{}], **kwargs)
            self.rows[key] = rows
            return Part(item, template, rows)
        return Part(item, template)

    def formsets(self) -> list:
        return list(self.rows.values())

    def forms(self) -> list:
        return [self.answers_form, *([self.title_form] if self.title_form else [])]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.forms()])
        return all([valid, *[rows.is_valid() for rows in self.formsets()]])

    @property
    def errors(self) -> dict:
        errors = {}
        for form in self.forms():
            errors.update(form.errors)
        return errors

    def non_field_errors(self):
        return [error for form in self.forms() for error in form.non_field_errors()]

    def add_error(self, field, error):
        self.answers_form.add_error(field, error)

    def answers(self) -> dict:
        """The section's answers: the questions' (as the JSON document keeps them) and
        the fixed blocks' (the title, and the rows somebody typed into)."""
        answers = dict(self.answers_form.answers())
        if self.title_form is not None:
            answers["title"] = self.title_form.cleaned_data["title"]
        removed = self.data.get("remove_row", "") if self.is_bound else ""
        for key, rows in self.rows.items():
            answers[key] = filled_rows(rows, ROWS[key][1], removed=removed)
        return answers

    def uploads(self) -> dict:
        return self.answers_form.uploads()


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


# Each fixed block with rows: its formset, the fields a row keeps, the rows' prefix.
ROWS = {
    "activities": (ActivityFormSet, ["description", "starts_on", "ends_on"], "act"),
    "results": (ResultFormSet, ["result", "indicator", "target"], "res"),
    "budget_lines": (
        BudgetLineFormSet,
        ["support_type", "description", "unit", "quantity", "unit_cost"],
        "line",
    ),
}
