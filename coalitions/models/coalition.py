"""Coalitions, their member organisations and their people."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.translated import TranslatedMixin


class Region(TranslatedMixin, models.Model):
    """An oblast of Kyrgyzstan or a city of republican significance (Bishkek, Osh)."""

    slug = models.SlugField(_("код"), unique=True)
    name = models.CharField(_("название"), max_length=120)
    name_ky = models.CharField(_("название (кырг.)"), max_length=120, blank=True)
    name_en = models.CharField(_("название (англ.)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["order", "name"]

    def __str__(self):
        return self.tr("name")


class Interest(TranslatedMixin, models.Model):
    """A thematic interest from the list staff curate (tags)."""

    slug = models.SlugField(_("код"), unique=True)
    name = models.CharField(_("название"), max_length=120)
    name_ky = models.CharField(_("название (кырг.)"), max_length=120, blank=True)
    name_en = models.CharField(_("название (англ.)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("тематический интерес")
        verbose_name_plural = _("тематические интересы")
        ordering = ["name"]

    def __str__(self):
        return self.tr("name")


QUOTES = "«»\"'“”„‘’`"


def name_key(name: str) -> str:
    """A coalition's name as duplicates are compared: no case, quotes or extra spacing."""
    text = name.casefold().replace("ё", "е")
    text = text.translate({ord(q): " " for q in QUOTES})
    return re.sub(r"\s+", " ", text).strip()


class CoalitionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Coalitions the person belongs to (as owner, editor or viewer)."""
        if not user.is_authenticated:
            return self.none()
        # By a subquery on memberships, not a join: a join needs DISTINCT, which sorts
        # every column of the coalition (the dashboard asks four times).
        return self.filter(pk__in=Membership.objects.filter(user=user).values("coalition_id"))

    def editable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            pk__in=Membership.objects.filter(user=user, role__in=EDIT_ROLES).values("coalition_id")
        )


class Coalition(models.Model):
    """A network of civil-society organisations: a coalition, association, union, platform."""

    class Kind(models.TextChoices):
        CIVIC = "civic", _("гражданская")
        ECONOMIC = "economic", _("экономическая")

    class NetworkType(models.TextChoices):
        COALITION = "coalition", _("коалиция")
        ASSOCIATION = "association", _("ассоциация")
        UNION = "union", _("союз")
        PLATFORM = "platform", _("платформа")
        OTHER = "other", _("другое сетевое объединение")

    name = models.CharField(_("название"), max_length=255)
    kind = models.CharField(_("тип коалиции"), max_length=16, choices=Kind.choices)
    network_type = models.CharField(
        _("форма объединения"),
        max_length=16,
        choices=NetworkType.choices,
        default=NetworkType.COALITION,
    )
    description = models.TextField(_("краткое описание"), blank=True)
    mission = models.TextField(_("миссия"), blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("регионы работы"), blank=True, related_name="coalitions"
    )
    interests = models.ManyToManyField(
        Interest, verbose_name=_("тематические интересы"), blank=True, related_name="coalitions"
    )
    year_founded = models.PositiveSmallIntegerField(_("год основания"), null=True, blank=True)
    registration_details = models.CharField(_("регистрационные данные"), max_length=255, blank=True)
    website = models.URLField(_("сайт"), blank=True)
    contact_person = models.CharField(_("контактное лицо"), max_length=255, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("телефон"), max_length=32, blank=True)
    looking_for_partner = models.BooleanField(_("ищет партнёра"), default=False)
    partner_note = models.TextField(_("над чем хотим работать с партнёром"), blank=True)
    name_key = models.CharField(
        _("название для поиска дублей"),
        max_length=255,
        db_index=True,
        editable=False,
        default="",
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = CoalitionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_key", "updated_at"])

    class Meta:
        verbose_name = _("коалиция")
        verbose_name_plural = _("коалиции")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def member_counts(self) -> dict[str, int]:
        """How many civic and business member organisations the coalition has."""
        counts = {MemberOrganisation.Sector.CIVIC: 0, MemberOrganisation.Sector.BUSINESS: 0}
        for organisation in self.member_organisations.all():
            counts[organisation.sector] = counts.get(organisation.sector, 0) + 1
        return {"civic": counts["civic"], "business": counts["business"]}

    def other_kind(self) -> str:
        return self.Kind.ECONOMIC if self.kind == self.Kind.CIVIC else self.Kind.CIVIC


class MemberOrganisation(models.Model):
    """An organisation that belongs to the coalition (an NGO, a business association …)."""

    class Sector(models.TextChoices):
        CIVIC = "civic", _("гражданский")
        BUSINESS = "business", _("бизнес")

    class OrganisationType(models.TextChoices):
        NGO = "ngo", _("НКО")
        BUSINESS_ASSOCIATION = "business_association", _("бизнес-ассоциация")
        ENTREPRENEUR = "entrepreneur", _("предприниматель")
        INITIATIVE_GROUP = "initiative_group", _("инициативная группа")
        OTHER = "other", _("другое")

    coalition = models.ForeignKey(
        Coalition,
        on_delete=models.CASCADE,
        related_name="member_organisations",
        verbose_name=_("коалиция"),
    )
    name = models.CharField(_("название"), max_length=255)
    sector = models.CharField(_("сектор"), max_length=16, choices=Sector.choices)
    organisation_type = models.CharField(
        _("тип организации"), max_length=32, choices=OrganisationType.choices
    )
    region = models.ForeignKey(
        Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.SET_NULL
    )
    contact = models.CharField(_("контакт"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("организация-член")
        verbose_name_plural = _("организации-члены")
        ordering = ["coalition", "name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's place in a coalition: owner, editor or viewer."""

    class Role(models.TextChoices):
        OWNER = "owner", _("владелец")
        EDITOR = "editor", _("редактор")
        VIEWER = "viewer", _("читатель")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("коалиция"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coalition_memberships",
        verbose_name=_("пользователь"),
    )
    role = models.CharField(_("роль"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("участник коалиции")
        verbose_name_plural = _("участники коалиции")
        constraints = [
            models.UniqueConstraint(fields=["coalition", "user"], name="one_membership_per_person"),
        ]

    def __str__(self):
        return f"{self.user} — {self.coalition} ({self.get_role_display()})"


# Who edits a coalition and acts for it (coalitions.permissions asks with these).
EDIT_ROLES = (Membership.Role.OWNER, Membership.Role.EDITOR)
