"""A question of a form version: its type, texts in three languages, limits and condition.

Choices and table columns are JSON lists on the question rather than child rows: they are
part of the question's text, copied with it into a new version in one row, read with it in
the same query (a 40-question form costs what a 5-question one does), and edited in the
stock admin, which has no nested inlines.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated import TranslatedMixin

from .forms import FormSection, FormVersion


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("короткий текст")
    LONG_TEXT = "long_text", _("длинный текст")
    INTEGER = "integer", _("целое число")
    AMOUNT = "amount", _("сумма в сомах")
    DATE = "date", _("дата")
    CHOICE = "choice", _("один вариант")
    CHOICES = "choices", _("несколько вариантов")
    YES_NO = "yes_no", _("да или нет")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("телефон")
    URL = "url", _("ссылка")
    FILE = "file", _("файл")
    TABLE = "table", _("таблица")
    # A rule-bearing block of the portal (the pair, priorities, budget lines…): its answers
    # live in the portal's own records, it is re-worded and moved, never removed.
    FIXED = "fixed", _("стандартный блок портала")


class Question(TranslatedMixin, models.Model):
    Type = QuestionType

    version = models.ForeignKey(
        FormVersion,
        verbose_name=_("версия формы"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.ForeignKey(
        FormSection, verbose_name=_("раздел"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    key = models.SlugField(
        _("код"),
        max_length=50,
        help_text=_("Латиницей, без пробелов; под этим кодом хранятся ответы."),
    )
    type = models.CharField(
        _("тип"), max_length=16, choices=QuestionType.choices, default=QuestionType.SHORT_TEXT
    )
    label = models.CharField(_("вопрос"), max_length=500)
    label_ky = models.CharField(_("вопрос (кырг.)"), max_length=500, blank=True)
    label_en = models.CharField(_("вопрос (англ.)"), max_length=500, blank=True)
    help = models.TextField(_("подсказка"), blank=True)
    help_ky = models.TextField(_("подсказка (кырг.)"), blank=True)
    help_en = models.TextField(_("подсказка (англ.)"), blank=True)
    required = models.BooleanField(_("обязательный"), default=False)

    max_length = models.PositiveIntegerField(
        _("не больше знаков"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    min_value = models.DecimalField(
        _("не меньше"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("не больше"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    choices = models.JSONField(_("варианты"), default=list, blank=True)
    allowed_extensions = models.CharField(
        _("типы файлов"),
        max_length=200,
        blank=True,
        help_text=_("Через запятую, например: pdf, docx, jpg."),
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("размер файла не больше, МБ"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    columns = models.JSONField(_("столбцы таблицы"), default=list, blank=True)
    max_rows = models.PositiveSmallIntegerField(
        _("строк не больше"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    condition_key = models.SlugField(
        _("показывать, если на вопрос с кодом"),
        max_length=50,
        blank=True,
        help_text=_("Код одного из предыдущих вопросов (один вариант, несколько или да/нет)."),
    )
    condition_value = models.CharField(
        _("ответили"),
        max_length=100,
        blank=True,
        help_text=_("Значение варианта; для вопроса «да или нет» — yes или no."),
    )
    fixed = models.SlugField(
        _("стандартный блок"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_(
            "На этот блок опираются правила портала: его можно переименовать и переставить, "
            "но не удалить."
        ),
    )

    class Meta:
        verbose_name = _("вопрос формы")
        verbose_name_plural = _("вопросы формы")
        ordering = ["version", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_per_version")
        ]

    def __str__(self):
        return self.label

    @property
    def is_fixed(self) -> bool:
        return bool(self.fixed)

    @property
    def extensions(self) -> list[str]:
        """The allowed file extensions, lower case, without dots."""
        parts = self.allowed_extensions.replace(";", ",").replace(" ", ",").split(",")
        return [part.strip().lower().lstrip(".") for part in parts if part.strip(" .")]
