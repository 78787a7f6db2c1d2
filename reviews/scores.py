"""The arithmetic of reviews: each reviewable's score and its place in its call.

Score = mean over reviewers who submitted of Σ(points × weight), plus the call's pair
bonus for a pair (when the call prefers pairs by bonus); pairs win ties when the call
prefers pairs by tie-break. The place (``rank``) is computed one way everywhere — the
window of ``annotate_scores`` — by the admin lists, the exports, the progress page and
the selection assistant.
"""

from decimal import Decimal

from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Rank

from calls.models import Call, Criterion

from .models import ReviewAssignment, Score
from .tallies import SCORE_FIELD, content_type_of, stores_tally

# A review whose weighted sum differs from another's by more than this share of the
# highest possible sum is flagged: the reviewers disagree strongly.
DISAGREEMENT_SHARE = Decimal("0.25")


def criteria_for(*, call: Call, stage: str):
    return Criterion.objects.filter(call=call, stage=stage).order_by("number")


def weighted_sum(assignment: ReviewAssignment) -> Decimal:
    return sum((s.points * s.criterion.weight for s in assignment.scores.all()), start=Decimal("0"))


def annotate_scores(queryset, *, stage: str, is_pair: Q | None = None, ranked: bool = True):
    """Add ``reviews_done``, ``reviews_assigned``, ``mean_score``, ``score``, ``spread``,
    ``max_total`` and ``rank`` to a queryset of reviewables, in a fixed number of queries.

    ``rank`` orders the call's rows in the queryset by score (pairs first on ties when
    the call says so); rows without a submitted review have no score and rank last.

    The rank is one window (SQL's RANK() partitioned by call) over the rows the queryset
    selects: filter the queryset first to rank among the filtered rows; a page sliced
    off it keeps the ranks among all of them (the window runs before LIMIT).

    A reviewable that stores its tally is read from its columns; others are scored by
    subqueries (``computed_scores``). ``ranked=False`` leaves the rank out, for a reader
    that takes the places among other rows than its own (an export of chosen rows).
    """
    if stores_tally(queryset.model):
        queryset = queryset.annotate(
            reviews_done=F("reviews_submitted"),
            reviews_assigned=F("reviews_active"),
            mean_score=F("review_mean"),
            spread=F("review_spread"),
        )
    else:
        queryset = computed_scores(queryset)
    max_total = (
        Criterion.objects.filter(call=OuterRef("call"), stage=stage)
        .values("call")
        .annotate(t=Sum(F("max_points") * F("weight"), output_field=SCORE_FIELD))
        .values("t")
    )
    is_pair = is_pair if is_pair is not None else Q(pk__in=[])
    pair_bonus_points, wins_ties = _pair_preference(is_pair)
    queryset = queryset.annotate(
        max_total=Subquery(max_total, output_field=SCORE_FIELD),
        pair_bonus_points=pair_bonus_points,
        wins_ties=wins_ties,
    )
    # No submitted review: no mean, and NULL + bonus stays NULL.
    queryset = queryset.annotate(
        score=ExpressionWrapper(F("mean_score") + F("pair_bonus_points"), output_field=SCORE_FIELD)
    )
    return queryset.annotate(rank=rank_in_call()) if ranked else queryset


def rank_in_call() -> Window:
    """Each row's place in its call by score, pairs first on ties where the call says so,
    unscored rows last (they show no place)."""
    return Window(
        Rank(),
        partition_by=[F("call_id")],
        order_by=[F("score").desc(nulls_last=True), F("wins_ties").desc()],
    )


# The order of a ranked list: by place, then by number.
BY_RANK = [F("score").desc(nulls_last=True), F("wins_ties").desc(), "pk"]


