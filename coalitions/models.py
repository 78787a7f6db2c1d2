import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
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
            pk__in=Membership.objects.filter(
                user=user, role__in=[Membership.Role.OWNER, Membership.Role.EDITOR]
            ).values("coalition_id")
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


class Partnership(models.Model):
    """A pair for one call: a civic and an economic coalition that both confirmed it.

    ``inviter`` proposed the pair; the pair counts only once ``status`` is ``confirmed``.
    A coalition has at most one confirmed pair per call (a database constraint cannot say
    that across the two columns, so the pairing service enforces it under a lock).
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("приглашение отправлено")
        CONFIRMED = "confirmed", _("пара подтверждена")
        DECLINED = "declined", _("приглашение отклонено")
        DISSOLVED = "dissolved", _("пара распалась")

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("конкурс"),
    )
    inviter = models.ForeignKey(
        Coalition,
        on_delete=models.CASCADE,
        related_name="partnerships_sent",
        verbose_name=_("пригласившая коалиция"),
    )
    invitee = models.ForeignKey(
        Coalition,
        on_delete=models.CASCADE,
        related_name="partnerships_received",
        verbose_name=_("приглашённая коалиция"),
    )
    message = models.TextField(_("сообщение"), blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("пригласил"),
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ответил"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    responded_at = models.DateTimeField(_("дата ответа"), null=True, blank=True)
    dissolved_at = models.DateTimeField(_("распалась"), null=True, blank=True)

    class Meta:
        verbose_name = _("пара коалиций")
        verbose_name_plural = _("пары коалиций")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(inviter=models.F("invitee")), name="partnership_not_with_itself"
            ),
            models.UniqueConstraint(
                fields=["call", "inviter", "invitee"],
                condition=Q(status="invited"),
                name="one_open_invitation_per_pair_and_call",
            ),
        ]

    # The one table of allowed moves; services go through ``Partnership.move``.
    TRANSITIONS = {
        Status.INVITED: {Status.CONFIRMED, Status.DECLINED},
        Status.CONFIRMED: {Status.DISSOLVED},
        Status.DECLINED: set(),
        Status.DISSOLVED: set(),
    }

    def __str__(self):
        return f"{self.inviter} + {self.invitee}"

    def other(self, coalition: Coalition) -> Coalition:
        return self.invitee if coalition.pk == self.inviter_id else self.inviter

    def involves(self, coalition: Coalition) -> bool:
        return coalition.pk in (self.inviter_id, self.invitee_id)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class PartnershipTransition(models.Model):
    """One recorded move of a pair: who, when, from which status to which."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("пара коалиций"),
    )
    from_status = models.CharField(
        _("было"), max_length=16, choices=Partnership.Status.choices, blank=True
    )
    to_status = models.CharField(_("стало"), max_length=16, choices=Partnership.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    by_coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("от имени коалиции"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("изменение статуса пары")
        verbose_name_plural = _("история пары")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class CoalitionInvitation(models.Model):
    """An owner's invitation of a colleague by e-mail; works before the colleague signs up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает ответа")
        ACCEPTED = "accepted", _("принято")
        REVOKED = "revoked", _("отозвано")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("коалиция"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("роль"),
        max_length=16,
        choices=[(r.value, r.label) for r in Membership.Role if r != Membership.Role.OWNER],
        default=Membership.Role.EDITOR,
    )
    token = models.UUIDField(_("ключ приглашения"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("пригласил"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("принял"),
    )
    created_at = models.DateTimeField(_("отправлено"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решено"), null=True, blank=True)

    class Meta:
        verbose_name = _("приглашение в коалицию")
        verbose_name_plural = _("приглашения в коалицию")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.coalition}"


class JoinRequest(models.Model):
    """A person asks to join an existing coalition (offered when a name is a duplicate)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает решения")
        ACCEPTED = "accepted", _("принята")
        DECLINED = "declined", _("отклонена")

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coalition_join_requests",
        verbose_name=_("пользователь"),
    )
    message = models.TextField(_("сообщение"), blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("решение принял"),
    )
    created_at = models.DateTimeField(_("отправлена"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решено"), null=True, blank=True)

    class Meta:
        verbose_name = _("заявка на вступление")
        verbose_name_plural = _("заявки на вступление")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.coalition}"
