"""Who may open what of an application — the one place views and the admin ask."""

from .models import Application, ReviewAssignment


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
