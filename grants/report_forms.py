"""The coalition's report form: the sections of the call's report form in order — the
questions staff built and, in their places, the blocks the rules rely on (a row per
expected result of the plan, and the files)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.form_render import AnswersForm
from calls.form_services import visible_questions

from .forms import Part
from .implementation import result_rows

FIXED_TEMPLATES = {
    "indicator_results": "grants/fixed/indicator_results.html",
    "attachments": "grants/fixed/report_files.html",
}


class ReportPartsForm(forms.Form):
    """The report's own parts: what was achieved per expected result, and a file to add."""

    upload = forms.FileField(
        # An empty file is refused by check_attachment after the answers are saved, so
        # the draft is kept; here it would refuse the whole form.
        allow_empty_file=True,
        label=_("Добавить файл (данные, фото, публикации)"),
        required=False,
        help_text=_("PDF, DOC/DOCX, XLS/XLSX, JPG или PNG."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = result_rows(report)
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


class ReportForm:
    """The whole report on one page: the answers (``calls.form_render.AnswersForm``) and
    the report's own parts, checked and saved together."""

    def __init__(self, data=None, files=None, *, report, version, language=None):
        self.answers_form = AnswersForm(
            data, files, version=version, answers=report.answers, language=language
        )
        self.parts_form = ReportPartsForm(data, files, report=report)
        shown = {q.key for q in visible_questions(version, report.answers or {})}
        self.sections = []
        for _section, title, intro, items in self.answers_form.sections():
            parts = [
                Part(
                    item,
                    FIXED_TEMPLATES.get(item.question.fixed, "") if item.is_fixed else "",
                    hidden=item.question.key not in shown,
                )
                for item in items
            ]
            self.sections.append((title, intro, parts))

    @property
    def upload(self):
        return self.parts_form["upload"]

    def result_fields(self):
        for row in self.parts_form.rows:
            pk = row.expected.pk
            yield self.parts_form[f"achieved_{pk}"], self.parts_form[f"comment_{pk}"]

    def is_valid(self) -> bool:
        return all([self.answers_form.is_valid(), self.parts_form.is_valid()])

    @property
    def errors(self) -> dict:
        return {**self.answers_form.errors, **self.parts_form.errors}

    def non_field_errors(self):
        return [*self.answers_form.non_field_errors(), *self.parts_form.non_field_errors()]

    def add_error(self, field, error):
        form = self.parts_form if field in self.parts_form.fields else self.answers_form
        form.add_error(field if field in form.fields else None, error)

    def answers(self) -> dict:
        return self.answers_form.answers()

    def uploads(self) -> dict:
        return self.answers_form.uploads()

    def uploaded_file(self):
        return self.parts_form.cleaned_data.get("upload")

    def results(self) -> dict[int, tuple[str, str]]:
        cleaned = self.parts_form.cleaned_data
        return {
            row.expected.pk: (
                cleaned[f"achieved_{row.expected.pk}"],
                cleaned[f"comment_{row.expected.pk}"],
            )
            for row in self.parts_form.rows
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий для коалиции"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
