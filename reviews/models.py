"""Review: weighted criteria per call and stage, reviewer assignments, recusals, scores.

Generic over what is reviewed (a ``GenericForeignKey``): the workshop application is the
first reviewable, the technical-support application of the grants app the second, with
the same assignments, conflict-of-interest rules and arithmetic.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call, Criterion, Stage


class ReviewTally(models.Model):
    """What the review lists read of a reviewable's reviews, stored on it.

    Kept by ``reviews.tallies.refresh_tallies`` whenever a review is assigned,
    submitted or recused and whenever a criterion changes, in the same transaction, so
    lists and exports sort and rank on columns instead of summing every score per
    request. The pair bonus is not stored: it follows the call's settings at read time.
    """

    reviews_submitted = models.PositiveIntegerField(_("оценок"), default=0, editable=False)
    reviews_active = models.PositiveIntegerField(
        _("рецензентов назначено"), default=0, editable=False
    )
    # The mean over submitted reviews of Σ(points × weight); empty without one.
    review_mean = models.DecimalField(
        _("средний балл"), max_digits=12, decimal_places=4, null=True, editable=False
    )
    # The highest submitted review's weighted sum minus the lowest's (0 for one review).
    review_spread = models.DecimalField(max_digits=12, decimal_places=4, null=True, editable=False)

    class Meta:
        abstract = True


class ReviewAssignmentQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def active(self):
        return self.exclude(status=ReviewAssignment.Status.RECUSED)


class ReviewAssignment(models.Model):
    """One reviewer's review of one application: assigned, then submitted, or recused."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("ожидает оценки")
        SUBMITTED = "submitted", _("оценка отправлена")
        RECUSED = "recused", _("отвод: конфликт интересов")

    class Recommendation(models.TextChoices):
        STRONGLY_SUPPORT = "strongly_support", _("настоятельно рекомендую")
        SUPPORT = "support", _("рекомендую")
        NEUTRAL = "neutral", _("нейтрально")
        REJECT = "reject", _("не рекомендую")

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="review_assignments"
    )
    stage = models.CharField(_("этап"), max_length=32, choices=Stage.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    reviewed = GenericForeignKey("content_type", "object_id")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("рецензент"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.ASSIGNED
    )
    recommendation = models.CharField(
        _("общая рекомендация"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("общий комментарий"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("назначено"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("оценка отправлена"), null=True, blank=True)
    recused_at = models.DateTimeField(_("отвод"), null=True, blank=True)
    recused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recusal_reason = models.CharField(_("причина отвода"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("рецензия")
        verbose_name_plural = _("рецензии")
        ordering = ["call", "object_id", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reviewer"], name="one_review_per_reviewer"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"{self.reviewer} → {self.reviewed}"


class Score(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(
        _("баллы"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.TextField(_("комментарий"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("оценка по критерию")
        verbose_name_plural = _("оценки по критериям")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class ScoringReopening(models.Model):
    """Staff open a call's scoring again after its deadline or its decisions, until a
    moment they choose: who, when, why. The rows are the record of every reopening."""

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="reopenings"
    )
    stage = models.CharField(_("этап"), max_length=32, choices=Stage.choices)
    until = models.DateTimeField(_("открыто до"))
    reason = models.TextField(_("почему открыто заново"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто открыл"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("когда открыто"), auto_now_add=True)

    class Meta:
        verbose_name = _("повторное открытие оценки")
        verbose_name_plural = _("повторные открытия оценки")
        ordering = ["-reopened_at"]

    def __str__(self):
        return f"{self.call} · {self.get_stage_display()} · {self.reopened_at:%Y-%m-%d %H:%M}"
