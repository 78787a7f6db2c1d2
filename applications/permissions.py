"""Who may open and read what of an application — the one place views, the admin's pages
and the exports ask.

- The application's files: whoever may read the application, and its reviewers (assigned,
  not recused).
- Applicants' contacts (the proposed attendees' e-mails and phones): programme staff and
  superusers; finance and reviewers work without them.
- The reviews (each reviewer's name, points per criterion, comments): programme staff and
  superusers. Finance sees the mean score and the rank a list shows, never who scored what.
"""

from accounts import permissions
from reviews.permissions import is_assigned_reviewer

from .models import Application


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
