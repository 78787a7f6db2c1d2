"""Who may do what with reviews — the one place views, the admin, exports and file
downloads ask.

- Reviewers are the active members of the reviewer group (a superuser outside it is not
  assigned reviews).
- A reviewer scores only their own assignment, while they have not recused themselves.
- The reviews themselves (who scored what, the comments) are read by programme staff and
  superusers; finance sees the mean score and the rank a list shows, never who scored.
"""

from accounts import roles
from accounts.permissions import is_active_user, is_programme_staff
from coalitions.models import Membership

from .models import ReviewAssignment


def may_be_assigned(user) -> bool:
    """The person may be assigned reviews: an active member of the reviewer group."""
    return is_active_user(user) and user.groups.filter(name=roles.REVIEWER).exists()


def has_conflict(*, reviewed, reviewer) -> bool:
    """A reviewer never reviews an application of a coalition they belong to."""
    return Membership.objects.filter(
        user=reviewer, coalition_id__in=reviewed.coalition_ids()
    ).exists()


def is_assigned_reviewer(user, reviewed) -> bool:
    """The person reviews this object (assigned, and not recused)."""
    if not is_active_user(user):
        return False
    return ReviewAssignment.objects.for_object(reviewed).active().filter(reviewer=user).exists()


def can_review(user, assignment: ReviewAssignment) -> bool:
    """The person may score this assignment: it is theirs and they have not recused."""
    return (
        is_active_user(user)
        and assignment.reviewer_id == user.pk
        and assignment.status != ReviewAssignment.Status.RECUSED
    )


def may_see_reviews(user) -> bool:
    """Who scored what, with their comments: programme staff and superusers."""
    return is_programme_staff(user)


def may_manage_reviews(user) -> bool:
    """Assign and recuse reviewers, follow the progress of a call's reviews."""
    return is_programme_staff(user)
