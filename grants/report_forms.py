"""The coalition's report form: the answers, a row per expected result, and files."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .implementation import result_rows
from .models import Report

ANSWERS = ["activities", "data_collected", "advocacy_outcomes", "challenges", "next_steps"]


class ReportForm(forms.ModelForm):
    upload = forms.FileField(
        # An empty file is refused by check_attachment after the answers are saved, so
        # the draft is kept; here it would refuse the whole form.
        allow_empty_file=True,
        label=_("Добавить файл (данные, фото, публикации)"),
        required=False,
        help_text=_("PDF, DOC/DOCX, XLS/XLSX, JPG или PNG."),
    )

    class Meta:
        model = Report
        fields = ANSWERS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ANSWERS}
        help_texts = {
            "activities": _("Что коалиция сделала за период: мероприятия, встречи, публикации."),
            "data_collected": _("Какие данные собраны; ссылки на них — по одной на строке."),
            "advocacy_outcomes": _(
                "Встречи с лицами, принимающими решения, принятые решения, изменения политики, "
                "публикации в СМИ."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = result_rows(self.instance)
        for row in self.rows:
            expected = row.expected
            label = expected.result
            if expected.indicator or expected.target:
                label = _("%(result)s — индикатор: %(indicator)s, цель: %(target)s") % {
                    "result": expected.result,
                    "indicator": expected.indicator or "—",
                    "target": expected.target or "—",
                }
            self.fields[f"achieved_{expected.pk}"] = forms.CharField(
                label=label, required=False, max_length=255, initial=row.achieved
            )
            self.fields[f"comment_{expected.pk}"] = forms.CharField(
                label=_("Комментарий"),
                required=False,
                initial=row.comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def result_fields(self):
        for row in self.rows:
            pk = row.expected.pk
            yield self[f"achieved_{pk}"], self[f"comment_{pk}"]

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in ANSWERS}

    def results(self) -> dict[int, tuple[str, str]]:
        return {
            row.expected.pk: (
                self.cleaned_data[f"achieved_{row.expected.pk}"],
                self.cleaned_data[f"comment_{row.expected.pk}"],
            )
            for row in self.rows
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий для коалиции"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
