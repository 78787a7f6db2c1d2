"""The coalitions list in Excel: profile, member counts by sector, member organisations."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from accounts.exports import Field, Kind, WorkbookResource

from .models import Coalition, MemberOrganisation


def with_member_counts(queryset):
    """Annotate ``civic_count``, ``business_count`` and ``members_count`` (one query)."""
    return queryset.annotate(
        civic_count=Count(
            "member_organisations",
            filter=Q(member_organisations__sector=MemberOrganisation.Sector.CIVIC),
            distinct=True,
        ),
        business_count=Count(
            "member_organisations",
            filter=Q(member_organisations__sector=MemberOrganisation.Sector.BUSINESS),
            distinct=True,
        ),
        members_count=Count("member_organisations", distinct=True),
    )


class CoalitionResource(WorkbookResource):
    id = Field("pk", _("№"), kind=Kind.INTEGER, width=7)
    name = Field("name", _("название"), width=36)
    kind = Field("get_kind_display", _("тип коалиции"), width=16)
    network_type = Field("get_network_type_display", _("форма объединения"), width=18)
    regions = Field("regions", _("регионы работы"), width=30)
    interests = Field("interests", _("тематические интересы"), width=30)
    members_count = Field("members_count", _("организаций-членов"), kind=Kind.INTEGER)
    civic_count = Field("civic_count", _("из них гражданских"), kind=Kind.INTEGER)
    business_count = Field("business_count", _("из них бизнес"), kind=Kind.INTEGER)
    member_organisations = Field(
        "member_organisations", _("организации-члены"), kind=Kind.LONG_TEXT
    )
    year_founded = Field("year_founded", _("год основания"), kind=Kind.INTEGER)
    registration_details = Field("registration_details", _("регистрационные данные"))
    website = Field("website", _("сайт"))
    looking_for_partner = Field("looking_for_partner", _("ищет партнёра"), kind=Kind.BOOLEAN)
    description = Field("description", _("краткое описание"), kind=Kind.LONG_TEXT)
    contact_person = Field("contact_person", _("контактное лицо"), personal=True)
    contact_email = Field("contact_email", _("e-mail"), personal=True)
    contact_phone = Field("contact_phone", _("телефон"), personal=True, width=18)
    created_at = Field("created_at", _("создана"), kind=Kind.DATETIME)

    sheet_title = _("Коалиции")

    def prepare(self, queryset):
        # The list decides which coalitions; the export reads them with its own joins.
        rows = Coalition.objects.filter(pk__in=queryset.order_by().values("pk"))
        return with_member_counts(rows.order_by("name", "pk")).prefetch_related(
            "regions",
            "interests",
            Prefetch(
                "member_organisations",
                queryset=MemberOrganisation.objects.order_by("name"),
            ),
        )

    def dehydrate_member_organisations(self, coalition: Coalition) -> str:
        return "\n".join(
            f"{organisation.name} ({organisation.get_sector_display()})"
            for organisation in coalition.member_organisations.all()
        )
