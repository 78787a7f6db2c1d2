"""The events of a call (information session, the workshop, others), their programme,
guest speakers, the participants coalitions send, their attendance and certificates."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call, KeyTopic
from coalitions.models import Coalition, Region
from core.translated import TranslatedMixin


class Event(TranslatedMixin, models.Model):
    """A dated event of a call; a workshop lasts several days and has a programme."""

    class Kind(models.TextChoices):
        INFO_SESSION = "info_session", _("информационная встреча")
        WORKSHOP = "workshop", _("семинар-практикум")
        OTHER = "other", _("другое")

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=255)
    title_ky = models.CharField(_("название (кырг.)"), max_length=255, blank=True)
    title_en = models.CharField(_("название (англ.)"), max_length=255, blank=True)
    starts_on = models.DateField(_("первый день"))
    ends_on = models.DateField(_("последний день"))
    day_starts_at = models.TimeField(_("начало дня"), default=dt.time(9, 0))
    day_ends_at = models.TimeField(_("окончание дня"), default=dt.time(18, 0))
    venue = models.CharField(_("место"), max_length=255, blank=True)
    online_link = models.URLField(_("ссылка для подключения"), blank=True)
    capacity = models.PositiveIntegerField(_("мест (человек)"), null=True, blank=True)
    certificate_min_days = models.PositiveSmallIntegerField(
        _("дней для сертификата"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Сколько дней нужно посетить, чтобы получить сертификат участника."),
    )
    programme_published_at = models.DateTimeField(
        _("программа опубликована"), null=True, blank=True
    )
    # The SEQUENCE of the programme's calendar entries: raised when staff move the event.
    calendar_sequence = models.PositiveIntegerField(
        _("версия в календаре"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["call", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d.%m.%Y})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Последний день не может быть раньше первого.")})
        days = self.days if self.starts_on and self.ends_on else []
        if self.certificate_min_days and days and self.certificate_min_days > len(days):
            raise ValidationError(
                {
                    "certificate_min_days": _(
                        "Мероприятие длится %(days)d дн. — нельзя требовать больше."
                    )
                    % {"days": len(days)}
                }
            )

    @property
    def days(self) -> list[dt.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=n) for n in range(count)]

    @property
    def nights(self) -> list[dt.date]:
        """Nights a participant from another region may stay: the night before each day."""
        return [day - dt.timedelta(days=1) for day in self.days]

    @property
    def is_published(self) -> bool:
        return self.programme_published_at is not None


class Speaker(models.Model):
    """A guest speaker staff consider, invite and confirm for a call's workshop."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("предложен")
        INVITED = "invited", _("приглашён")
        CONFIRMED = "confirmed", _("подтвердил участие")
        DECLINED = "declined", _("отказался")

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("имя и фамилия"), max_length=255)
    organisation = models.CharField(_("организация"), max_length=255, blank=True)
    experience = models.TextField(_("опыт"), blank=True)
    topic = models.CharField(_("тема выступления"), max_length=255)
    key_topic = models.ForeignKey(
        KeyTopic,
        verbose_name=_("ключевая тема"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speakers",
    )
    contact = models.CharField(_("контакт"), max_length=255, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )

    class Meta:
        verbose_name = _("приглашённый спикер")
        verbose_name_plural = _("приглашённые спикеры")
        ordering = ["call", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.key_topic_id and self.call_id and self.key_topic.call_id != self.call_id:
            raise ValidationError({"key_topic": _("Выберите ключевую тему этого конкурса.")})


class Session(TranslatedMixin, models.Model):
    """One session of an event's programme, on one day, in one room."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(_("день"))
    starts_at = models.TimeField(_("начало"))
    ends_at = models.TimeField(_("окончание"))
    title = models.CharField(_("название"), max_length=255)
    title_ky = models.CharField(_("название (кырг.)"), max_length=255, blank=True)
    title_en = models.CharField(_("название (англ.)"), max_length=255, blank=True)
    description = models.TextField(_("описание"), blank=True)
    description_ky = models.TextField(_("описание (кырг.)"), blank=True)
    description_en = models.TextField(_("описание (англ.)"), blank=True)
    room = models.CharField(_("зал"), max_length=120, blank=True)
    facilitator = models.CharField(_("ведущий"), max_length=255, blank=True)
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("спикер"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    key_topic = models.ForeignKey(
        KeyTopic,
        verbose_name=_("ключевая тема"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )

    class Meta:
        verbose_name = _("сессия программы")
        verbose_name_plural = _("программа")
        ordering = ["event", "day", "starts_at", "room"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.day:%d.%m} {self.starts_at:%H:%M}–{self.ends_at:%H:%M} {self.title}"

    def overlaps(self, other: "Session") -> bool:
        """Two sessions clash when they share a day and a room and their times cross."""
        return (
            bool(self.room.strip())
            and self.day == other.day
            and self.room.strip().casefold() == other.room.strip().casefold()
            and self.starts_at < other.ends_at
            and other.starts_at < self.ends_at
        )

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Сессия должна заканчиваться позже, чем начинается.")
        event = self.event if self.event_id else None
        if event and self.day and not (event.starts_on <= self.day <= event.ends_on):
            errors["day"] = _(
                "День должен быть в пределах дат мероприятия (%(start)s — %(end)s)."
            ) % {
                "start": f"{event.starts_on:%d.%m.%Y}",
                "end": f"{event.ends_on:%d.%m.%Y}",
            }
        if event and self.key_topic_id and self.key_topic.call_id != event.call_id:
            errors["key_topic"] = _("Выберите ключевую тему этого конкурса.")
        if event and self.speaker_id and self.speaker.call_id != event.call_id:
            errors["speaker"] = _("Выберите спикера этого конкурса.")
        if errors:
            raise ValidationError(errors)
        if getattr(self, "clash_checked_by_formset", False):
            return
        if event and self.day and self.starts_at and self.ends_at and self.room.strip():
            for other in event.sessions.filter(day=self.day).exclude(pk=self.pk):
                if self.overlaps(other):
                    raise ValidationError(clash_message(self, other))


def clash_message(session: Session, other: Session) -> str:
    return _("В зале «%(room)s» %(day)s в это время уже идёт «%(other)s» (%(start)s–%(end)s).") % {
        "room": other.room,
        "day": f"{other.day:%d.%m.%Y}",
        "other": other.title,
        "start": f"{other.starts_at:%H:%M}",
        "end": f"{other.ends_at:%H:%M}",
    }


class ParticipantQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def visible_to(self, user):
        """Participants whose practical needs the person may see: staff with the
        permission, else the people of the participant's own coalition."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or (user.is_staff and user.has_perm("workshops.view_participant")):
            return self
        return self.filter(coalition__memberships__user=user).distinct()


class Participant(models.Model):
    """A person a selected coalition sends to an event, with the needs staff arrange."""

    class Diet(models.TextChoices):
        NONE = "none", _("без особенностей")
        VEGETARIAN = "vegetarian", _("вегетарианское")
        VEGAN = "vegan", _("веганское")
        NO_PORK = "no_pork", _("без свинины")
        GLUTEN_FREE = "gluten_free", _("без глютена")
        OTHER = "other", _("другое (укажите)")

    event = models.ForeignKey(
        Event, verbose_name=_("мероприятие"), on_delete=models.CASCADE, related_name="participants"
    )
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция"),
        on_delete=models.PROTECT,
        related_name="workshop_participants",
    )
    full_name = models.CharField(_("имя и фамилия"), max_length=255)
    job_title = models.CharField(_("должность"), max_length=255, blank=True)
    organisation = models.CharField(_("организация"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь портала"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_participations",
    )
    # Practical needs
    arriving_from = models.CharField(
        _("откуда приезжает (город, село)"), max_length=255, blank=True
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nights = models.JSONField(_("ночи проживания"), default=list, blank=True)
    diet = models.CharField(_("питание"), max_length=16, choices=Diet.choices, default=Diet.NONE)
    diet_notes = models.CharField(_("уточнение о питании"), max_length=255, blank=True)
    accessibility = models.TextField(_("доступность: что нужно"), blank=True)
    photo_consent = models.BooleanField(_("согласие на фото и видео"), default=False)

    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("подтвердил"),
    )
    created_at = models.DateTimeField(_("подтверждён"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("участник мероприятия")
        verbose_name_plural = _("участники мероприятий")
        ordering = ["event", "coalition__name", "full_name"]

    def __str__(self):
        return self.full_name

    @property
    def night_dates(self) -> list[dt.date]:
        return sorted(dt.date.fromisoformat(value) for value in self.nights or [])


class Attendance(models.Model):
    """Whether a participant came on one day of the event (one check-in per day)."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("участник"),
    )
    day = models.DateField(_("день"))
    present = models.BooleanField(_("присутствовал"), default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("отметил"),
    )
    marked_at = models.DateTimeField(_("отмечено"), auto_now=True)

    class Meta:
        verbose_name = _("посещение")
        verbose_name_plural = _("посещаемость")
        ordering = ["participant", "day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="one_check_in_per_day"),
        ]

    def __str__(self):
        return f"{self.participant} {self.day:%d.%m.%Y}"


class Certificate(models.Model):
    """A certificate of participation: its number is fixed once issued; the PDF is printed
    on request in the reader's language."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("участник"),
    )
    number = models.CharField(_("номер"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("выдал"),
    )

    class Meta:
        verbose_name = _("сертификат участника")
        verbose_name_plural = _("сертификаты участников")
        ordering = ["participant__event", "number"]

    def __str__(self):
        return self.number
