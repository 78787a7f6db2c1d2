"""Review and scoring, for any reviewable object of a call.

A reviewable has ``call`` and ``coalition_ids()`` (the coalitions a reviewer must not
belong to). The workshop application is one; the grants app's technical-support
application is another. Every rule lives here: who may be assigned, recusal, scoring
within each criterion's range, locking, and the arithmetic of scores and ranks.

Score of an application = mean over reviewers who submitted of Σ(points × weight),
plus the call's pair bonus for a pair (when the call prefers pairs by bonus); pairs win
ties when the call prefers pairs by tie-break.

A reviewable model that is a ``ReviewTally`` (the workshop application) stores its
reviews' counts, mean and spread; every function here that changes them refreshes them
in its transaction (``refresh_tallies``), and lists read the columns. Other reviewables
are scored by subqueries at read time (``computed_scores``), with the same results.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, models, transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
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
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from calls.models import Call, Criterion
from coalitions.models import Membership
from core.errors import PortalError
from reviews.models import ReviewAssignment, ReviewTally, Score

from .review_freeze import scoring_closed

SCORE_FIELD = DecimalField(max_digits=12, decimal_places=4)
# A review whose weighted sum differs from another's by more than this share of the
# highest possible sum is flagged: the reviewers disagree strongly.
DISAGREEMENT_SHARE = Decimal("0.25")


def _content_type(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model)


def is_reviewer(user) -> bool:
    return user.is_active and user.groups.filter(name=roles.REVIEWER).exists()


def has_conflict(*, reviewed, reviewer) -> bool:
    """A reviewer never reviews an application of a coalition they belong to."""
    return Membership.objects.filter(
        user=reviewer, coalition_id__in=reviewed.coalition_ids()
    ).exists()


def criteria_for(*, call: Call, stage: str):
    return Criterion.objects.filter(call=call, stage=stage).order_by("number")


# --- Assignment and recusal -----------------------------------------------------------


def assign_reviewer(*, reviewed, reviewer, stage: str, by) -> ReviewAssignment:
    """Assign one reviewer to one application (refusing conflicts and recused reviewers)."""
    return add_reviewer(reviewed=reviewed, reviewer=reviewer, stage=stage, by=by)[0]


@transaction.atomic
def add_reviewer(*, reviewed, reviewer, stage: str, by) -> tuple[ReviewAssignment, bool]:
    """``assign_reviewer`` that also tells whether the assignment is new (False: the
    reviewer was already assigned to this application)."""
    if not is_reviewer(reviewer):
        raise PortalError(_("%(name)s не входит в группу рецензентов.") % {"name": reviewer})
    if has_conflict(reviewed=reviewed, reviewer=reviewer):
        raise PortalError(
            _("%(name)s состоит в коалиции-заявителе и не может оценивать эту заявку.")
            % {"name": reviewer}
        )
    existing = ReviewAssignment.objects.for_object(reviewed).filter(reviewer=reviewer).first()
    if existing is not None:
        if existing.status == ReviewAssignment.Status.RECUSED:
            raise PortalError(
                _("%(name)s взял(а) самоотвод по этой заявке и не может быть назначен(а) снова.")
                % {"name": reviewer}
            )
        return existing, False
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                call=reviewed.call,
                stage=stage,
                content_type=_content_type(reviewed),
                object_id=reviewed.pk,
                reviewer=reviewer,
                assigned_by=by,
            )
    except IntegrityError:  # assigned a moment ago by someone else
        return ReviewAssignment.objects.for_object(reviewed).get(reviewer=reviewer), False
    refresh_tallies(type(reviewed), [reviewed.pk])
    return assignment, True


@transaction.atomic
def auto_assign_reviewers(*, reviewed_items, per_item: int, reviewers, stage: str, by) -> int:
    """Give each application ``per_item`` active reviewers, balancing the load.

    Reviewers with the fewest active assignments in the call go first; nobody reviews
    their own coalition or an application they recused themselves from. Returns how many
    assignments were made.
    """
    if per_item < 1:
        raise PortalError(_("Укажите, сколько рецензентов нужно на заявку (хотя бы одного)."))
    reviewers = [r for r in reviewers if is_reviewer(r)]
    if not reviewers:
        raise PortalError(_("В группе рецензентов нет ни одного человека."))
    items = list(reviewed_items)
    if not items:
        return 0
    calls = {item.call_id for item in items}
    load = {r.pk: 0 for r in reviewers}
    for row in (
        ReviewAssignment.objects.active()
        .filter(call_id__in=calls, reviewer__in=reviewers)
        .values("reviewer")
        .annotate(n=Count("pk"))
    ):
        load[row["reviewer"]] = row["n"]
    content_type = _content_type(items[0])
    taken: dict[int, set[int]] = {}
    for assignment in ReviewAssignment.objects.filter(
        content_type=content_type, object_id__in=[i.pk for i in items]
    ).values("object_id", "reviewer_id", "status"):
        taken.setdefault(assignment["object_id"], set()).add(assignment["reviewer_id"])
    active = dict(
        ReviewAssignment.objects.active()
        .filter(content_type=content_type, object_id__in=[i.pk for i in items])
        .values("object_id")
        .annotate(n=Count("pk"))
        .values_list("object_id", "n")
    )
    conflicts = {
        (row["user_id"], row["coalition_id"])
        for row in Membership.objects.filter(user__in=reviewers).values("user_id", "coalition_id")
    }
    made = 0
    for item in items:
        needed = per_item - active.get(item.pk, 0)
        coalitions = set(item.coalition_ids())
        candidates = [
            r
            for r in reviewers
            if r.pk not in taken.get(item.pk, set())
            and not any((r.pk, c) in conflicts for c in coalitions)
        ]
        candidates.sort(key=lambda r: (load[r.pk], r.pk))
        for reviewer in candidates[: max(needed, 0)]:
            ReviewAssignment.objects.create(
                call_id=item.call_id,
                stage=stage,
                content_type=content_type,
                object_id=item.pk,
                reviewer=reviewer,
                assigned_by=by,
            )
            load[reviewer.pk] += 1
            made += 1
    refresh_tallies(type(items[0]), [item.pk for item in items])
    return made


def _recuse(assignment: ReviewAssignment, *, by, reason: str) -> ReviewAssignment:
    """Take the reviewer off the application. Scores not yet sent are dropped; a review
    already submitted is a record and keeps its scores (``submitted_at`` stays), marked
    recused and counted in no mean (only submitted reviews are)."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status == ReviewAssignment.Status.RECUSED:
        return assignment
    if assignment.status != ReviewAssignment.Status.SUBMITTED:
        assignment.scores.all().delete()
    assignment._history_user = by
    assignment.status = ReviewAssignment.Status.RECUSED
    assignment.recused_at = timezone.now()
    assignment.recused_by = by
    assignment.recusal_reason = reason[:500]
    assignment.save()
    _refresh_tally_of(assignment)
    return assignment


