"""Starting a workshop application and saving its answers, within the deadline.

Submission is in ``submission``, files in ``attachments``, staff decisions in ``decisions``
and the information session in ``info_sessions``. Every function is keyword-only, runs in
one transaction and raises ``PortalError`` with a message a person can read.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calls.answer_files import store_uploads
from calls.form_services import ensure_version, move_draft, sections_of
from calls.models import Call, Form
from coalitions.models import Coalition, Membership, Partnership
from core.errors import PortalError

from .models import (
    Application,
    DeadlineExtension,
    JointOrganisation,
    ProposedAttendee,
)


class StaleRevision(PortalError):
    """A save of a section older than the one stored: refused, nothing was written."""

    def __init__(self, stored: int):
        super().__init__(
            _("Эту часть заявки уже сохранили в другом окне или на другом устройстве.")
        )
        self.stored = stored


# --- Deadlines -------------------------------------------------------------------------


def _now() -> dt.datetime:
    # The deadline is enforced to the second: 23:59:59.7 is still 23:59:59.
    return timezone.now().replace(microsecond=0)


def deadline_for(*, call: Call, coalition_ids) -> dt.datetime:
    """The call's deadline, or a later one staff granted to one of these coalitions."""
    extended = DeadlineExtension.objects.filter(
        call=call, coalition_id__in=list(coalition_ids)
    ).aggregate(latest=Max("deadline"))["latest"]
    if extended and extended > call.application_deadline:
        return extended
    return call.application_deadline


def accepts_changes(*, call: Call, coalition_ids, deadline: dt.datetime | None = None) -> bool:
    """Whether answers may still be changed and sent: the call is open (or staff extended
    the deadline for one of these coalitions) and the deadline, in Bishkek time, has not
    passed. ``deadline`` is ``deadline_for`` of the same call and coalitions, when the
    caller has it already."""
    if deadline is None:
        deadline = deadline_for(call=call, coalition_ids=coalition_ids)
    extended = deadline > call.application_deadline
    if call.status != Call.Status.OPEN and not (call.status == Call.Status.CLOSED and extended):
        return False
    return _now() <= deadline


