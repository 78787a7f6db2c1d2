from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from accounts.exports import WorkbookExportMixin
from core.autocomplete import SafeAutocompleteMixin

from .exports import CoalitionResource, with_member_counts
from .imports import CoalitionImportResource
from .models import (
    Coalition,
    CoalitionInvitation,
    Interest,
    JoinRequest,
    MemberOrganisation,
    Membership,
    Partnership,
    PartnershipStatusChange,
    Region,
)


class PairStatusFilter(admin.SimpleListFilter):
    title = _("пара")
    parameter_name = "pair"

    def lookups(self, request, model_admin):
        return [
            ("confirmed", _("есть подтверждённая пара")),
            ("invited", _("есть приглашение без ответа")),
            ("none", _("без пары")),
            ("looking", _("ищет партнёра")),
        ]

    def queryset(self, request, queryset):
        def with_status(status):
            return Q(partnerships_sent__status=status) | Q(partnerships_received__status=status)

        value = self.value()
        if value == "confirmed":
            return queryset.filter(with_status(Partnership.Status.CONFIRMED)).distinct()
        if value == "invited":
            return queryset.filter(with_status(Partnership.Status.INVITED)).distinct()
        if value == "none":
            return queryset.exclude(with_status(Partnership.Status.CONFIRMED))
        if value == "looking":
            return queryset.filter(looking_for_partner=True)
        return queryset


class MemberOrganisationInline(admin.TabularInline):
    model = MemberOrganisation
    extra = 0


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name_plural = _("люди коалиции")


@admin.register(Coalition)
class CoalitionAdmin(ImportMixin, WorkbookExportMixin, SimpleHistoryAdmin):
    resource_classes = [CoalitionResource]
    export_filename = "coalitions"
    import_formats = [base_formats.XLSX]
    import_export_change_list_template = "admin/eged_portal/change_list_export.html"

    def get_import_resource_classes(self, request):
        return [CoalitionImportResource]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    list_display = [
        "name",
        "kind",
        "network_type",
        "looking_for_partner",
        "civic_members",
        "business_members",
        "created_at",
    ]
    list_filter = ["kind", "network_type", PairStatusFilter, "regions", "interests"]
    search_fields = ["name", "contact_person", "contact_email"]
    filter_horizontal = ["regions", "interests"]
    inlines = [MemberOrganisationInline, MembershipInline]

    def get_queryset(self, request):
        return with_member_counts(super().get_queryset(request))

    @admin.display(description=_("гражд. членов"), ordering="civic_count")
    def civic_members(self, obj):
        return obj.civic_count

    @admin.display(description=_("бизнес-членов"), ordering="business_count")
    def business_members(self, obj):
        return obj.business_count


class PartnershipStatusChangeInline(admin.TabularInline):
    model = PartnershipStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "by_coalition", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Read-mostly: pairs change only through the pairing services (and their rules)."""

    list_display = ["__str__", "call", "status", "created_at", "responded_at", "dissolved_at"]
    list_filter = ["status", "call", "inviter__kind"]
    search_fields = ["inviter__name", "invitee__name"]
    list_select_related = ["inviter", "invitee", "call"]
    readonly_fields = [
        "call",
        "inviter",
        "invitee",
        "message",
        "status",
        "invited_by",
        "responded_by",
        "created_at",
        "responded_at",
        "dissolved_at",
    ]
    inlines = [PartnershipStatusChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ky", "name_en", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ky", "name_en"]
    search_fields = ["name", "name_ky", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(CoalitionInvitation)
class CoalitionInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "coalition", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "coalition__name"]
    readonly_fields = ["token", "invited_by", "accepted_by", "created_at", "decided_at"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "coalition", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "coalition__name"]
    readonly_fields = ["decided_by", "created_at", "decided_at"]
