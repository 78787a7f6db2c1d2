"""Writes and rules of calls, the information session and the workshop application.

Every function is keyword-only, runs in one transaction and raises ``PortalError``
with a message a person can read when a rule says no.
"""

import datetime as dt
import zipfile

import filetype
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calls.models import Call, InfoSessionRegistration
from coalitions.models import Coalition, Membership, Partnership
from core.errors import PortalError
from core.queue import enqueue_on_commit
from notifications.services import Attachment, send_notification

from .models import (
    Application,
    ApplicationAttachment,
    ApplicationStatusChange,
    DeadlineExtension,
    JointOrganisation,
    ProposedAttendee,
)
from .sections import SECTIONS, MissingAnswer

MIN_JOINT_ORGANISATIONS = 2

# Extension → MIME types ``filetype`` reports for that kind of file (checked by content).
ALLOWED_ATTACHMENTS = {
    ".pdf": {"application/pdf"},
    ".doc": {"application/msword", "application/x-ole-storage"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xls": {"application/vnd.ms-excel", "application/msword", "application/x-ole-storage"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
}
# Word and Excel files are zip (OOXML) or OLE containers; ``filetype`` may name the container.
_CONTAINER_TYPES = {
    ".docx": {"application/zip"},
    ".xlsx": {"application/zip"},
}


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


# --- Status history --------------------------------------------------------------------


def _move(
    application: Application, to_status: str, *, by, note: str = ""
) -> ApplicationStatusChange:
    if not application.can_move_to(to_status):
        raise PortalError(
            _("Заявку в статусе «%(from)s» нельзя перевести в «%(to)s».")
            % {
                "from": application.get_status_display(),
                "to": Application.Status(to_status).label,
            }
        )
    change = ApplicationStatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        by=by,
        at=timezone.now(),
        note=note,
    )
    application.status = to_status
    return change


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

SECTION_FIELDS = {
    "idea": ["idea_title", "problem", "change_sought", "decision_makers"],
    "focus": ["priorities", "regions", "vulnerable_groups"],
    "data": ["data_existing", "data_to_collect", "data_use"],
    "partners": ["joint_organisations"],
    "results": ["expected_results", "experience"],
    "workshop": ["key_topics", "speaker_wishes", "attendees"],
    "attachments": ["consent_personal_data"],
}
_MANY = {"priorities", "regions", "key_topics"}
_ROWS = {"joint_organisations": JointOrganisation, "attendees": ProposedAttendee}


@transaction.atomic
def save_application_section(
    *,
    application: Application,
    section: str,
    answers: dict,
    by,
    revision: int | None = None,
    locked: bool = False,
) -> Application:
    """Store one section's answers as typed (drafts may be incomplete).

    Rows of organisations and attendees replace the previous rows, so saving the same
    section twice (autosave, then the Save button) never duplicates them. ``revision`` is
    the number the page gave this save; one not above the section's stored number raises
    ``StaleRevision`` and writes nothing. ``locked``: the caller read ``application`` with
    ``select_for_update`` in this transaction (it is not read again).
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
    fields = SECTION_FIELDS[section]
    plain = [n for n in fields if n in answers and n not in _MANY and n not in _ROWS]
    changed = False
    for name in plain:
        changed |= getattr(application, name) != answers[name]
        setattr(application, name, answers[name])
    if "consent_personal_data" in plain:
        if application.consent_personal_data and application.consent_at is None:
            application.consent_at = timezone.now()
        if not application.consent_personal_data:
            application.consent_at = None
        plain.append("consent_at")
    changed |= _set_many(application, answers, fields)
    changed |= _replace_rows(application, answers, fields)
    if changed and application.status == Application.Status.SUBMITTED:
        application.has_unsent_changes = True
    application.save(
        update_fields=[*plain, "has_unsent_changes", "section_revisions", "updated_at"]
    )
    return application


def _set_many(application: Application, answers: dict, fields) -> bool:
    """Set the section's many-to-many answers; whether any changed."""
    changed = False
    for name in _MANY.intersection(fields):
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


def _replace_rows(application: Application, answers: dict, fields) -> bool:
    """Replace the section's rows (organisations, attendees); whether any changed."""
    changed = False
    for name, model in _ROWS.items():
        if name in answers and name in fields:
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


