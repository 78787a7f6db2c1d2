"""The review counts, mean and spread a reviewable stores (``ReviewTally``), refreshed in
the transaction of every change that moves them: an assignment, a review, a recusal, a
criterion's weight."""

from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, DecimalField, F, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from calls.models import Criterion

from .models import ReviewAssignment, ReviewTally, Score

SCORE_FIELD = DecimalField(max_digits=12, decimal_places=4)


def content_type_of(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model)


def stores_tally(model) -> bool:
    return issubclass(model, ReviewTally)


@transaction.atomic
def refresh_tallies(model, object_ids) -> None:
    """Recompute the stored counts, mean and spread of these reviewables from their
    reviews (three queries and one update per 500 rows; nothing for a model that does
    not store them). The rows' ``updated_at`` is left alone: nobody edited them.

    The rows are locked first (in key order), so two reviews sent at the same moment are
    counted one after the other: the second reads the first's scores once it committed,
    instead of both writing a tally that misses the other."""
    if not stores_tally(model):
        return
    ids = sorted(set(object_ids))
    if not ids:
        return
    list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    assignments = ReviewAssignment.objects.filter(
        content_type=content_type_of(model), object_id__in=ids
    )
    active = dict(
        assignments.active()
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values_list("object_id", "n")
    )
    totals: dict[int, list[Decimal]] = {}
    for object_id, total in (
        Score.objects.filter(
            assignment__in=assignments.filter(status=ReviewAssignment.Status.SUBMITTED)
        )
        .order_by()
        .values("assignment_id", "assignment__object_id")
        .annotate(t=Sum(F("points") * F("criterion__weight"), output_field=SCORE_FIELD))
        .values_list("assignment__object_id", "t")
    ):
        totals.setdefault(object_id, []).append(total)
    rows = []
    for pk in ids:
        sums = totals.get(pk, [])
        row = model(pk=pk)
        row.reviews_active = active.get(pk, 0)
        row.reviews_submitted = len(sums)
        row.review_mean = sum(sums, start=Decimal("0")) / len(sums) if sums else None
        row.review_spread = max(sums) - min(sums) if sums else None
        rows.append(row)
    model._default_manager.bulk_update(
        rows,
        ["reviews_active", "reviews_submitted", "review_mean", "review_spread"],
        batch_size=500,
    )


def refresh_call_tallies(call_id: int) -> None:
    """Refresh every reviewable of a call that has a review (a criterion changed)."""
    for content_type_id, ids in _reviewed_by_type(
        ReviewAssignment.objects.filter(call_id=call_id)
    ).items():
        refresh_tallies(ContentType.objects.get_for_id(content_type_id).model_class(), ids)


def refresh_all_tallies() -> int:
    """Refresh every reviewable that stores its tally; returns how many were refreshed."""
    done = 0
    for model in apps.get_models():
        if stores_tally(model):
            ids = list(model._default_manager.values_list("pk", flat=True))
            for start in range(0, len(ids), 5000):
                refresh_tallies(model, ids[start : start + 5000])
            done += len(ids)
    return done


def _reviewed_by_type(assignments) -> dict[int, list[int]]:
    reviewed: dict[int, list[int]] = {}
    for content_type_id, object_id in (
        assignments.order_by().values_list("content_type_id", "object_id").distinct()
    ):
        reviewed.setdefault(content_type_id, []).append(object_id)
    return reviewed


@receiver(post_save, sender=Criterion, dispatch_uid="reviews.tallies.criterion_saved")
@receiver(post_delete, sender=Criterion, dispatch_uid="reviews.tallies.criterion_deleted")
def _criterion_changed(sender, instance, raw=False, **kwargs):
    """A criterion's weight is in every stored mean of its call (however it was saved:
    the call's inline in the admin, the demo, the shell)."""
    if not raw:
        refresh_call_tallies(instance.call_id)


def refresh_tally_of(assignment: ReviewAssignment) -> None:
    model = ContentType.objects.get_for_id(assignment.content_type_id).model_class()
    refresh_tallies(model, [assignment.object_id])