def _format_deadline(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j E Y, H:i:s")


def _ensure_open(application: Application) -> None:
    if application.status in Application.DECISIONS:
        raise PortalError(_("По заявке уже принято решение: её больше нельзя менять."))
    if not accepts_changes(call=application.call, coalition_ids=application.coalition_ids()):
        deadline = deadline_for(call=application.call, coalition_ids=application.coalition_ids())
        raise PortalError(
            _("Приём заявок закрыт: крайний срок был %(deadline)s (время Бишкека).")
            % {"deadline": _format_deadline(deadline)}
        )


def _locked(application: Application) -> Application:
    # Only the application's row: locking the call's row too made every coalition's save
    # queue on it on deadline day (issue 20).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )


# --- Starting an application and the pair ----------------------------------------------


def _coalition_has_application(call: Call, coalition: Coalition) -> bool:
    return Application.objects.filter(
        Q(coalition=coalition) | Q(partner=coalition), call=call
    ).exists()


@transaction.atomic
def start_application(
    *, call: Call, coalition: Coalition, by, partnership: Partnership | None = None
) -> Application:
    """Open a draft for a coalition, alone or with its confirmed pair for this call.

    Only an owner or editor of the coalition may start it, while the call accepts
    applications; a coalition takes part in one application per call.
    """
    if not Coalition.objects.editable_by(by).filter(pk=coalition.pk).exists():
        raise PortalError(_("Начать заявку могут только владелец или редактор коалиции."))
    if not accepts_changes(call=call, coalition_ids=[coalition.pk]):
        raise PortalError(_("Этот конкурс сейчас не принимает заявки."))
    if _coalition_has_application(call, coalition):
        raise PortalError(_("Коалиция уже участвует в заявке на этот конкурс."))
    partner = None
    if partnership is not None:
        if (
            partnership.call_id != call.pk
            or partnership.status != Partnership.Status.CONFIRMED
            or coalition.pk not in (partnership.inviter_id, partnership.invitee_id)
        ):
            raise PortalError(_("Подать заявку парой можно только с подтверждённой парой."))
        partner = partnership.other(coalition)
        if _coalition_has_application(call, partner):
            raise PortalError(
                _("Коалиция-партнёр «%(name)s» уже участвует в другой заявке на этот конкурс.")
                % {"name": partner.name}
            )
    try:
        with transaction.atomic():
            return Application.objects.create(
                call=call,
                coalition=coalition,
                partnership=partnership,
                partner=partner,
                created_by=by,
                form_version=ensure_version(call, Form.Kind.APPLICATION),
            )
    except IntegrityError as exc:
        raise PortalError(_("Коалиция уже участвует в заявке на этот конкурс.")) from exc


@transaction.atomic
def confirm_partner_participation(*, application: Application, by) -> Application:
    """The partner coalition's owner confirms that the coalition takes part; from then on
    both coalitions see the application."""
    application = _locked(application)
    if application.partner_id is None:
        raise PortalError(_("Это заявка одной коалиции, подтверждать участие не нужно."))
    is_owner = Membership.objects.filter(
        coalition_id=application.partner_id, user=by, role=Membership.Role.OWNER
    ).exists()
    if not is_owner:
        raise PortalError(_("Подтвердить участие может только владелец коалиции-партнёра."))
    if application.partner_confirmed_at is None:
        application.partner_confirmed_at = timezone.now()
        application.partner_confirmed_by = by
        application.save(update_fields=["partner_confirmed_at", "partner_confirmed_by"])
    return application


# --- Saving answers --------------------------------------------------------------------

# The blocks' answers kept in the application's own columns and rows.
_PLAIN = ("idea_title", "consent_personal_data")
_MANY = {"priorities", "regions", "key_topics"}
_ROWS = {"joint_organisations": JointOrganisation, "attendees": ProposedAttendee}


def keep_draft_current(application: Application) -> Application:
    """A draft answers the current version of the call's form: when staff changed the form
    since, the draft moves to the new version with everything typed (``move_draft``).
    Sent applications keep the version they were sent with."""
    if application.status != Application.Status.DRAFT:
        return application
    current = ensure_version(application.call, Form.Kind.APPLICATION)
    if application.form_version_id == current.pk:
        return application
    with transaction.atomic():
        locked = _locked(application)
        answers = locked.answers
        if locked.form_version_id is not None:
            answers = move_draft(answers, locked.form_version, current)
        locked.form_version, locked.answers = current, answers
        locked.save(update_fields=["form_version", "answers"])
    application.form_version, application.answers = current, answers
    return application


def _question_keys(application: Application, section: str) -> set[str]:
    return {
        question.key
        for form_section, questions in sections_of(application.form_version)
        if form_section.key == section
        for question in questions
        if not question.is_fixed
    }


@transaction.atomic
def save_application_section(
    *,
    application: Application,
    section: str,
    answers: dict,
    by,
    revision: int | None = None,
    locked: bool = False,
    uploads: dict | None = None,
) -> Application:
    """Store one section's answers as typed (drafts may be incomplete).

    ``answers`` holds the section's blocks (columns and rows of their own) and its
    questions (merged into the answers document: only the keys this section of the form
    asks; the other sections' answers stay as they are). ``uploads`` are files answering
    file questions. Rows of organisations and attendees replace the previous rows, so
    saving the same section twice (autosave, then the Save button) never duplicates them.
    ``revision`` is the number the page gave this save; one not above the section's stored
    number raises ``StaleRevision`` and writes nothing. ``locked``: the caller read
    ``application`` with ``select_for_update`` in this transaction (it is not read again).
    """
    if not locked:
        application = _locked(application)
    _ensure_open(application)
    stored = application.section_revisions.get(section, 0)
    if revision is not None and revision <= stored:
        raise StaleRevision(stored)
    application.section_revisions = {
        **application.section_revisions,
        section: stored + 1 if revision is None else revision,
    }
    changed = _set_document(application, section, answers, uploads or {})
    plain = [name for name in _PLAIN if name in answers]
    for name in plain:
        changed |= getattr(application, name) != answers[name]
        setattr(application, name, answers[name])
    if "consent_personal_data" in plain:
        if application.consent_personal_data and application.consent_at is None:
            application.consent_at = timezone.now()
        if not application.consent_personal_data:
            application.consent_at = None
        plain.append("consent_at")
    changed |= _set_many(application, answers)
    changed |= _replace_rows(application, answers)
    if changed and application.status == Application.Status.SUBMITTED:
        application.has_unsent_changes = True
    application.save(
        update_fields=[
            *plain,
            "answers",
            "has_unsent_changes",
            "section_revisions",
            "updated_at",
        ]
    )
    return application


def _set_document(application: Application, section: str, answers: dict, uploads) -> bool:
    """Merge the section's question answers into the document; whether any changed."""
    keys = _question_keys(application, section)
    uploads = {key: upload for key, upload in uploads.items() if key in keys}
    typed = {
        key: value
        for key, value in answers.items()
        # a file described but not stored (an autosave carries no files) changes nothing
        if key in keys
        and not (isinstance(value, dict) and not value.get("path") and key not in uploads)
    }
    document = store_uploads({**application.answers, **typed}, uploads)
    changed = document != application.answers
    application.answers = document
    return changed


def _set_many(application: Application, answers: dict) -> bool:
    """Set the section's many-to-many answers; whether any changed."""
    changed = False
    for name in sorted(_MANY):
        if name in answers:
            values = list(answers[name])
            if name in ("priorities", "key_topics"):
                # Only this call's themes and topics, whatever was posted.
                values = [v for v in values if v.call_id == application.call_id]
            relation = getattr(application, name)
            before = set(relation.values_list("pk", flat=True))
            relation.set(values)
            changed |= before != {v.pk for v in values}
    return changed


def _replace_rows(application: Application, answers: dict) -> bool:
    """Replace the section's rows (organisations, attendees); whether any changed."""
    changed = False
    for name, model in _ROWS.items():
        if name in answers:
            row_fields = list(answers[name][0]) if answers[name] else []
            related = getattr(application, name)
            before = (
                [{k: getattr(row, k) for k in row_fields} for row in related.all()]
                if row_fields
                else list(related.values_list("pk", flat=True))
            )
            changed |= before != answers[name]
            related.all().delete()
            model.objects.bulk_create(
                model(application=application, position=i, **row)
                for i, row in enumerate(answers[name])
            )
    return changed


def _mark_changed(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now(),
        has_unsent_changes=application.status == Application.Status.SUBMITTED,
    )
