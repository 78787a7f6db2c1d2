"""The technical-support application: the campaign plan and the support asked for, in kind."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import AnswersDocument, Call
from coalitions.models import Coalition, Membership
from core.lifecycle import StatusChange, can_move

from ..institutional import REASON_CHOICES

MONEY = {"max_digits": 14, "decimal_places": 2}


class SupportApplicationQuerySet(models.QuerySet):
    def of_member(self, user):
        """Applications of the person's coalitions (either coalition of a pair)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(coalition__memberships__user=user) | Q(partner__memberships__user=user)
        ).distinct()

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or (
            user.is_staff and user.has_perm("grants.view_technicalsupportapplication")
        ):
            return self
        return self.of_member(user)

    def editable_by(self, user):
        """Owners and editors of either coalition may change the application."""
        if not user.is_authenticated:
            return self.none()
        roles = [Membership.Role.OWNER, Membership.Role.EDITOR]
        return self.filter(
            Q(coalition__memberships__user=user, coalition__memberships__role__in=roles)
            | Q(partner__memberships__user=user, partner__memberships__role__in=roles)
        ).distinct()


class TechnicalSupportApplication(AnswersDocument):
    """A coalition's (or a pair's) request for technical support after the workshop.

    Status moves only along ``TRANSITIONS``; every move is recorded in
    ``SupportStatusChange``. ``requested_total`` is the sum of the budget lines, kept by
    the service that saves them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("подана")
        WITHDRAWN = "withdrawn", _("отозвана")
        AWARDED = "awarded", _("поддержка присуждена")
        NOT_SUPPORTED = "not_supported", _("не поддержана")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {
            Status.SUBMITTED,
            Status.WITHDRAWN,
            Status.AWARDED,
            Status.NOT_SUPPORTED,
        },
        Status.WITHDRAWN: {Status.SUBMITTED},
        Status.AWARDED: {Status.NOT_SUPPORTED},
        Status.NOT_SUPPORTED: {Status.AWARDED},
    }
    # The answers may change only in these statuses (and only before the deadline).
    EDITABLE = (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN)

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.PROTECT, related_name="support_requests"
    )
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция-заявитель"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    partner = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция-партнёр"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_support_requests",
    )
    workshop_application = models.ForeignKey(
        Application,
        verbose_name=_("заявка на практикум"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("отправлена раз"), default=0)
    submitted_at = models.DateTimeField(_("последняя отправка"), null=True, blank=True)
    has_unsent_changes = models.BooleanField(_("есть изменения после отправки"), default=False)

    # The campaign plan
    # The title is a block the rules rely on (lists, the contract, reports); every other
    # answer of the call's form is in ``answers``, keyed by the form version's question keys.
    title = models.CharField(_("название кампании"), max_length=255, blank=True)

    requested_total = models.DecimalField(
        _("запрошено, сом"), **MONEY, default=Decimal("0"), editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = SupportApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("заявка на техническую поддержку")
        verbose_name_plural = _("заявки на техническую поддержку")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "coalition"], name="one_support_request_per_coalition_per_call"
            ),
            models.CheckConstraint(
                condition=~Q(coalition=models.F("partner")),
                name="support_partner_is_another_coalition",
            ),
        ]

    def __str__(self):
        return self.title or str(_("Заявка на поддержку без названия"))

    @property
    def is_pair(self) -> bool:
        return self.partner_id is not None

    @property
    def applicants(self) -> str:
        if self.partner_id:
            return f"{self.coalition} + {self.partner}"
        return str(self.coalition)

    def coalition_ids(self) -> list[int]:
        return [pk for pk in (self.coalition_id, self.partner_id) if pk]

    def can_move_to(self, status: str) -> bool:
        return can_move(self, status)

    @property
    def is_decided(self) -> bool:
        """Support awarded or refused: its review scores are frozen."""
        return self.status in (self.Status.AWARDED, self.Status.NOT_SUPPORTED)


class SupportStatusChange(StatusChange):
    """One move of a technical-support application's status: who, when, from, to, why."""

    application = models.ForeignKey(
        TechnicalSupportApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = StatusChange.from_status_field(TechnicalSupportApplication.Status)
    to_status = StatusChange.to_status_field(TechnicalSupportApplication.Status)

    class Meta:
        verbose_name = _("изменение статуса заявки на поддержку")
        verbose_name_plural = _("история статусов заявки на поддержку")
        ordering = ["application", "at", "pk"]


class Activity(models.Model):
    """A dated activity of the campaign plan (all within the implementation period)."""

    application = models.ForeignKey(
        TechnicalSupportApplication, on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("мероприятие"), max_length=500)
    starts_on = models.DateField(_("с"), null=True, blank=True)
    ends_on = models.DateField(_("по"), null=True, blank=True)

    class Meta:
        verbose_name = _("мероприятие кампании")
        verbose_name_plural = _("мероприятия кампании")
        ordering = ["application", "position"]

    def __str__(self):
        return self.description


class ExpectedResult(models.Model):
    """An expected result with the indicator that shows it and the target to reach."""

    application = models.ForeignKey(
        TechnicalSupportApplication, on_delete=models.CASCADE, related_name="results"
    )
    position = models.PositiveSmallIntegerField(default=0)
    result = models.CharField(_("ожидаемый результат"), max_length=500)
    indicator = models.CharField(_("индикатор"), max_length=255, blank=True)
    target = models.CharField(_("целевое значение"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ожидаемый результат")
        verbose_name_plural = _("ожидаемые результаты")
        ordering = ["application", "position"]

    def __str__(self):
        return self.result


class CostReview(models.Model):
    """A line or a payment the institutional-costs rule found doubtful (``cost_flag``, the
    reason), and what staff decided about it: who, when, why. A refused one does not count
    (in the award, or in what the award has spent)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("принята сотрудниками")
        REFUSED = "refused", _("отклонена сотрудниками")

    cost_flag = models.CharField(
        _("сомнение: институциональные расходы?"),
        max_length=16,
        blank=True,
        choices=REASON_CHOICES,
        editable=False,
    )
    cost_decision = models.CharField(
        _("решение сотрудников"), max_length=16, blank=True, choices=Decision.choices
    )
    cost_decision_reason = models.TextField(_("причина решения"), blank=True)
    cost_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cost_decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_doubtful(self) -> bool:
        return bool(self.cost_flag)

    @property
    def awaits_decision(self) -> bool:
        return bool(self.cost_flag) and not self.cost_decision

    @property
    def is_refused(self) -> bool:
        return self.cost_decision == self.Decision.REFUSED


class BudgetLine(CostReview):
    """One line of the support requested, given in kind; ``total`` = quantity × unit cost."""

    class SupportType(models.TextChoices):
        EXPERT = "expert", _("эксперт")
        MATERIALS = "materials", _("материалы")
        EVENT = "event", _("мероприятие")
        MENTORING = "mentoring", _("менторство")
        OTHER = "other", _("другое")

    application = models.ForeignKey(
        TechnicalSupportApplication,
        verbose_name=_("заявка на техническую поддержку"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    position = models.PositiveSmallIntegerField(default=0)
    support_type = models.CharField(_("вид поддержки"), max_length=16, choices=SupportType.choices)
    description = models.CharField(_("описание"), max_length=500)
    unit = models.CharField(_("единица"), max_length=64, blank=True)
    quantity = models.DecimalField(
        _("количество"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_cost = models.DecimalField(
        _("цена за единицу, сом"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    total = models.DecimalField(_("сумма, сом"), **MONEY, default=Decimal("0"))

    class Meta:
        verbose_name = _("строка бюджета")
        verbose_name_plural = _("строки бюджета")
        ordering = ["application", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_cost__gte=0) & Q(total__gte=0),
                name="budget_line_amounts_positive",
            )
        ]

    def __str__(self):
        return self.description


class DoubtfulBudgetLine(BudgetLine):
    """The budget lines the institutional-costs rule found doubtful, for staff to settle."""

    class Meta:
        proxy = True
        verbose_name = _("сомнительная строка бюджета")
        verbose_name_plural = _("сомнительные строки бюджета")