@transaction.atomic
def declare_conflict(*, assignment: ReviewAssignment, by, reason: str) -> ReviewAssignment:
    """The reviewer declares a conflict of interest and leaves the application."""
    if assignment.reviewer_id != by.pk:
        raise PortalError(_("Заявить конфликт интересов может только сам рецензент."))
    if not reason.strip():
        raise PortalError(_("Опишите, в чём конфликт интересов."))
    return _recuse(assignment, by=by, reason=reason.strip())


@transaction.atomic
def recuse_reviewer(*, assignment: ReviewAssignment, by, reason: str) -> ReviewAssignment:
    """Staff take a reviewer off an application (a conflict they learned of)."""
    return _recuse(assignment, by=by, reason=reason.strip() or _("отвод по решению сотрудника"))


# --- Scoring --------------------------------------------------------------------------


def check_points(*, criterion: Criterion, points) -> Decimal:
    if points is None or points == "":
        raise PortalError(_("Оцените критерий «%(name)s».") % {"name": criterion.tr("name")})
    points = Decimal(points)
    if points < 0 or points > criterion.max_points:
        raise PortalError(
            _("Оценка по критерию «%(name)s» должна быть от 0 до %(max)s.")
            % {"name": criterion.tr("name"), "max": criterion.max_points}
        )
    return points