def check_attachment(upload) -> str:
    """The MIME type of an acceptable upload, judged by its content; else PortalError."""
    limit = settings.APPLICATION_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise PortalError(
            _("Файл «%(name)s» больше %(limit)s МБ. Уменьшите его или разделите на части.")
            % {"name": upload.name, "limit": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise PortalError(_("Файл «%(name)s» пустой.") % {"name": upload.name})
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    allowed = ALLOWED_ATTACHMENTS.get(suffix)
    refusal = _(
        "Файл «%(name)s» не принят: можно приложить PDF, DOC/DOCX, XLS/XLSX, JPG или PNG, "
        "и содержимое файла должно соответствовать его расширению."
    ) % {"name": upload.name}
    if allowed is None:
        raise PortalError(refusal)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in allowed | _CONTAINER_TYPES.get(suffix, set()):
        raise PortalError(refusal)
    if mime in _CONTAINER_TYPES.get(suffix, set()) and not _is_office_file(upload, suffix):
        raise PortalError(refusal)  # any zip archive renamed to .docx or .xlsx
    if mime == "application/pdf" and not _ends_like_a_pdf(upload):
        raise PortalError(
            _(
                "Файл «%(name)s» повреждён или загрузился не полностью: сохраните его "
                "заново и прикрепите ещё раз."
            )
            % {"name": upload.name}
        )
    return sorted(allowed)[0] if mime in _CONTAINER_TYPES.get(suffix, set()) else mime


# What a Word or Excel file (OOXML) holds inside its zip container.
_OFFICE_PARTS = {".docx": "word/", ".xlsx": "xl/"}


def _is_office_file(upload, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    part = _OFFICE_PARTS[suffix]
    return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)


def _ends_like_a_pdf(upload) -> bool:
    """A PDF ends with ``%%EOF`` (readers look in the last kilobyte); a PDF cut short by a
    broken connection, or a header followed by anything, does not."""
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


@transaction.atomic
def add_attachment(*, application: Application, upload, by) -> ApplicationAttachment:
    """Attach a file after checking its type by content and its size."""
    application = _locked(application)
    _ensure_open(application)
    if application.attachments.count() >= settings.APPLICATION_ATTACHMENT_MAX_COUNT:
        raise PortalError(
            _("К заявке можно приложить не больше %(count)s файлов.")
            % {"count": settings.APPLICATION_ATTACHMENT_MAX_COUNT}
        )
    mime = check_attachment(upload)
    attachment = ApplicationAttachment(
        application=application,
        original_name=upload.name[-255:],
        content_type=mime,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _mark_changed(application)
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: ApplicationAttachment, by) -> None:
    application = _locked(attachment.application)
    _ensure_open(application)
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name))
    _mark_changed(application)


# --- Submission ------------------------------------------------------------------------


def missing_answers(application: Application) -> list[MissingAnswer]:
    """Everything the application still needs before it can be submitted, in form order."""
    missing: list[MissingAnswer] = []
    labels = {
        f.name: f.verbose_name for f in Application._meta.get_fields() if hasattr(f, "verbose_name")
    }

    def need(section, field, message=None):
        text = message or _("Заполните поле «%(label)s».") % {"label": labels[field]}
        missing.append(MissingAnswer(section, field, str(text)))

    for section in SECTIONS:
        for field in section.required:
            if not str(getattr(application, field) or "").strip():
                need(section.slug, field)
        if section.slug == "focus":
            if not application.priorities.exists():
                need("focus", "priorities", _("Выберите хотя бы одну приоритетную тему конкурса."))
            if not application.regions.exists():
                need("focus", "regions", _("Выберите хотя бы один целевой регион."))
        if section.slug == "partners":
            organisations = [o for o in application.joint_organisations.all() if o.name.strip()]
            sectors = {o.sector for o in organisations}
            if len(organisations) < MIN_JOINT_ORGANISATIONS:
                need(
                    "partners",
                    "joint_organisations",
                    _(
                        "Укажите не менее двух организаций гражданского общества, которые будут "
                        "работать вместе."
                    ),
                )
            if not {JointOrganisation.Sector.CIVIC, JointOrganisation.Sector.BUSINESS} <= sectors:
                need(
                    "partners",
                    "joint_organisations",
                    _(
                        "Среди организаций должна быть хотя бы одна из гражданского сектора и "
                        "хотя бы одна из бизнес-сектора."
                    ),
                )
        if section.slug == "workshop":
            if not application.key_topics.exists():
                need(
                    "workshop",
                    "key_topics",
                    _("Отметьте темы практикума, которые вам нужнее всего."),
                )
            attendees = list(application.attendees.all())
            if not attendees:
                need("workshop", "attendees", _("Предложите хотя бы одного участника практикума."))
            for number, person in enumerate(attendees, start=1):
                blanks = [
                    str(ProposedAttendee._meta.get_field(name).verbose_name)
                    for name in ("full_name", "job_title", "organisation", "email", "phone")
                    if not getattr(person, name).strip()
                ]
                if blanks:
                    need(
                        "workshop",
                        "attendees",
                        _("Участник %(number)s: заполните %(fields)s.")
                        % {"number": number, "fields": ", ".join(blanks)},
                    )
        if section.slug == "attachments" and not application.consent_personal_data:
            need(
                "attachments",
                "consent_personal_data",
                _("Дайте согласие на обработку персональных данных."),
            )
    if application.partner_id and application.partner_confirmed_at is None:
        missing.append(
            MissingAnswer(
                "",
                "",
                str(
                    _("Коалиция-партнёр «%(name)s» ещё не подтвердила участие в заявке.")
                    % {"name": application.partner.name}
                ),
            )
        )
    if (
        application.partnership_id
        and application.partnership.status != Partnership.Status.CONFIRMED
    ):
        missing.append(
            MissingAnswer(
                "", "", str(_("Пара больше не подтверждена: заявку нельзя подать парой."))
            )
        )
    return missing


