"""Erasure requests of people and the log of what staff erased.

The log keeps who erased whom and how many rows were touched, never the erased data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.lifecycle import StatusChange


class ErasureRequest(models.Model):
    """A person asks the programme to erase their personal data; staff erase or refuse."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("получена")
        DONE = "done", _("данные удалены")
        REFUSED = "refused", _("отказано")

    TRANSITIONS = {
        Status.REQUESTED: {Status.DONE, Status.REFUSED},
        Status.DONE: set(),
        Status.REFUSED: set(),
    }

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто просит"),
        on_delete=models.PROTECT,
        related_name="erasure_requests",
    )
    reason = models.TextField(_("причина"), blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    staff_note = models.TextField(_("ответ сотрудника"), blank=True)
    created_at = models.DateTimeField(_("получена"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решено"), null=True, blank=True)

    class Meta:
        verbose_name = _("запрос на удаление данных")
        verbose_name_plural = _("запросы на удаление данных")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="requested"),
                name="one_open_erasure_request_per_person",
            )
        ]

    def __str__(self):
        return _("Запрос №%(number)s") % {"number": self.pk}


class ErasureRequestStatusChange(StatusChange):
    request = models.ForeignKey(
        ErasureRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("было"), max_length=32, blank=True, choices=ErasureRequest.Status.choices
    )
    to_status = models.CharField(_("стало"), max_length=32, choices=ErasureRequest.Status.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("смена статуса запроса")
        verbose_name_plural = _("история статусов запроса")


class ErasureLog(models.Model):
    """One erasure: whom (by id only), who erased, when, and how many rows of each kind."""

    person_id_erased = models.PositiveBigIntegerField(
        _("пользователь №"), null=True, blank=True, db_index=True
    )
    participant_id_erased = models.PositiveBigIntegerField(
        _("участник мероприятия №"), null=True, blank=True
    )
    request = models.ForeignKey(
        ErasureRequest,
        verbose_name=_("по запросу"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="erasures",
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто удалил"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("когда"), auto_now_add=True)
    counts = models.JSONField(_("сколько записей"), default=dict)

    class Meta:
        verbose_name = _("удаление персональных данных")
        verbose_name_plural = _("журнал удаления персональных данных")
        ordering = ["-erased_at"]

    def __str__(self):
        if self.person_id_erased:
            return _("Пользователь №%(number)s") % {"number": self.person_id_erased}
        return _("Участник мероприятия №%(number)s") % {"number": self.participant_id_erased}