@transaction.atomic
def submit_review(
    *,
    assignment: ReviewAssignment,
    by,
    points: dict[int, Decimal],
    comments: dict[int, str] | None = None,
    recommendation: str = "",
    comment: str = "",
) -> ReviewAssignment:
    """Score every criterion of the call within its range; change it until scoring locks."""
    assignment = (
        ReviewAssignment.objects.select_for_update().select_related("call").get(pk=assignment.pk)
    )
    if assignment.reviewer_id != by.pk:
        raise PortalError(_("Оценивать может только назначенный рецензент."))
    if assignment.status == ReviewAssignment.Status.RECUSED:
        raise PortalError(_("Вы взяли самоотвод по этой заявке и не оцениваете её."))
    closed = scoring_closed(assignment)
    if closed:
        raise PortalError(closed)
    if recommendation not in ReviewAssignment.Recommendation.values:
        raise PortalError(_("Выберите общую рекомендацию."))
    comments = comments or {}
    kept = {score.criterion_id: score for score in assignment.scores.all()}
    for criterion in criteria_for(call=assignment.call, stage=assignment.stage):
        value = check_points(criterion=criterion, points=points.get(criterion.pk))
        score = kept.get(criterion.pk) or Score(assignment=assignment, criterion=criterion)
        score.points, score.comment = value, comments.get(criterion.pk, "")
        score._history_user = by  # the history names the reviewer, also outside a request
        score.save()
    assignment._history_user = by
    assignment.status = ReviewAssignment.Status.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.recommendation = recommendation
    assignment.comment = comment
    assignment.save()
    _refresh_tally_of(assignment)
    return assignment


@transaction.atomic
def lock_scoring(*, call: Call, locked: bool, by) -> Call:
    Call.objects.filter(pk=call.pk).update(scoring_locked=locked)
    call.refresh_from_db()
    return call


# --- Stored tallies -------------------------------------------------------------------


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
        content_type=_content_type(model), object_id__in=ids
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
    from django.apps import apps

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


@receiver(post_save, sender=Criterion, dispatch_uid="applications.review.criterion_saved")
@receiver(post_delete, sender=Criterion, dispatch_uid="applications.review.criterion_deleted")
def _criterion_changed(sender, instance, raw=False, **kwargs):
    """A criterion's weight is in every stored mean of its call (however it was saved:
    the call's inline in the admin, the demo, the shell)."""
    if not raw:
        refresh_call_tallies(instance.call_id)


def _refresh_tally_of(assignment: ReviewAssignment) -> None:
    model = ContentType.objects.get_for_id(assignment.content_type_id).model_class()
    refresh_tallies(model, [assignment.object_id])


# --- Arithmetic -----------------------------------------------------------------------


def weighted_sum(assignment: ReviewAssignment) -> Decimal:
    return sum((s.points * s.criterion.weight for s in assignment.scores.all()), start=Decimal("0"))


