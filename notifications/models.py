from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMessage(models.Model):
    """One logical e-mail to one person: rendered once, sent at most once.

    ``key`` names the logical message (for example ``decision:42:selected``); the unique
    constraint on it is what guarantees that the same message is never sent twice, even
    when two workers or two staff clicks race.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("ошибка, будет повтор")
        GAVE_UP = "gave_up", _("не отправлено")

    key = models.CharField(_("ключ"), max_length=255, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("получатель"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages_received",
    )
    to_email = models.EmailField(_("адрес"))
    language = models.CharField(_("язык"), max_length=8)
    template = models.CharField(_("шаблон"), max_length=200)
    subject = models.CharField(_("тема"), max_length=255)
    body_text = models.TextField(_("текст"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.to_email}: {self.subject}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(
        OutgoingMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(_("имя файла"), max_length=255)
    mimetype = models.CharField(_("тип"), max_length=100)
    content = models.BinaryField(_("содержимое"))

    class Meta:
        verbose_name = _("вложение")
        verbose_name_plural = _("вложения")

    def __str__(self):
        return self.filename
