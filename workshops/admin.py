"""The workshop desk in the admin: events and their programme, speakers next to what
applicants asked for, participants and their needs, the attendance grid, printed lists,
sign-in sheets and certificates."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from accounts.exports import WorkbookExportMixin
from calls.models import Call
from core.autocomplete import SafeAutocompleteMixin

from . import date_changes, needs, programme, services
from .admin_desk import LISTS, EventDeskPages
from .exports import ParticipantResource
from .imports import ParticipantImportResource
from .models import Attendance, Certificate, Event, Participant, Session, Speaker, clash_message


class SessionFormSet(forms.BaseInlineFormSet):
    """Checks the whole programme at once, so that moving two sessions in one save is
    judged on where they end up, not where they were."""

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.errors:
                continue
            kept.append(form)
        in_form = {form.instance.pk for form in self.forms if form.instance.pk}
        others = list(self.instance.sessions.exclude(pk__in=in_form)) if self.instance.pk else []
        for index, form in enumerate(kept):
            session = form.instance
            for other in [f.instance for f in kept[:index]] + others:
                if session.overlaps(other):
                    form.add_error(None, clash_message(session, other))
                    break


class SessionForm(forms.ModelForm):
    def _post_clean(self):
        self.instance.clash_checked_by_formset = True  # see SessionFormSet.clean
        super()._post_clean()


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionForm
    formset = SessionFormSet
    extra = 1
    fields = [
        "day",
        "starts_at",
        "ends_at",
        "title",
        "room",
        "key_topic",
        "speaker",
        "facilitator",
        "description",
        "title_ky",
        "title_en",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            fields = formset.form.base_fields
            fields["key_topic"].queryset = obj.call.key_topics.all()
            fields["speaker"].queryset = obj.call.speakers.all()
        for name in ("description",):
            formset.form.base_fields[name].widget = forms.Textarea(attrs={"rows": 2, "cols": 30})
        return formset


@admin.register(Event)
class EventAdmin(EventDeskPages, admin.ModelAdmin):
    list_display = [
        "title",
        "call",
        "kind",
        "starts_on",
        "ends_on",
        "capacity",
        "participant_count",
        "published",
    ]
    list_filter = ["call", "kind"]
    search_fields = ["title", "venue"]
    inlines = [SessionInline]
    actions = ["publish_programme", "issue_certificates"]
    readonly_fields = ["programme_published_at", "desk"]
    fieldsets = [
        (None, {"fields": ["call", "kind", "title", "title_ky", "title_en"]}),
        (
            _("Когда и где"),
            {
                "fields": [
                    ("starts_on", "ends_on"),
                    ("day_starts_at", "day_ends_at"),
                    "venue",
                    "online_link",
                    "capacity",
                ]
            },
        ),
        (_("Участие"), {"fields": ["certificate_min_days", "programme_published_at", "desk"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("call")
            .annotate(participants_count=Count("participants", distinct=True))
        )

    def save_model(self, request, obj, form, change):
        # Days, hours, venue or link moved: the people relying on the event are told once.
        stored = Event.objects.filter(pk=obj.pk).first() if change else None
        before = date_changes.event_snapshot(stored) if stored else None
        super().save_model(request, obj, form, change)
        if before is not None:
            told = date_changes.announce_event_changes(obj, before)
            if told:
                self.message_user(
                    request, _("Изменения дат отправлены: %(count)d чел.") % {"count": told}
                )

    @admin.display(description=_("участников"), ordering="participants_count")
    def participant_count(self, obj):
        if obj.capacity:
            return f"{obj.participants_count} / {obj.capacity}"
        return obj.participants_count

    @admin.display(description=_("программа опубликована"), boolean=True)
    def published(self, obj):
        return obj.is_published

    @admin.display(description=_("Рабочие страницы"))
    def desk(self, obj):
        if not obj.pk:
            return "—"
        links = [
            (reverse("admin:workshops_event_attendance", args=[obj.pk]), _("Посещаемость")),
            (reverse("admin:workshops_event_programme_pdf", args=[obj.pk]), _("Программа, PDF")),
        ] + [
            (reverse("admin:workshops_event_list", args=[obj.pk, kind]), label)
            for kind, label in LISTS.items()
        ]
        items = format_html_join("", '<li><a href="{}">{}</a></li>', links)
        return format_html("<ul>{}</ul>", items)

    # --- Actions ------------------------------------------------------------------------

    @admin.action(description=_("Опубликовать программу и разослать участникам"))
    def publish_programme(self, request, queryset):
        if not request.user.has_perm("workshops.change_event"):
            raise PermissionDenied
        for event in queryset:
            programme.publish_programme(event)
        self.message_user(
            request,
            ngettext(
                "Программа опубликована; письма уходят в фоне (каждому — один раз).",
                "Программы опубликованы (%(count)d); письма уходят в фоне (каждому — один раз).",
                queryset.count(),
            )
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Выдать сертификаты посетившим (и отправить по e-mail)"))
    def issue_certificates(self, request, queryset):
        if not request.user.has_perm("workshops.add_certificate"):
            raise PermissionDenied
        for event in queryset:
            issued, skipped = services.issue_certificates(event, by=request.user)
            self.message_user(
                request,
                _("«%(event)s»: выдано сертификатов — %(issued)d; не набрали дней — %(skipped)d.")
                % {"event": event.title, "issued": issued, "skipped": skipped},
                messages.SUCCESS,
            )


class SpeakerNeedsFilter(admin.SimpleListFilter):
    title = _("конкурс")
    parameter_name = "call"

    def lookups(self, request, model_admin):
        return [
            (str(call.pk), call.title) for call in Call.objects.order_by("-application_deadline")
        ]

    def queryset(self, request, queryset):
        return queryset.filter(call_id=self.value()) if self.value() else queryset


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    """Guest speakers, with what applicants asked for shown beside the list."""

    list_display = ["name", "organisation", "topic", "key_topic", "status", "call"]
    list_filter = [SpeakerNeedsFilter, "status", ("key_topic", admin.RelatedOnlyFieldListFilter)]
    list_editable = ["status"]
    search_fields = ["name", "organisation", "topic"]
    change_list_template = "admin/workshops/speaker/change_list.html"

    def changelist_view(self, request, extra_context=None):
        chosen = request.GET.get("call")
        call = Call.objects.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
        if call is None:  # the call whose workshop is being prepared: the latest with speakers
            latest = Speaker.objects.order_by("-call__application_deadline").first()
            call = latest.call if latest else Call.objects.current()
        extra = {"needs_call": call, "needs": needs.needs_summary(call) if call else None}
        return super().changelist_view(request, {**(extra_context or {}), **extra})


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day", "present", "marked_by", "marked_at"]
    readonly_fields = ["marked_by", "marked_at"]


@admin.register(Participant)
class ParticipantAdmin(SafeAutocompleteMixin, ImportMixin, WorkbookExportMixin, SimpleHistoryAdmin):
    resource_classes = [ParticipantResource]
    export_filename = "participants"
    import_formats = [base_formats.XLSX]
    import_export_change_list_template = "admin/eged_portal/change_list_export.html"

    def get_import_resource_classes(self, request):
        return [ParticipantImportResource]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    list_display = [
        "full_name",
        "coalition",
        "event",
        "email",
        "phone",
        "arriving_from",
        "diet",
        "photo_consent",
        "days_attended",
    ]
    list_filter = ["event", "diet", "photo_consent", "region"]
    search_fields = ["full_name", "email", "organisation", "coalition__name"]
    list_select_related = ["coalition", "event"]
    autocomplete_fields = ["coalition", "user"]
    inlines = [AttendanceInline]
    readonly_fields = ["confirmed_by", "created_at", "updated_at"]

    def get_queryset(self, request):
        return services.with_days_attended(super().get_queryset(request))

    @admin.display(description=_("дней"), ordering="days_attended")
    def days_attended(self, obj):
        return obj.days_attended

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "nights":
            kwargs["help_text"] = _('Список дат в формате ГГГГ-ММ-ДД, например ["2022-09-11"].')
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "participant", "issued_at", "download"]
    list_filter = ["participant__event"]
    search_fields = ["number", "participant__full_name"]
    readonly_fields = ["participant", "number", "issued_at", "issued_by"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("файл PDF"))
    def download(self, obj):
        url = reverse("workshops:certificate", args=[obj.participant_id])
        return format_html('<a href="{}">{}</a>', url, _("скачать"))
