"""The forms of each call in the admin: staff build a version's sections and questions on
one page, preview it as an applicant sees it, make a new version of a form in use and copy
another call's form. The rule-bearing blocks are re-worded and moved, never deleted."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.errors import PortalError

from . import form_services
from .admin_form_fields import EntryLinesField
from .admin_form_pages import FormPages, VersionPages
from .form_fixed import fixed_block
from .form_structure import structure_problems
from .models import Form, FormSection, FormVersion, Question

SMALL_TEXT = {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}


class SectionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            section = form.instance
            if self._should_delete_form(form) and section.pk and section.questions.exists():
                form.add_error(
                    None,
                    _("В разделе «%(title)s» есть вопросы: сначала перенесите их в другой раздел.")
                    % {"title": section.title},
                )


class OfAnOpenVersion(admin.StackedInline):
    """Sections and questions of a frozen version (answers were submitted against it) are
    read-only: staff edit the next version."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_frozen)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)


class SectionInline(OfAnOpenVersion):
    model = FormSection
    formset = SectionFormSet
    extra = 0
    fields = [
        ("position", "key"),
        ("title", "title_ky", "title_en"),
        ("intro", "intro_ky", "intro_en"),
    ]
    formfield_overrides = {models.TextField: SMALL_TEXT}


class QuestionForm(forms.ModelForm):
    choices = EntryLinesField(
        key_name="value",
        label=capfirst(_("варианты")),
        help_text=_("По одному в строке: значение | текст | текст (кырг.) | текст (англ.)."),
    )
    columns = EntryLinesField(
        key_name="key",
        label=capfirst(_("столбцы таблицы")),
        help_text=_("По одному в строке: код | заголовок | заголовок (кырг.) | (англ.)."),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "position",
            "key",
            "type",
            "required",
            "label",
            "label_ky",
            "label_en",
            "help",
            "help_ky",
            "help_en",
            "max_length",
            "min_value",
            "max_value",
            "choices",
            "allowed_extensions",
            "max_size_mb",
            "columns",
            "max_rows",
            "condition_key",
            "condition_value",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_fixed:
            for name in ("key", "type"):
                if name in self.fields:
                    self.fields[name].disabled = True
        elif "type" in self.fields:
            self.fields["type"].choices = [
                choice for choice in self.fields["type"].choices if choice[0] != Question.Type.FIXED
            ]


class QuestionFormSet(forms.BaseInlineFormSet):
    """Checks the whole form at once: the blocks the rules rely on stay, keys are unique
    slugs, conditions point back to an earlier question's value."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "section" in form.fields:
            if not hasattr(self, "_section_choices"):
                sections = FormSection.objects.filter(version=self.instance).order_by("position")
                self._section_choices = [("", "---------")] + [
                    (section.pk, section.title) for section in sections
                ]
            form.fields["section"].queryset = FormSection.objects.filter(version=self.instance)
            form.fields["section"].choices = self._section_choices
        if "DELETE" in form.fields and form.instance.pk and form.instance.is_fixed:
            form.fields["DELETE"].disabled = True
            form.fields["DELETE"].help_text = _("стандартный блок: не удаляется")

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            question = form.instance
            if question.pk and question.is_fixed and self.data.get(f"{form.prefix}-DELETE"):
                # The box is disabled on the page; a posted tick is refused, and says why.
                raise ValidationError(self._fixed_message(question))
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.errors or (not form.cleaned_data and not question.pk):
                continue
            if getattr(question, "section_id", None) is None:
                continue  # its own error says to choose a section
            kept.append(question)
        if any(form.errors for form in self.forms):
            return
        problems = structure_problems(self.instance.form.kind, self._sections(), kept)
        if problems:
            raise ValidationError(problems)

    def _sections(self):
        return list(FormSection.objects.filter(version=self.instance))

    @staticmethod
    def _fixed_message(question):
        return _(
            "«%(label)s» — стандартный блок портала: его можно переименовать и переставить, "
            "но не удалить."
        ) % {"label": question.label}


class QuestionInline(OfAnOpenVersion):
    model = Question
    form = QuestionForm
    formset = QuestionFormSet
    extra = 0
    readonly_fields = ["rule"]
    formfield_overrides = {models.TextField: SMALL_TEXT}
    fieldsets = [
        (None, {"fields": [("section", "position", "key", "type", "required", "rule")]}),
        (None, {"fields": [("label", "label_ky", "label_en"), ("help", "help_ky", "help_en")]}),
        (
            _("Ограничения, варианты, условие"),
            {
                # Folded: a form of forty questions is otherwise a very long page.
                "classes": ["collapse"],
                "fields": [
                    ("max_length", "min_value", "max_value"),
                    "choices",
                    ("allowed_extensions", "max_size_mb"),
                    ("columns", "max_rows"),
                    ("condition_key", "condition_value"),
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section", "version__form")

    @admin.display(description=_("стандартный блок портала"))
    def rule(self, question):
        """What a rule-bearing block is for; an ordinary question is the call's own."""
        if not question.is_fixed:
            return _("нет, вопрос конкурса")
        block = fixed_block(question.version.form.kind, question.fixed)
        return block.rule if block else question.fixed


@admin.register(Form)
class FormAdmin(FormPages, admin.ModelAdmin):
    list_display = ["call", "kind", "versions_links", "preview_link"]
    list_filter = ["kind", "call"]
    list_select_related = ["call"]
    readonly_fields = ["versions_links"]

    def get_fields(self, request, obj=None):
        return ["call", "kind"] if obj is None else ["call", "kind", "versions_links"]

    def get_readonly_fields(self, request, obj=None):
        return ["versions_links"] if obj is None else ["call", "kind", "versions_links"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = form_services.create_form(call=obj.call, kind=obj.kind)
        except PortalError as error:  # made a moment ago by someone else: open theirs
            self.message_user(request, error.message, messages.ERROR)
            created = Form.objects.get(call=obj.call, kind=obj.kind)
        obj.pk, obj.created_at = created.pk, created.created_at

    def has_delete_permission(self, request, obj=None):
        in_use = obj is not None and any(v.is_frozen for v in obj.versions.all())
        return super().has_delete_permission(request, obj) and not in_use

    @admin.display(description=_("версии"))
    def versions_links(self, obj):
        versions = sorted(obj.versions.all(), key=lambda version: -version.number)
        return format_html_join(
            " · ",
            '<a href="{}">{}{}</a>',
            (
                (
                    reverse("admin:calls_formversion_change", args=[version.pk]),
                    version.number,
                    _(" (используется)") if version.is_frozen else "",
                )
                for version in versions
            ),
        )

    @admin.display(description=_("просмотр"))
    def preview_link(self, obj):
        versions = sorted(obj.versions.all(), key=lambda version: -version.number)
        if not versions:
            return "—"
        url = reverse("admin:calls_formversion_preview", args=[versions[0].pk])
        return format_html('<a href="{}">{}</a>', url, _("Просмотр"))


@admin.register(FormVersion)
class FormVersionAdmin(VersionPages, admin.ModelAdmin):
    list_display = ["form", "number", "frozen_at", "created_at"]
    list_filter = ["form__kind", "form__call"]
    list_select_related = ["form__call"]
    readonly_fields = ["form", "number", "created_at", "frozen_at"]
    fields = [("form", "number"), ("created_at", "frozen_at")]
    inlines = [SectionInline, QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("form__call")

    def has_add_permission(self, request):
        return False  # versions are made by the services: a new form, a change, a copy

    def has_delete_permission(self, request, obj=None):
        return False  # answers point at versions; a version is history

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        version = FormVersion.objects.filter(pk=object_id).first() if object_id else None
        if version is not None:
            extra_context["preview_url"] = reverse(
                "admin:calls_formversion_preview", args=[version.pk]
            )
            if version.is_frozen:
                extra_context["edit_url"] = reverse(
                    "admin:calls_formversion_edit", args=[version.pk]
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for problem in form_services.check_structure(form.instance):
            self.message_user(request, problem, messages.WARNING)
