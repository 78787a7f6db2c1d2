"""Who may open and read what of an application — the one place views, the admin's pages
and the exports ask.

- The application's files: whoever may read the application, and its reviewers (assigned,
  not recused).
- Applicants' contacts (the proposed attendees' e-mails and phones): programme staff and
  superusers; finance and reviewers work without them.
- The reviews (each reviewer's name, points per criterion, comments): programme staff and
  superusers. Finance sees the mean score and the rank a list shows, never who scored what.
"""

from accounts import permissions, roles
from reviews.models import ReviewAssignment

from .models import Application


def is_assigned_reviewer(user, application: Application) -> bool:
    """The person reviews this application (assigned, and not recused)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return ReviewAssignment.objects.for_object(application).active().filter(reviewer=user).exists()


def can_open_files(user, application: Application) -> bool:
    """The application's files open for whoever may read the application on the portal
    or in the admin (its coalitions, programme staff) and for the reviewers assigned to
    it who have not recused themselves — and for nobody else."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Application.objects.visible_to(user).filter(pk=application.pk).exists():
        return True
    return is_assigned_reviewer(user, application)


def may_see_applicant_contacts(user) -> bool:
    return permissions.may_see_personal_data(user)


def may_see_reviews(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=roles.PROGRAMME_STAFF).exists()