def annotate_scores(queryset, *, stage: str, is_pair: Q | None = None, with_rank: bool = True):
    """Add ``reviews_done``, ``reviews_assigned``, ``mean_score``, ``score``, ``spread``,
    ``max_total`` and ``rank`` to a queryset of reviewables, in a fixed number of queries.

    ``rank`` orders the call's rows in the queryset by score (pairs first on ties when
    the call says so); rows without a submitted review have no score and rank last.

    A reviewable that stores its tally is read from its columns; others are scored by
    subqueries (``computed_scores``). The window that computes ``rank`` makes the
    database sort every row of the queryset, with all its columns, before it returns
    one; a paginated list asks for ``with_rank=False`` and ranks its page with
    ``rank_rows`` (same ranks, a narrow query).
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
    if not with_rank:
        return queryset
    return queryset.annotate(
        rank=Window(
            Rank(),
            partition_by=[F("call_id")],
            order_by=[F("score").desc(nulls_last=True), F("wins_ties").desc()],
        )
    )


def computed_scores(queryset):
    """Add ``reviews_done``, ``reviews_assigned``, ``mean_score`` and ``spread`` computed
    from the reviews by subqueries (what a ``ReviewTally`` stores)."""
    content_type = _content_type(queryset.model)
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


def assign_ranks(rows) -> None:
    """Set ``rank`` on rows annotated by ``annotate_scores``: their place in their call by
    score, pairs first on ties where the call says so, unscored last (SQL's RANK())."""
    by_call: dict[int, list] = {}
    for row in rows:
        by_call.setdefault(row.call_id, []).append(row)
    for members in by_call.values():
        members.sort(key=_rank_key)
        previous, rank = None, 0
        for position, row in enumerate(members, start=1):
            key = _rank_key(row)
            if key != previous:
                rank, previous = position, key
            row.rank = rank


def _rank_key(row):
    return (row.score is None, -(row.score or 0), -row.wins_ties)


def ranks_of(queryset, *, stage: str, is_pair: Q | None = None) -> dict[int, int | None]:
    """Each row's rank among the rows of ``queryset`` (pk → rank; ``None`` unscored), as
    ``annotate_scores`` ranks them.

    One narrow query of the rows' stored means, pair bonus and tie-break (a second one,
    the grouped sum of the submitted scores, for a reviewable that stores no tally); the
    ranks are taken here, as SQL's RANK() takes them.
    """
    is_pair = is_pair if is_pair is not None else Q(pk__in=[])
    bonus, ties = _pair_preference(is_pair)
    ids = queryset.order_by().values("pk")
    rows = queryset.model._default_manager.filter(pk__in=ids).annotate(
        ranking_bonus=bonus, ranking_ties=ties
    )
    if stores_tally(queryset.model):
        values = rows.values_list("pk", "call_id", "review_mean", "ranking_bonus", "ranking_ties")
    else:
        totals = {
            object_id: total / reviews
            for object_id, total, reviews in Score.objects.filter(
                assignment__content_type=_content_type(queryset.model),
                assignment__object_id__in=ids,
                assignment__status=ReviewAssignment.Status.SUBMITTED,
            )
            .values("assignment__object_id")
            .annotate(
                t=Sum(F("points") * F("criterion__weight"), output_field=SCORE_FIELD),
                n=Count("assignment", distinct=True),
            )
            .values_list("assignment__object_id", "t", "n")
        }
        values = (
            (pk, call_id, totals.get(pk), extra, tie)
            for pk, call_id, extra, tie in rows.values_list(
                "pk", "call_id", "ranking_bonus", "ranking_ties"
            )
        )
    ranked = [
        _Ranked(pk, call_id, None if mean is None else mean + Decimal(extra), tie)
        for pk, call_id, mean, extra, tie in values
    ]
    assign_ranks(ranked)
    return {row.pk: row.rank if row.score is not None else None for row in ranked}


def rank_rows(rows, *, queryset, stage: str, is_pair: Q | None = None) -> None:
    """Set ``rank`` on ``rows`` (a page of ``queryset``, annotated by ``annotate_scores``)
    as ``annotate_scores`` ranks them among all of ``queryset``."""
    rows = list(rows)
    calls = {row.call_id for row in rows}
    if not calls:
        return
    of_calls = queryset.filter(call_id__in=calls)
    if stores_tally(queryset.model) and not of_calls.query.distinct:
        ranks = _window_ranks(of_calls, [row.pk for row in rows])
    else:
        ranks = ranks_of(of_calls, stage=stage, is_pair=is_pair)
    for row in rows:
        row.rank = ranks.get(row.pk)


def _window_ranks(queryset, ids: list) -> dict[int, int | None]:
    """The ranks of the rows ``ids`` among all of ``queryset`` (annotated by
    ``annotate_scores``; no DISTINCT, which would rank duplicates): SQL's RANK() over the
    filtered rows' stored scores, one query that returns only the page's rows.

    The rows must be picked after the window has ranked them all, which Django's filters
    do not express (a filter on the primary key would be applied before the window), so
    the ranked query is wrapped in an outer SELECT here.
    """
    ranked = (
        queryset.order_by()
        .annotate(
            ranked_pk=F("pk"),
            ranked_score=F("score"),
            place=Window(
                Rank(),
                partition_by=[F("call_id")],
                order_by=[F("score").desc(nulls_last=True), F("wins_ties").desc()],
            ),
        )
        .values("ranked_pk", "ranked_score", "place")
    )
    sql, params = ranked.query.sql_with_params()
    connection = connections[queryset.db]
    pick = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ranked.ranked_pk, ranked.place FROM ({sql}) ranked "  # noqa: S608  # nosec B608 — Django's SQL, ids as parameters
            f"WHERE ranked.ranked_pk IN ({pick}) AND ranked.ranked_score IS NOT NULL",
            [*params, *ids],
        )
        return dict(cursor.fetchall())


class _Ranked:
    __slots__ = ("call_id", "pk", "rank", "score", "wins_ties")

    def __init__(self, pk, call_id, score, wins_ties):
        self.pk, self.call_id, self.score, self.wins_ties = pk, call_id, score, wins_ties
        self.rank = None


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
