"""Review, for any reviewable object of a call (see ``reviews.registry``): who may be
assigned, recusal, scoring within each criterion's range, locking.

A reviewable model that is a ``ReviewTally`` (the workshop application) stores its
reviews' counts, mean and spread; every function here that changes them refreshes them
in its transaction (``reviews.tallies``), and lists read the columns. Other reviewables
are scored by subqueries at read time (``reviews.scores.computed_scores``), with the same
results.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call, Criterion
from coalitions.models import Membership
from core.errors import PortalError

from .freeze import scoring_closed
from .models import ReviewAssignment, Score
from .permissions import has_conflict, may_be_assigned
from .scores import criteria_for
from .tallies import content_type_of, refresh_tallies, refresh_tally_of

# --- Assignment and recusal -----------------------------------------------------------


def assign_reviewer(*, reviewed, reviewer, stage: str, by) -> ReviewAssignment:
    """Assign one reviewer to one application (refusing conflicts and recused reviewers)."""
    return add_reviewer(reviewed=reviewed, reviewer=reviewer, stage=stage, by=by)[0]


@transaction.atomic
def add_reviewer(*, reviewed, reviewer, stage: str, by) -> tuple[ReviewAssignment, bool]:
    """``assign_reviewer`` that also tells whether the assignment is new (False: the
    reviewer was already assigned to this application)."""
    if not may_be_assigned(reviewer):
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
                content_type=content_type_of(reviewed),
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
    reviewers = [r for r in reviewers if may_be_assigned(r)]
    if not reviewers:
        raise PortalError(_("В группе рецензентов нет ни одного человека."))
    items = list(reviewed_items)
    if not items:
        return 0
    content_type = content_type_of(items[0])
    load = _reviewer_load(reviewers, calls={item.call_id for item in items})
    object_ids = [item.pk for item in items]
    taken: dict[int, set[int]] = {}
    for object_id, reviewer_id in ReviewAssignment.objects.filter(
        content_type=content_type, object_id__in=object_ids
    ).values_list("object_id", "reviewer_id"):
        taken.setdefault(object_id, set()).add(reviewer_id)
    active = dict(
        ReviewAssignment.objects.active()
        .filter(content_type=content_type, object_id__in=object_ids)
        .values("object_id")
        .annotate(n=Count("pk"))
        .values_list("object_id", "n")
    )
    conflicts = set(
        Membership.objects.filter(user__in=reviewers).values_list("user_id", "coalition_id")
    )
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
    refresh_tallies(type(items[0]), object_ids)
    return made


def _reviewer_load(reviewers, *, calls) -> dict[int, int]:
    """Each reviewer's active assignments in these calls."""
    load = {r.pk: 0 for r in reviewers}
    load.update(
        ReviewAssignment.objects.active()
        .filter(call_id__in=calls, reviewer__in=reviewers)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    return load


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
    refresh_tally_of(assignment)
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
    refresh_tally_of(assignment)
    return assignment


@transaction.atomic
def lock_scoring(*, call: Call, locked: bool, by) -> Call:
    Call.objects.filter(pk=call.pk).update(scoring_locked=locked)
    call.refresh_from_db()
    return call
