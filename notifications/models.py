import datetime as dt
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated import TranslatedMixin

from . import registry


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
    body_html = models.TextField(_("текст письма в HTML"), blank=True)
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


def parse_offsets(value: str) -> list[int]:
    """``"-7, -3, -1, 0, +2"`` → ``[-7, -3, -1, 0, 2]`` (sorted, without repeats)."""
    offsets = set()
    for part in str(value).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            offsets.add(int(part))
        except ValueError as exc:
            raise ValidationError(
                _("«%(part)s» — не число дней. Пример: -7, -3, -1, 0, +2") % {"part": part}
            ) from exc
    if not offsets:
        raise ValidationError(_("Укажите хотя бы одно смещение в днях, например: -7, -3, -1, 0"))
    if any(abs(o) > 366 for o in offsets):
        raise ValidationError(_("Смещение не может быть больше года."))
    return sorted(offsets)


# Placeholders staff may use in a rule's subject and text.
REMINDER_PLACEHOLDERS = {
    "name": _("имя получателя"),
    "date": _("дата (время Бишкека)"),
    "deadline": _("то же, что {date}"),
    "days_left": _("сколько дней осталось (или прошло)"),
    "call": _("название конкурса"),
    "about": _("о чём напоминание: название заявки, отчёта…"),
    "link": _("прямая ссылка на то, что нужно сделать"),
}


def _check_placeholders(text: str) -> None:
    try:
        names = {part[1] for part in string.Formatter().parse(text) if part[1] is not None}
    except ValueError as exc:
        raise ValidationError(_("Фигурные скобки не закрыты: %(error)s") % {"error": exc}) from exc
    unknown = sorted(names - set(REMINDER_PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Неизвестные поля: %(unknown)s. Можно: %(known)s.")
            % {
                "unknown": ", ".join(f"{{{n}}}" for n in unknown),
                "known": ", ".join(f"{{{n}}}" for n in REMINDER_PLACEHOLDERS),
            }
        )


def validate_reminder_text(value: str) -> None:
    _check_placeholders(value)


def validate_offsets(value: str) -> None:
    parse_offsets(value)


class ReminderRule(TranslatedMixin, models.Model):
    """A reminder staff set up for one call: which date, whom, how many days before or
    after, and what it says in Russian, Kyrgyz and English.

    The audience is computed each time the job runs; each person receives each reminder
    (rule × dated thing × date × offset) at most once.
    """

    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("конкурс"),
        on_delete=models.CASCADE,
        related_name="reminder_rules",
    )
    name = models.CharField(_("название"), max_length=255)
    date = models.CharField(_("о какой дате"), max_length=64, choices=registry.date_choices)
    audience = models.CharField(_("кому"), max_length=64, choices=registry.audience_choices)
    offsets = models.CharField(
        _("за сколько дней"),
        max_length=100,
        default="-7, -3, -1, 0",
        validators=[validate_offsets],
        help_text=_(
            "Дни относительно даты: -7 — за неделю, 0 — в тот же день, +2 — через два дня "
            "после (напоминание о просрочке)."
        ),
    )
    send_time = models.TimeField(
        _("время отправки (Бишкек)"),
        default=dt.time(9, 0),
        help_text=_(
            "В этот час уходит напоминание в свой день; пропущенное (сервер не работал) "
            "уходит, как только задача запустится, если дата ещё не прошла."
        ),
    )
    essential = models.BooleanField(
        _("обязательное"),
        default=False,
        help_text=_(
            "Обязательные напоминания (сроки своих черновиков и отчётов) приходят и тем, кто "
            "отказался от необязательных писем."
        ),
    )
    is_active = models.BooleanField(_("включено"), default=True)
    subject = models.CharField(
        _("тема письма"), max_length=255, validators=[validate_reminder_text]
    )
    subject_ky = models.CharField(
        _("тема (кырг.)"), max_length=255, blank=True, validators=[validate_reminder_text]
    )
    subject_en = models.CharField(
        _("тема (англ.)"), max_length=255, blank=True, validators=[validate_reminder_text]
    )
    body = models.TextField(_("текст письма"), validators=[validate_reminder_text])
    body_ky = models.TextField(_("текст (кырг.)"), blank=True, validators=[validate_reminder_text])
    body_en = models.TextField(_("текст (англ.)"), blank=True, validators=[validate_reminder_text])
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("правило напоминаний")
        verbose_name_plural = _("правила напоминаний")
        ordering = ["call", "date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="reminder_rule_name_per_call")
        ]

    def __str__(self):
        return self.name

    def offset_list(self) -> list[int]:
        return parse_offsets(self.offsets)

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date not in registry.dates():
            errors["date"] = _("Такой даты нет.")
        if self.audience and self.audience not in registry.audiences():
            errors["audience"] = _("Такой аудитории нет.")
        if errors:
            raise ValidationError(errors)
