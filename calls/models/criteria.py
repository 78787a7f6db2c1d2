"""How a call's applications are scored: weighted criteria per stage of the call."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated import TranslatedMixin

from .call import Call
from .questions import Question


class Stage(models.TextChoices):
    WORKSHOP = "workshop_application", _("заявка на практикум")
    SUPPORT = "technical_support", _("заявка на техническую поддержку")


class Criterion(TranslatedMixin, models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    stage = models.CharField(
        _("этап"), max_length=32, choices=Stage.choices, default=Stage.WORKSHOP
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    name = models.CharField(_("критерий"), max_length=255)
    name_ky = models.CharField(_("критерий (кырг.)"), max_length=255, blank=True)
    name_en = models.CharField(_("критерий (англ.)"), max_length=255, blank=True)
    guidance = models.TextField(_("как оценивать"), blank=True)
    guidance_ky = models.TextField(_("как оценивать (кырг.)"), blank=True)
    guidance_en = models.TextField(_("как оценивать (англ.)"), blank=True)
    questions = models.CharField(
        _("вопросы формы"),
        max_length=500,
        blank=True,
        help_text=_(
            "Коды вопросов формы, которые оценивает критерий, через запятую (например: "
            "problem, change_sought): рецензент видит ответы на них рядом с критерием."
        ),
    )
    max_points = models.PositiveSmallIntegerField(_("максимум баллов"), default=10)
    weight = models.DecimalField(
        _("вес"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("критерий оценки")
        verbose_name_plural = _("критерии оценки")
        ordering = ["call", "stage", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "stage", "number"], name="criterion_number_per_call_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="criterion_max_points_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def clean(self):
        super().clean()
        asked = set(
            Question.objects.filter(version__form__call_id=self.call_id).values_list(
                "key", flat=True
            )
        )
        unknown = [key for key in self.question_keys if key not in asked]
        if unknown:
            raise ValidationError(
                {
                    "questions": _("В формах конкурса нет вопросов с кодами: %(keys)s.")
                    % {"keys": ", ".join(unknown)}
                }
            )

    @property
    def question_keys(self) -> list[str]:
        return [key.strip() for key in self.questions.split(",") if key.strip()]