def places(queryset, *, stage: str, is_pair: Q | None = None) -> dict[int, int]:
    """Each scored row's place among the rows of ``queryset`` (pk → rank), as
    ``annotate_scores`` ranks them: one narrow query."""
    ranked = annotate_scores(queryset.order_by(), stage=stage, is_pair=is_pair)
    return {
        pk: rank
        for pk, score, rank in ranked.values_list("pk", "score", "rank")
        if score is not None
    }


def computed_scores(queryset):
    """Add ``reviews_done``, ``reviews_assigned``, ``mean_score`` and ``spread`` computed
    from the reviews by subqueries (what a ``ReviewTally`` stores)."""
    content_type = content_type_of(queryset.model)
    submitted = ReviewAssignment.objects.filter(
        content_type=content_type,
        object_id=OuterRef("pk"),
        status=ReviewAssignment.Status.SUBMITTED,
    )
    count_done = submitted.values("object_id").annotate(n=Count("pk")).values("n")
    count_active = (
        ReviewAssignment.objects.active()
        .filter(content_type=content_type, object_id=OuterRef("pk"))
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_review = (
        Score.objects.filter(assignment=OuterRef("pk"))
        .values("assignment")
        .annotate(t=Sum(F("points") * F("criterion__weight"), output_field=SCORE_FIELD))
        .values("t")
    )
    totals = submitted.annotate(review_total=Subquery(per_review, output_field=SCORE_FIELD))
    # The mean as AVG, not a sum divided by a count: SQLite divides whole numbers as
    # integers (11 / 2 = 5), and whole points times whole weights are whole numbers there.
    mean = (
        totals.values("object_id")
        .annotate(m=Avg("review_total", output_field=SCORE_FIELD))
        .values("m")
    )
    spread = (
        totals.values("object_id").annotate(s=Max("review_total") - Min("review_total")).values("s")
    )
    return queryset.annotate(
        reviews_done=Coalesce(Subquery(count_done, output_field=IntegerField()), 0),
        reviews_assigned=Coalesce(Subquery(count_active, output_field=IntegerField()), 0),
        mean_score=Subquery(mean, output_field=SCORE_FIELD),
        spread=Subquery(spread, output_field=SCORE_FIELD),
    )


def _pair_preference(is_pair: Q):
    """The pair's bonus points and whether it wins ties, as the call prefers pairs."""
    bonus_applies = is_pair & Q(
        call__pair_preference__in=[Call.PairPreference.BONUS, Call.PairPreference.BOTH]
    )
    tie_applies = is_pair & Q(
        call__pair_preference__in=[Call.PairPreference.TIE_BREAK, Call.PairPreference.BOTH]
    )
    bonus = Case(
        When(bonus_applies, then=F("call__pair_bonus")),
        default=Value(Decimal("0")),
        output_field=SCORE_FIELD,
    )
    return bonus, Case(When(tie_applies, then=Value(1)), default=Value(0))


def disagree_strongly(*, spread, max_total) -> bool:
    if spread is None or not max_total:
        return False
    return Decimal(spread) > Decimal(max_total) * DISAGREEMENT_SHARE


def review_summary(reviewed) -> list[dict]:
    """Per-reviewer rows for staff: status, recommendation, weighted sum, scores."""
    assignments = (
        ReviewAssignment.objects.for_object(reviewed)
        .select_related("reviewer")
        .prefetch_related(
            models.Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
        .order_by("reviewer__last_name", "reviewer__email")
    )
    rows = []
    for assignment in assignments:
        scores = sorted(assignment.scores.all(), key=lambda s: s.criterion.number)
        counted = assignment.status == ReviewAssignment.Status.SUBMITTED
        rows.append(
            {
                "assignment": assignment,
                # Counted in the mean: a submitted review's weighted sum.
                "total": weighted_sum(assignment) if counted else None,
                # A review submitted, then recused (a conflict found later): kept as
                # scored, shown as such, out of the mean.
                "recused_total": weighted_sum(assignment)
                if not counted and scores and assignment.submitted_at
                else None,
                "scores": scores,
            }
        )
    return rows
