"""How people join a coalition: invitations by its owner, requests by the person."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .coalition import Coalition, Membership


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
