"""Sending a workshop application (and sending it again), withdrawing it, the receipt."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.form_services import freeze, problems
from coalitions.models import Partnership
from coalitions.permissions import editors_of
from core.errors import PortalError
from core.lifecycle import move
from core.queue import enqueue_on_commit
from notifications.services import Attachment, send_notification

from .models import Application, JointOrganisation, ProposedAttendee
from .sections import MissingAnswer, steps_of
from .services import _ensure_open, _locked

MIN_JOINT_ORGANISATIONS = 2


def missing_answers(application: Application) -> list[MissingAnswer]:
    """Everything the application still needs before it can be submitted, in form order:
    the checks of the portal's blocks where staff placed them, and the call's required
    questions and limits (``calls.form_services.problems``)."""
    version = application.form_version
    by_question: dict[str, list] = {}
    for problem in problems(version, application.answers, final=True):
        by_question.setdefault(problem.question, []).append(problem.message)
    missing: list[MissingAnswer] = []
    for step in steps_of(version):
        for question in step.questions:
            if question.is_fixed:
                check = _BLOCK_CHECKS.get(question.fixed)
                found = check(application, question) if check else ()
            else:
                found = ((question.key, text) for text in by_question.get(question.key, ()))
            missing += [MissingAnswer(step.slug, field, str(text)) for field, text in found]
    missing += [MissingAnswer("", "", str(text)) for text in _pair_problems(application)]
    return missing


def _title_problems(application: Application, question):
    if not application.idea_title.strip():
        yield "idea_title", _("Заполните поле «%(label)s».") % {"label": question.tr("label")}


def _chosen(application: Application, name: str) -> bool:
    """Whether any of the list is chosen (annotated by ``selectors.chosen_lists`` when the
    dashboard reads many drafts at once)."""
    annotated = getattr(application, f"has_{name}", None)
    return getattr(application, name).exists() if annotated is None else annotated


def _priority_problems(application: Application, question):
    if not _chosen(application, "priorities"):
        yield "priorities", _("Выберите хотя бы одну приоритетную тему конкурса.")


def _region_problems(application: Application, question):
    if not _chosen(application, "regions"):
        yield "regions", _("Выберите хотя бы один целевой регион.")


def _topic_problems(application: Application, question):
    if not _chosen(application, "key_topics"):
        yield "key_topics", _("Отметьте темы практикума, которые вам нужнее всего.")


def _partner_problems(application: Application, question):
    organisations = [o for o in application.joint_organisations.all() if o.name.strip()]
    if len(organisations) < MIN_JOINT_ORGANISATIONS:
        yield (
            "joint_organisations",
            _(
                "Укажите не менее двух организаций гражданского общества, которые будут "
                "работать вместе."
            ),
        )
    sectors = {o.sector for o in organisations}
    if not {JointOrganisation.Sector.CIVIC, JointOrganisation.Sector.BUSINESS} <= sectors:
        yield (
            "joint_organisations",
            _(
                "Среди организаций должна быть хотя бы одна из гражданского сектора и "
                "хотя бы одна из бизнес-сектора."
            ),
        )


def _attendee_problems(application: Application, question):
    attendees = list(application.attendees.all())
    if not attendees:
        yield "attendees", _("Предложите хотя бы одного участника практикума.")
    for number, person in enumerate(attendees, start=1):
        blanks = [
            str(ProposedAttendee._meta.get_field(name).verbose_name)
            for name in ("full_name", "job_title", "organisation", "email", "phone")
            if not getattr(person, name).strip()
        ]
        if blanks:
            yield (
                "attendees",
                _("Участник %(number)s: заполните %(fields)s.")
                % {"number": number, "fields": ", ".join(blanks)},
            )


def _consent_problems(application: Application, question):
    if not application.consent_personal_data:
        yield "consent_personal_data", _("Дайте согласие на обработку персональных данных.")


# What each of the portal's blocks needs before submission.
_BLOCK_CHECKS = {
    "idea_title": _title_problems,
    "priorities": _priority_problems,
    "regions": _region_problems,
    "joint_organisations": _partner_problems,
    "key_topics": _topic_problems,
    "attendees": _attendee_problems,
    "consent": _consent_problems,
}


def _pair_problems(application: Application):
    if application.partner_id and application.partner_confirmed_at is None:
        yield _("Коалиция-партнёр «%(name)s» ещё не подтвердила участие в заявке.") % {
            "name": application.partner.name
        }
    if (
        application.partnership_id
        and application.partnership.status != Partnership.Status.CONFIRMED
    ):
        yield _("Пара больше не подтверждена: заявку нельзя подать парой.")


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
    freeze(application.form_version)
    application.version += 1
    application.submitted_at = timezone.now()
    application.has_unsent_changes = False
    move(
        application,
        Application.Status.SUBMITTED,
        by=by,
        note=note,
        update_fields=["version", "submitted_at", "has_unsent_changes", "updated_at"],
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
    move(application, Application.Status.WITHDRAWN, by=by, update_fields=["updated_at"])
    return application


def application_recipients(application: Application):
    """Owners and editors of the applying coalitions (the partner once it confirmed)."""
    coalitions = [application.coalition_id]
    if application.partner_id and application.partner_confirmed_at:
        coalitions.append(application.partner_id)
    return editors_of(coalitions)


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
