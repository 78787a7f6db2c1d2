"""Pairs of a civic and an economic coalition for a call, and their status history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import StatusChange

from .coalition import Coalition


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
    created_at = models.DateTimeField(_("создана"), default=timezone.now, editable=False)
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

    # The one table of allowed moves; the pairing services move pairs with core.lifecycle.
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


class PartnershipStatusChange(StatusChange):
    """One recorded move of a pair: who, on behalf of which coalition, when, from which
    status to which."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("пара коалиций"),
    )
    from_status = models.CharField(
        _("было"), max_length=32, choices=Partnership.Status.choices, blank=True
    )
    to_status = models.CharField(_("стало"), max_length=32, choices=Partnership.Status.choices)
    by_coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("от имени коалиции"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("изменение статуса пары")
        verbose_name_plural = _("история пары")

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
