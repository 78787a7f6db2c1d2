"""One lifecycle for everything that has a status: a transition table on the model, one
``move`` that checks it, and a status history that records who moved it, when and why.

A model with a lifecycle declares its ``Status`` choices and ``TRANSITIONS`` (status → the
statuses it may move to) and has a history model, a subclass of ``StatusChange`` whose
foreign key to it has ``related_name="status_changes"``::

    class Report(models.Model):
        TRANSITIONS = {Status.DRAFT: {Status.SUBMITTED}, ...}

    class ReportStatusChange(StatusChange):
        report = models.ForeignKey(Report, related_name="status_changes", ...)

Services set whatever else changes with the move on the object, then call
``move(report, Report.Status.SUBMITTED, by=user)``: it refuses an illegal move with a
``PortalError``, records the change and saves the object, in the caller's transaction.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import PortalError


class StatusChange(models.Model):
    """One move of a status: from, to, who, when, why (abstract)."""

    from_status = models.CharField(gettext_lazy("было"), max_length=32, blank=True)
    to_status = models.CharField(gettext_lazy("стало"), max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("когда"), default=timezone.now)
    note = models.TextField(gettext_lazy("примечание"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @staticmethod
    def from_status_field(statuses):
        """``from_status`` with the subject's ``Status`` choices (shown by the admin)::

        from_status = StatusChange.from_status_field(Report.Status)
        """
        return models.CharField(
            gettext_lazy("было"), max_length=32, blank=True, choices=statuses.choices
        )

    @staticmethod
    def to_status_field(statuses):
        """``to_status`` with the subject's ``Status`` choices (shown by the admin)."""
        return models.CharField(gettext_lazy("стало"), max_length=32, choices=statuses.choices)

    def _label(self, status: str) -> str:
        subject = getattr(self, self.subject_field)
        return str(subject.Status(status).label) if status else ""

    @property
    def subject_field(self) -> str:
        """The name of the foreign key to the object whose status moved."""
        for field in self._meta.concrete_fields:
            if field.is_relation and field.remote_field.related_name == "status_changes":
                return field.name
        raise LookupError(f"{type(self).__name__} has no foreign key named status_changes")

    def get_from_status_display(self) -> str:
        return self._label(self.from_status)

    def get_to_status_display(self) -> str:
        return self._label(self.to_status)


def can_move(obj, to: str) -> bool:
    return to in obj.TRANSITIONS.get(obj.status, ())


def move(obj, to: str, *, by, note: str = "", update_fields=None, at=None):
    """Move ``obj`` to status ``to``: refuse an illegal move, record the change, save.

    ``update_fields`` (besides ``status``) narrows the save to what the caller changed.
    ``at`` is when the move happened (now, unless a service is given its own moment, as
    the demo does for past calls). Returns the recorded change.
    """
    if not can_move(obj, to):
        raise PortalError(
            _("%(what)s в статусе «%(from)s» нельзя перевести в «%(to)s».")
            % {
                "what": str(obj._meta.verbose_name).capitalize(),
                "from": obj.get_status_display(),
                "to": obj.Status(to).label,
            }
        )
    change = obj.status_changes.create(
        from_status=obj.status, to_status=to, by=by, at=at or timezone.now(), note=note
    )
    obj.status = to
    if update_fields is None:
        obj.save()
    else:
        obj.save(update_fields=["status", *update_fields])
    return change
