"""Applications in the admin: staff read them as the applicants wrote them, with their
scores and places (``reviews.admin_selection``), assign reviewers and decide."""

import functools

from django.contrib import admin
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.exports import WorkbookExportMixin
from calls.models import Call, Priority, Stage
from core.autocomplete import SafeAutocompleteMixin
from core.http import posted_id
from reviews.admin_selection import ReviewProgressFilter, ReviewSelectionMixin

from . import (
    admin_calls,  # noqa: F401 — registers the calls' admin
    permissions,
)
from .admin_decisions import DecisionActionsMixin, calls_capacity
from .exports import ApplicationResource
from .models import Application, ApplicationAttachment, ApplicationStatusChange, DeadlineExtension


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["coalition", "call", "deadline", "reason", "granted_by"]
    list_filter = ["call"]
    search_fields = ["coalition__name", "reason"]
    autocomplete_fields = ["coalition"]
    readonly_fields = ["granted_by", "created_at"]
    list_select_related = ["coalition", "call", "granted_by"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@functools.cache
def status_label(language: str | None, status: str) -> str:
    """An application status's name in a language, for the list's cells: the admin's own
    display of a field with choices builds the choices' dict and translates per cell."""
    return str(Application.Status(status).label) if status in Application.Status else status


class PrioritiesOfTheCallFilter(admin.RelatedFieldListFilter):
    """The priorities of the call the list is filtered by (of every call otherwise), read
    from the priorities themselves: not a DISTINCT over every application's priorities.
    Over every call, each priority says its call: the calls repeat the same priorities."""

    def field_choices(self, field, request, model_admin):
        priorities = (
            Priority.objects.select_related("call")
            .only("number", "title", "call__slug")
            .order_by("-call__application_deadline", "call_id", "number")
        )
        call = posted_id(request.GET.get("call__id__exact"))
        if call:
            return [(p.pk, str(p)) for p in priorities.filter(call_id=call)]
        return [(p.pk, f"{p} ({p.call.slug})") for p in priorities]


class ApplicantKindFilter(admin.SimpleListFilter):
    title = _("заявитель")
    parameter_name = "applicant"

    def lookups(self, request, model_admin):
        return [
            ("civic", _("гражданская коалиция")),
            ("economic", _("экономическая коалиция")),
            ("pair", _("пара")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pair":
            return queryset.filter(partner__isnull=False)
        if self.value() in ("civic", "economic"):
            return queryset.filter(partner__isnull=True, coalition__kind=self.value())
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("история статусов")

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    can_delete = False
    fields = ["download", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("файл"))
    def download(self, obj):
        if obj.pk is None:  # a row a tampered form added: there is no file
            return "—"
        url = reverse("applications:staff_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


@admin.register(Application)
class ApplicationAdmin(
    WorkbookExportMixin, ReviewSelectionMixin, DecisionActionsMixin, admin.ModelAdmin
):
    """Staff read applications as the applicants wrote them; answers are not edited here."""

    resource_classes = [ApplicationResource]
    export_filename = "applications"
    review_stage = Stage.WORKSHOP
    review_pair = Q(partner__isnull=False)
    review_ready_statuses = (Application.Status.SUBMITTED,)
    list_display = [
        "__str__",
        "applicants_column",
        "call_column",
        "status_column",
        "score_column",
        "rank_column",
        "reviews_column",
        "submitted_column",
    ]
    actions = ["assign_reviewers", "auto_assign", "shortlist", "select", "reserve", "reject"]
    change_list_template = "admin/applications/application/change_list.html"
    list_filter = [
        "call",
        "status",
        ApplicantKindFilter,
        ReviewProgressFilter,
        ("regions", admin.RelatedFieldListFilter),
        ("priorities", PrioritiesOfTheCallFilter),
    ]
    search_fields = ["idea_title", "coalition__name", "partner__name", "answers"]
    list_select_related = ["call", "coalition", "partner"]
    # What the list's columns read (``NarrowChangeList``); the change page reads it all.
    list_only = [
        "idea_title",
        "status",
        "submitted_at",
        "updated_at",
        "call__slug",
        "coalition__name",
        "partner__name",
    ]
    # No date hierarchy: its drill-down by submission date cost two queries (one reads the
    # date of every filtered application) and ~7 ms per page, where the call filter and the
    # sortable submission column already find applications by date.
    # A filtered list counts its rows, not every application as well ("show all" stays).
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "call",
                    "coalition",
                    "partner",
                    "partner_confirmed_at",
                    "status",
                    "version",
                    "submitted_at",
                    "updated_at",
                ]
            },
        ),
        (_("Заявка, как её заполнил заявитель"), {"fields": ["written_answers"]}),
        (_("Рецензии"), {"fields": ["reviews_summary"]}),
    ]
    readonly_fields = [
        "call",
        "coalition",
        "partner",
        "partner_confirmed_at",
        "status",
        "version",
        "submitted_at",
        "updated_at",
        "written_answers",
        "answers_without_contacts",
        "reviews_summary",
    ]
    inlines = [AttachmentInline, StatusChangeInline]

    def get_queryset(self, request):
        return self.score_queryset(
            Application.objects.visible_to(request.user).select_related(
                "call", "coalition", "partner"
            )
        )

    def changelist_view(self, request, extra_context=None):
        call = posted_id(request.GET.get("call__id__exact"))
        extra_context = {
            **(extra_context or {}),
            # Places of the call the list is filtered by (none when it shows every call).
            "capacity": calls_capacity(Call.objects.filter(pk=call)) if call else [],
        }
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("конкурс"), ordering="call__application_deadline")
    def call_column(self, obj):
        return obj.call.slug

    @admin.display(description=_("заявитель"), ordering="coalition__name")
    def applicants_column(self, obj):
        return obj.applicants

    @admin.display(
        description=Application._meta.get_field("status").verbose_name, ordering="status"
    )
    def status_column(self, obj):
        return status_label(get_language(), obj.status)

    @admin.display(
        description=Application._meta.get_field("submitted_at").verbose_name,
        ordering="submitted_at",
        empty_value="—",
    )
    def submitted_column(self, obj):
        # Day, month and time in figures, Bishkek time: the admin's own display formats a
        # date with month names through the localised format, the costliest cell of a row.
        if obj.submitted_at is None:
            return None
        return timezone.localtime(obj.submitted_at).strftime("%d.%m.%Y %H:%M")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.may_see_applicant_contacts(request.user):
            return fieldsets
        swap = {"written_answers": "answers_without_contacts"}
        return [
            (name, {**options, "fields": [swap.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("ответы"))
    def written_answers(self, obj, *, show_contacts=True):
        html = render_to_string(
            "applications/_answers.html",
            {"application": obj, "attachment_url_name": "staff", "show_contacts": show_contacts},
        )
        # The admin turns newlines of read-only values into <br>; the layout has its own.
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    @admin.display(description=_("ответы"))
    def answers_without_contacts(self, obj):
        return self.written_answers(obj, show_contacts=False)
