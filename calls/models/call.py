from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translated import TranslatedMixin


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Call.Status.OPEN, Call.Status.CLOSED])

    def current(self):
        """The call the home page presents: an open one first, else the latest closed."""
        return (
            self.published()
            .order_by(
                models.Case(models.When(status=Call.Status.OPEN, then=0), default=1),
                "-application_deadline",
            )
            .first()
        )


class Call(TranslatedMixin, models.Model):
    """One competition of the programme: its text, timeline, budget and contact.

    Every date of the timeline is data: a later call (another year, another country)
    is a new row, never a code change.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        OPEN = "open", _("открыт")
        CLOSED = "closed", _("закрыт")
        ARCHIVED = "archived", _("в архиве")

    slug = models.SlugField(_("код"), unique=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("название"), max_length=255)
    title_ky = models.CharField(_("название (кырг.)"), max_length=255, blank=True)
    title_en = models.CharField(_("название (англ.)"), max_length=255, blank=True)
    programme = models.CharField(_("программа"), max_length=500, blank=True)
    programme_ky = models.CharField(_("программа (кырг.)"), max_length=500, blank=True)
    programme_en = models.CharField(_("программа (англ.)"), max_length=500, blank=True)
    summary = models.TextField(_("кратко"), blank=True)
    summary_ky = models.TextField(_("кратко (кырг.)"), blank=True)
    summary_en = models.TextField(_("кратко (англ.)"), blank=True)
    description = models.TextField(_("описание"), blank=True)
    description_ky = models.TextField(_("описание (кырг.)"), blank=True)
    description_en = models.TextField(_("описание (англ.)"), blank=True)
    requirements = models.TextField(_("требования к участникам"), blank=True)
    requirements_ky = models.TextField(_("требования (кырг.)"), blank=True)
    requirements_en = models.TextField(_("требования (англ.)"), blank=True)
    funders = models.CharField(_("финансирование"), max_length=500, blank=True)
    funders_ky = models.CharField(_("финансирование (кырг.)"), max_length=500, blank=True)
    funders_en = models.CharField(_("финансирование (англ.)"), max_length=500, blank=True)

    class SessionFormat(models.TextChoices):
        ONLINE = "online", _("онлайн")
        OFFLINE = "offline", _("очно")
        BOTH = "both", _("онлайн и очно")

    info_session_at = models.DateTimeField(_("информационная встреча"), null=True, blank=True)
    info_session_format = models.CharField(
        _("формат встречи"),
        max_length=16,
        choices=SessionFormat.choices,
        default=SessionFormat.BOTH,
    )
    info_session_link = models.URLField(_("ссылка для подключения"), blank=True)
    info_session_venue = models.CharField(_("место встречи"), max_length=255, blank=True)
    info_session_venue_ky = models.CharField(_("место встречи (кырг.)"), max_length=255, blank=True)
    info_session_venue_en = models.CharField(_("место встречи (англ.)"), max_length=255, blank=True)
    application_deadline = models.DateTimeField(_("крайний срок приёма заявок"))
    workshop_start = models.DateField(_("начало практикума"), null=True, blank=True)
    workshop_end = models.DateField(_("окончание практикума"), null=True, blank=True)
    workshop_venue = models.CharField(_("место практикума"), max_length=255, blank=True)
    workshop_venue_ky = models.CharField(_("место практикума (кырг.)"), max_length=255, blank=True)
    workshop_venue_en = models.CharField(_("место практикума (англ.)"), max_length=255, blank=True)
    workshop_dates_tentative = models.BooleanField(
        _("даты практикума предварительные"), default=True
    )
    workshop_note = models.CharField(_("примечание о практикуме"), max_length=500, blank=True)
    workshop_note_ky = models.CharField(
        _("примечание о практикуме (кырг.)"), max_length=500, blank=True
    )
    workshop_note_en = models.CharField(
        _("примечание о практикуме (англ.)"), max_length=500, blank=True
    )
    support_deadline = models.DateTimeField(
        _("крайний срок заявок на техническую поддержку"), null=True, blank=True
    )
    support_deadline_tentative = models.BooleanField(
        _("срок заявок на поддержку предварительный"), default=False
    )
    selection_start = models.DateField(_("отбор и контракты: с"), null=True, blank=True)
    selection_end = models.DateField(_("отбор и контракты: по"), null=True, blank=True)
    selection_tentative = models.BooleanField(_("даты отбора предварительные"), default=False)
    # The SEQUENCE of each timeline step's calendar event (``{"info_session": 1, …}``):
    # raised when staff move the step, so calendars update the event instead of adding one.
    calendar_sequences = models.JSONField(
        _("версии событий календаря"), default=dict, blank=True, editable=False
    )
    implementation_end = models.DateField(_("кампании реализуются до"), null=True, blank=True)

    budget = models.DecimalField(
        _("бюджет технической поддержки, сом"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_awards = models.PositiveSmallIntegerField(_("поддержанных коалиций: от"), default=4)
    max_awards = models.PositiveSmallIntegerField(_("поддержанных коалиций: до"), default=6)

    class PairPreference(models.TextChoices):
        BONUS = "bonus", _("бонусные баллы")
        TIE_BREAK = "tie_break", _("преимущество при равенстве баллов")
        BOTH = "both", _("бонусные баллы и преимущество при равенстве")
        NONE = "none", _("без преимущества")

    pair_preference = models.CharField(
        _("преимущество пар"),
        max_length=16,
        choices=PairPreference.choices,
        default=PairPreference.BOTH,
        help_text=_("Как «пары» гражданской и экономической коалиций получают преимущество."),
    )
    pair_bonus = models.DecimalField(
        _("бонус паре, баллов"), max_digits=6, decimal_places=2, default=Decimal("5")
    )
    workshop_capacity = models.PositiveSmallIntegerField(
        _("мест на практикуме (коалиций)"), null=True, blank=True
    )
    attendees_per_coalition = models.PositiveSmallIntegerField(
        _("участников практикума от коалиции, не более"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    attendee_confirmation_deadline = models.DateTimeField(
        _("крайний срок подтверждения участников практикума"),
        null=True,
        blank=True,
        help_text=_("До этого момента отобранные коалиции подтверждают участников и их нужды."),
    )
    scoring_deadline = models.DateTimeField(
        _("крайний срок оценки заявок"),
        null=True,
        blank=True,
        help_text=_("До этого момента рецензенты оценивают назначенные им заявки."),
    )
    scoring_locked = models.BooleanField(
        _("оценки закрыты"),
        default=False,
        help_text=_("Когда оценки закрыты, рецензенты больше не меняют свои оценки."),
    )

    contact_name = models.CharField(_("контактное лицо"), max_length=255, blank=True)
    contact_email = models.EmailField(_("e-mail для вопросов"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("конкурс")
        verbose_name_plural = _("конкурсы")
        ordering = ["-application_deadline"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_awards__lte=models.F("max_awards")),
                name="call_min_awards_not_above_max",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("applications:call_detail", kwargs={"slug": self.slug})

    @property
    def pair_bonus_points(self) -> Decimal:
        prefers = self.pair_preference in (self.PairPreference.BONUS, self.PairPreference.BOTH)
        return self.pair_bonus if prefers else Decimal("0")

    @property
    def pairs_win_ties(self) -> bool:
        return self.pair_preference in (self.PairPreference.TIE_BREAK, self.PairPreference.BOTH)

    @property
    def is_accepting_applications(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() <= self.application_deadline


class Priority(TranslatedMixin, models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("приоритет"), max_length=255)
    title_ky = models.CharField(_("приоритет (кырг.)"), max_length=255, blank=True)
    title_en = models.CharField(_("приоритет (англ.)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("приоритетная тема")
        verbose_name_plural = _("приоритетные темы")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="priority_number_per_call")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class KeyTopic(TranslatedMixin, models.Model):
    """One of the key topics of the call's workshop (seven in 2022)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="key_topics")
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("тема"), max_length=255)
    title_ky = models.CharField(_("тема (кырг.)"), max_length=255, blank=True)
    title_en = models.CharField(_("тема (англ.)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ключевая тема практикума")
        verbose_name_plural = _("ключевые темы практикума")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="key_topic_number_per_call")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class FaqEntry(TranslatedMixin, models.Model):
    """A question people ask about the call, answered by staff on the public page."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="faq_entries")
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    question = models.CharField(_("вопрос"), max_length=500)
    question_ky = models.CharField(_("вопрос (кырг.)"), max_length=500, blank=True)
    question_en = models.CharField(_("вопрос (англ.)"), max_length=500, blank=True)
    answer = models.TextField(_("ответ"))
    answer_ky = models.TextField(_("ответ (кырг.)"), blank=True)
    answer_en = models.TextField(_("ответ (англ.)"), blank=True)

    class Meta:
        verbose_name = _("вопрос и ответ")
        verbose_name_plural = _("вопросы и ответы")
        ordering = ["call", "order", "pk"]

    def __str__(self):
        return self.question


class InfoSessionRegistration(models.Model):
    """A person who registered for the call's information session, online or offline."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("онлайн, по ссылке")
        OFFLINE = "offline", _("очно")

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="info_session_registrations",
        verbose_name=_("конкурс"),
    )
    full_name = models.CharField(_("имя и фамилия"), max_length=255)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("организация или коалиция"), max_length=255, blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    mode = models.CharField(_("участие"), max_length=16, choices=Mode.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь портала"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_session_registrations",
    )
    language = models.CharField(_("язык писем"), max_length=8, default="ru")
    created_at = models.DateTimeField(_("зарегистрирован"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("регистрация на информационную встречу")
        verbose_name_plural = _("регистрации на информационную встречу")
        ordering = ["call", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "email"], name="one_info_session_registration_per_email"
            )
        ]
        # A signed-in person's registrations are found by their address in any case
        # (``email__iexact``): the dashboard's upcoming dates and the reminder previews.
        indexes = [models.Index(Upper("email"), name="info_session_email_upper")]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"
