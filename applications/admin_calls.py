"""Calls in the admin: their texts, calendar, budget and selection settings, with their
priorities, topics, criteria and FAQ inline (staff reopen frozen scoring from here); the
information session's registrations. Changed dates are told to those concerned."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.exports import WorkbookExportMixin
from calls.models import (
    Call,
    Criterion,
    FaqEntry,
    InfoSessionRegistration,
    KeyTopic,
    Priority,
)
from reviews.admin_scoring import ReopenScoringMixin

from . import date_changes
from .exports import InfoSessionRegistrationResource


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["number", "title", "title_ky", "title_en"]


class KeyTopicInline(admin.TabularInline):
    model = KeyTopic
    extra = 0
    fields = ["number", "title", "title_ky", "title_en"]


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = [
        "order",
        ("question", "question_ky", "question_en"),
        ("answer", "answer_ky", "answer_en"),
    ]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [
        ("stage", "number", "max_points", "weight"),
        "name",
        ("name_ky", "name_en"),
        "guidance",
        ("guidance_ky", "guidance_en"),
        "questions",
    ]


@admin.register(Call)
class CallAdmin(ReopenScoringMixin, admin.ModelAdmin):
    list_display = ["title", "status", "application_deadline", "budget", "slug"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PriorityInline, KeyTopicInline, CriterionInline, FaqEntryInline]
    fieldsets = [
        (None, {"fields": ["slug", "status", "title", "title_ky", "title_en"]}),
        (
            _("Тексты"),
            {
                "fields": [
                    "programme",
                    "programme_ky",
                    "programme_en",
                    "summary",
                    "summary_ky",
                    "summary_en",
                    "description",
                    "description_ky",
                    "description_en",
                    "requirements",
                    "requirements_ky",
                    "requirements_en",
                    "funders",
                    "funders_ky",
                    "funders_en",
                ]
            },
        ),
        (
            _("Календарь"),
            {
                "fields": [
                    "info_session_at",
                    "info_session_format",
                    "info_session_link",
                    "info_session_venue",
                    "info_session_venue_ky",
                    "info_session_venue_en",
                    "application_deadline",
                    "workshop_start",
                    "workshop_end",
                    "workshop_venue",
                    "workshop_venue_ky",
                    "workshop_venue_en",
                    "workshop_dates_tentative",
                    "workshop_note",
                    "workshop_note_ky",
                    "workshop_note_en",
                    "attendee_confirmation_deadline",
                    "support_deadline",
                    "support_deadline_tentative",
                    "selection_start",
                    "selection_end",
                    "selection_tentative",
                    "implementation_end",
                ]
            },
        ),
        (_("Бюджет"), {"fields": ["budget", "min_awards", "max_awards"]}),
        (
            _("Отбор"),
            {
                "fields": [
                    "workshop_capacity",
                    "attendees_per_coalition",
                    "pair_preference",
                    "pair_bonus",
                    "scoring_deadline",
                    "scoring_locked",
                ]
            },
        ),
        (_("Контакт"), {"fields": ["contact_name", "contact_email"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Dates and places people rely on: those concerned are told once what changed.
        stored = Call.objects.filter(pk=obj.pk).first() if change else None
        before = date_changes.snapshot(stored) if stored else None
        super().save_model(request, obj, form, change)
        if before is not None:
            told = date_changes.announce_changes(obj, before)
            if told:
                self.message_user(
                    request,
                    _("Изменения дат отправлены: %(count)d чел.") % {"count": told},
                )


@admin.register(InfoSessionRegistration)
class InfoSessionRegistrationAdmin(WorkbookExportMixin, admin.ModelAdmin):
    resource_classes = [InfoSessionRegistrationResource]
    export_filename = "info-session-registrations"
    list_display = ["full_name", "email", "organisation", "phone", "mode", "call", "created_at"]
    list_filter = ["call", "mode"]
    search_fields = ["full_name", "email", "organisation"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["call"]
