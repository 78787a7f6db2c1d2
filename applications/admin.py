from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Call, KeyTopic, Priority


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["number", "title", "title_ky", "title_en"]


class KeyTopicInline(admin.TabularInline):
    model = KeyTopic
    extra = 0
    fields = ["number", "title", "title_ky", "title_en"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "application_deadline", "budget", "slug"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PriorityInline, KeyTopicInline]
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
                    "info_session_link",
                    "info_session_venue",
                    "application_deadline",
                    "workshop_start",
                    "workshop_end",
                    "workshop_venue",
                    "workshop_dates_tentative",
                    "support_deadline",
                    "selection_start",
                    "selection_end",
                    "implementation_end",
                ]
            },
        ),
        (_("Бюджет"), {"fields": ["budget", "min_awards", "max_awards"]}),
        (_("Контакт"), {"fields": ["contact_name", "contact_email"]}),
    ]