@transaction.atomic
def submit_application(*, application: Application, by) -> Application:
    """Send the application (or send it again after changes) before the deadline.

    Everything the form asks must be answered; the coalition gets an e-mail with a summary
    and a PDF copy of its answers. Sending an application that is sent and unchanged does
    nothing (two tabs, a double click): one version, one history row, one e-mail.
    """
    application = _locked(application)
    if application.status == Application.Status.SUBMITTED and not application.has_unsent_changes:
        # Sent already, nothing changed since: a second tab or a double click.
        return application
    _ensure_open(application)
    missing = missing_answers(application)
    if missing:
        raise PortalError(
            _("Заявка не отправлена: не хватает ответов (%(count)s). Проверьте список ниже.")
            % {"count": len(missing)}
        )
    note = _("повторная отправка") if application.status == Application.Status.SUBMITTED else ""
    _move(application, Application.Status.SUBMITTED, by=by, note=note)
    application.version += 1
    application.submitted_at = timezone.now()
    application.has_unsent_changes = False
    application.save(
        update_fields=["status", "version", "submitted_at", "has_unsent_changes", "updated_at"]
    )
    from .tasks import send_submission_receipt as receipt_task

    enqueue_on_commit(receipt_task, application.pk, application.version)
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by) -> Application:
    """Take a submitted application back out of the competition (possible until the
    deadline; it can be submitted again before then)."""
    application = _locked(application)
    _ensure_open(application)
    _move(application, Application.Status.WITHDRAWN, by=by)
    application.save(update_fields=["status", "updated_at"])
    return application


def application_recipients(application: Application):
    """Owners and editors of the applying coalitions (the partner once it confirmed)."""
    from accounts.models import User

    coalitions = [application.coalition_id]
    if application.partner_id and application.partner_confirmed_at:
        coalitions.append(application.partner_id)
    return User.objects.filter(
        coalition_memberships__coalition_id__in=coalitions,
        coalition_memberships__role__in=[Membership.Role.OWNER, Membership.Role.EDITOR],
        is_active=True,
    ).distinct()


def send_submission_receipt(*, application_id: int, version: int) -> None:
    """E-mail each owner and editor the summary and PDF of submission ``version``.

    Safe to run twice: the message key names the application, the version and the person.
    """
    from .pdf import render_application_pdf

    application = (
        Application.objects.select_related("call", "coalition", "partner")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.version != version:
        return
    pdfs: dict[str, bytes] = {}
    for person in application_recipients(application):
        language = person.language or settings.LANGUAGE_CODE
        if language not in pdfs:
            with translation.override(language):
                pdfs[language] = render_application_pdf(application)
        send_notification(
            to=person,
            template="emails/application_submitted",
            context={"application": application, "version": version, "person": person},
            key=f"application-submitted:{application.pk}:{version}:{person.pk}",
            attachments=[
                Attachment(
                    filename=f"eged-application-{application.pk}-v{version}.pdf",
                    content=pdfs[language],
                    mimetype="application/pdf",
                )
            ],
        )


# --- Information session ---------------------------------------------------------------


@transaction.atomic
def register_for_info_session(
    *,
    call: Call,
    full_name: str,
    email: str,
    mode: str,
    organisation: str = "",
    phone: str = "",
    user=None,
    language: str | None = None,
) -> InfoSessionRegistration:
    """Register a person (visitor or member) for the information session and e-mail them the
    link or the venue. Registering again with the same e-mail updates the registration."""
    if call.info_session_at is None or call.status not in (Call.Status.OPEN,):
        raise PortalError(_("Регистрация на информационную встречу этого конкурса закрыта."))
    if timezone.now() >= call.info_session_at:
        raise PortalError(_("Информационная встреча уже прошла."))
    online = call.info_session_link and call.info_session_format != Call.SessionFormat.OFFLINE
    offline = call.info_session_venue and call.info_session_format != Call.SessionFormat.ONLINE
    if mode == InfoSessionRegistration.Mode.ONLINE and not online:
        raise PortalError(_("Для этой встречи онлайн-участие не предусмотрено."))
    if mode == InfoSessionRegistration.Mode.OFFLINE and not offline:
        raise PortalError(_("Для этой встречи очное участие не предусмотрено."))
    language = language or getattr(user, "language", None) or settings.LANGUAGE_CODE
    registration, _created = InfoSessionRegistration.objects.update_or_create(
        call=call,
        email=email.strip().lower(),
        defaults={
            "full_name": full_name,
            "mode": mode,
            "organisation": organisation,
            "phone": phone,
            "user": user if getattr(user, "is_authenticated", False) else None,
            "language": language,
        },
    )
    from .calendar import info_session_ics

    send_notification(
        to=user
        if getattr(user, "is_authenticated", False) and user.email == registration.email
        else registration.email,
        template="emails/info_session_registered",
        context={"registration": registration, "call": call},
        key=f"info-session:{registration.pk}:{mode}",
        language=language,
        attachments=[Attachment("info-session.ics", info_session_ics(call), "text/calendar")],
    )
    return registration


# --- Selection ------------------------------------------------------------------------


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
    change = _move(application, decision, by=by, note=reason[:255])
    application.save(update_fields=["status", "updated_at"])
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
