"""Coalitions and their member organisations imported from Excel (django-import-export).

One row per member organisation, with its coalition's columns repeated. A coalition is
found by its name as duplicates are compared (``name_key``), an organisation by its name
within the coalition; an empty cell keeps what the portal already has. The preview marks
each row new, changed, unchanged or invalid with the reason; if any row is invalid the
import is refused whole and nothing is saved (everything runs in one transaction).
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from .models import Coalition, MemberOrganisation, Region, name_key

MAX_TEXT = 255


def _text(row, header) -> str:
    value = row.get(header)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _choice(value: str, choices) -> str | None:
    """A choice by its code or its label (any case), else None."""
    wanted = value.casefold()
    for code, label in choices:
        if wanted in (str(code).casefold(), str(label).casefold()):
            return code
    return None


def _labels(choices) -> str:
    return ", ".join(f"«{label}»" for _code, label in choices)


class Column(fields.Field):
    def __init__(self, attribute, header):
        super().__init__(attribute=attribute, column_name=header, readonly=True)


class CoalitionImportResource(resources.ModelResource):
    coalition = Column("coalition__name", gettext_lazy("коалиция"))
    coalition_kind = Column("coalition__get_kind_display", gettext_lazy("тип коалиции"))
    network_type = Column("coalition__get_network_type_display", gettext_lazy("форма объединения"))
    contact_person = Column("coalition__contact_person", gettext_lazy("контактное лицо"))
    contact_email = Column("coalition__contact_email", gettext_lazy("e-mail"))
    contact_phone = Column("coalition__contact_phone", gettext_lazy("телефон"))
    organisation = Column("name", gettext_lazy("организация-член"))
    sector = Column("get_sector_display", gettext_lazy("сектор"))
    organisation_type = Column("get_organisation_type_display", gettext_lazy("тип организации"))
    region = Column("region", gettext_lazy("регион"))
    contact = Column("contact", gettext_lazy("контакт"))

    class Meta:
        model = MemberOrganisation
        fields = (
            "coalition",
            "coalition_kind",
            "network_type",
            "contact_person",
            "contact_email",
            "contact_phone",
            "organisation",
            "sector",
            "organisation_type",
            "region",
            "contact",
        )
        import_id_fields = ("coalition", "organisation")
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen: dict[str, tuple[int, str]] = {}
        self.changed = False

    def header(self, name: str) -> str:
        return str(self.fields[name].column_name)

    def value(self, row, name: str) -> str:
        return _text(row, self.header(name))

    def before_import(self, dataset, **kwargs):
        self.regions = {}
        for region in Region.objects.all():
            for label in (region.name, region.name_ky, region.name_en, region.slug):
                if label:
                    self.regions[label.casefold()] = region

    def get_or_init_instance(self, instance_loader, row):
        name, organisation = self.value(row, "coalition"), self.value(row, "organisation")
        coalition = Coalition.objects.filter(name_key=name_key(name)).first() if name else None
        instance = None
        if coalition is not None and organisation:
            instance = MemberOrganisation.objects.filter(
                coalition=coalition, name__iexact=organisation
            ).first()
        if instance is not None:
            return instance, False
        return MemberOrganisation(coalition=coalition), True

    def import_instance(self, instance, row, **kwargs):
        """Apply the row to the organisation and its coalition, or say what is wrong."""
        errors: dict[str, str] = {}
        number = kwargs.get("row_number")
        name = self.value(row, "coalition")
        coalition = instance.coalition if instance.coalition_id else None
        if not name:
            errors["coalition"] = _("Укажите название коалиции.")
        elif len(name) > MAX_TEXT:
            errors["coalition"] = _("Название длиннее %(max)d знаков.") % {"max": MAX_TEXT}
        if coalition is None:
            coalition = Coalition(name=name)
        before = {f: getattr(coalition, f) for f in self.COALITION_FIELDS}
        self._apply_coalition(coalition, row, errors)
        key = name_key(name)
        if key and "coalition_kind" not in errors:
            first = self.seen.setdefault(key, (number, coalition.kind))
            if first[1] != coalition.kind:
                errors["coalition_kind"] = _(
                    "В строке %(row)s у этой коалиции другой тип; укажите один."
                ) % {"row": first[0]}
        org_before = {f: getattr(instance, f) for f in self.ORGANISATION_FIELDS}
        self._apply_organisation(instance, row, errors)
        if errors:
            raise ValidationError(errors)
        instance.coalition = coalition
        self.changed = (
            coalition.pk is None
            or instance.pk is None
            or before != {f: getattr(coalition, f) for f in self.COALITION_FIELDS}
            or org_before != {f: getattr(instance, f) for f in self.ORGANISATION_FIELDS}
        )

    def _apply_coalition(self, coalition: Coalition, row, errors: dict) -> None:
        """The row's coalition columns: kind, network, contacts."""
        kind_text = self.value(row, "coalition_kind")
        if kind_text:
            kind = _choice(kind_text, Coalition.Kind.choices)
            if kind is None:
                errors["coalition_kind"] = _("Тип «%(value)s» неизвестен; возможны: %(all)s.") % {
                    "value": kind_text,
                    "all": _labels(Coalition.Kind.choices),
                }
            else:
                coalition.kind = kind
        elif coalition.pk is None:
            errors["coalition_kind"] = _("Укажите тип новой коалиции: %(all)s.") % {
                "all": _labels(Coalition.Kind.choices)
            }
        network_text = self.value(row, "network_type")
        if network_text:
            network = _choice(network_text, Coalition.NetworkType.choices)
            if network is None:
                errors["network_type"] = _("Форма «%(value)s» неизвестна; возможны: %(all)s.") % {
                    "value": network_text,
                    "all": _labels(Coalition.NetworkType.choices),
                }
            else:
                coalition.network_type = network
        for field in ("contact_person", "contact_phone"):
            if self.value(row, field):
                setattr(coalition, field, self.value(row, field)[:MAX_TEXT])
        email = self.value(row, "contact_email")
        if email:
            try:
                validate_email(email)
                coalition.contact_email = email
            except ValidationError:
                errors["contact_email"] = _("«%(value)s» — не адрес e-mail.") % {"value": email}

    def _apply_organisation(self, instance: MemberOrganisation, row, errors: dict) -> None:
        """The row's member organisation columns."""
        organisation = self.value(row, "organisation")
        if not organisation:
            errors["organisation"] = _("Укажите название организации-члена.")
        elif len(organisation) > MAX_TEXT:
            errors["organisation"] = _("Название длиннее %(max)d знаков.") % {"max": MAX_TEXT}
        instance.name = organisation
        for field, choices in (
            ("sector", MemberOrganisation.Sector.choices),
            ("organisation_type", MemberOrganisation.OrganisationType.choices),
        ):
            text = self.value(row, field)
            code = _choice(text, choices) if text else None
            if code:
                setattr(instance, field, code)
            elif text or instance.pk is None:
                errors[field] = _("Укажите одно из: %(all)s.") % {"all": _labels(choices)}
        region_text = self.value(row, "region")
        if region_text:
            region = self.regions.get(region_text.casefold())
            if region is None:
                errors["region"] = _("Регион «%(value)s» не найден в справочнике.") % {
                    "value": region_text
                }
            else:
                instance.region = region
        if self.value(row, "contact"):
            instance.contact = self.value(row, "contact")[:MAX_TEXT]

    COALITION_FIELDS = ("kind", "network_type", "contact_person", "contact_email", "contact_phone")
    ORGANISATION_FIELDS = ("name", "sector", "organisation_type", "region_id", "contact")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return not self.changed

    def save_instance(self, instance, is_create, row, **kwargs):
        coalition = instance.coalition
        coalition.save()
        instance.coalition = coalition  # the new coalition's id
        super().save_instance(instance, is_create, row, **kwargs)
