"""Staff decisions on submitted workshop applications, and the notice the applicants get."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import PortalError
from core.lifecycle import move
from core.queue import enqueue_on_commit
from notifications.services import send_notification

from .models import Application
from .services import _locked
from .submission import application_recipients


class ContradictsLaterStages(PortalError):
    """The decision contradicts what later stages hold (an award of support): staff must
    confirm it knowingly. ``held`` lists what it contradicts."""

    def __init__(self, application: Application, held: list[str]):
        self.application, self.held = application, held
        super().__init__(
            _("Решение противоречит следующим этапам: %(held)s Подтвердите его явно.")
            % {"held": " ".join(held)}
        )


@transaction.atomic
def decide_application(
    *, application: Application, decision: str, by, reason: str = "", confirmed: bool = False
) -> Application:
    """Shortlist, select, put in reserve or reject a submitted application.

    Only the moves of the transition table are allowed (a draft or withdrawn application
    cannot be decided). The applicants are e-mailed after the decision is saved, once per
    decision: deciding the same thing twice is refused and sends nothing. A decision that
    contradicts later stages (the coalition already holds an award) is refused unless
    ``confirmed``.
    """
    from . import later_stages

    if decision not in Application.DECISIONS:
        raise PortalError(_("Неизвестное решение."))
    application = _locked(application)
    held = (
        later_stages.contradicted_by(application, decision)
        if application.can_move_to(decision)
        else []
    )
    if held and not confirmed:
        raise ContradictsLaterStages(application, held)
    change = move(application, decision, by=by, note=reason, update_fields=["updated_at"])
    from .tasks import send_decision_notice

    enqueue_on_commit(send_decision_notice, application.pk, decision, change.pk)
    return application


def send_decision_notice(
    *, application_id: int, decision: str, change_id: int | None = None
) -> None:
    """E-mail the decision to each owner and editor, in their language, once per decision.

    A message is keyed by the status change that took the decision: a corrected decision
    (selected → reserve → selected) is a new change and is sent again, while the same
    change delivered twice is sent once. A notice whose decision was corrected before it
    went out is dropped: the newer decision's notice tells the applicants.
    """
    application = Application.objects.select_related("call", "coalition", "partner").get(
        pk=application_id
    )
    if application.status != decision:  # corrected since: the newer decision is sent
        return
    latest = application.status_changes.order_by("-pk").first()  # the last one written
    if latest is None or latest.to_status != decision:
        return
    if change_id is not None and change_id != latest.pk:
        return  # corrected and corrected back since: the newest change's notice is sent
    for person in application_recipients(application):
        send_notification(
            to=person,
            template="emails/decision",
            context={
                "application": application,
                "decision": decision,
                "reason": latest.note,
                "person": person,
            },
            key=f"decision:{application.pk}:{latest.pk}:{person.pk}",
        )
