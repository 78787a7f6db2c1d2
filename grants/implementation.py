"""Reporting on an award: the schedule and the reports, closing the grant once the final
report is accepted and the spending recorded, and the public page of supported campaigns.

The money (spending and reallocations) is in ``grants.spending``, what happened in
``grants.timeline``.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import form_services
from calls.answer_files import store_uploads
from calls.form_services import problems, visible_questions
from calls.models import Form
from calls.questions import is_empty
from coalitions.permissions import editors_of, edits_any
from core.errors import PortalError
from core.lifecycle import move
from notifications.services import send_notification

from .form_answers import merge_section, version_of
from .models import Award, Report, ReportResult
from .spending import locked_award

MIN_HALF = dt.timedelta(days=14)  # an interim report only with two weeks on each side


def report_dates(*, call, terms, start: dt.date) -> list[tuple[str, dt.date]]:
    """The reports an award owes and by when: what its contract prints and the schedule
    the coalition reports on once the contract is in force. The call's terms set the dates;
    without them the final report is due by the end of implementation and the interim one
    half-way there from the contract's date. No report falls due on or before the
    contract's date: the final one is then due two weeks after it, and an interim date
    that is not between the contract's date and the final one is left out."""
    end = call.implementation_end
    final = (terms.final_report_due if terms else None) or end
    if final is None or final <= start:
        final = start + MIN_HALF
    interim = terms.interim_report_due if terms else None
    if interim is None and final - start >= 2 * MIN_HALF:
        interim = start + (final - start) // 2
    schedule = [(Report.Kind.INTERIM, interim)] if interim and start < interim < final else []
    return [*schedule, (Report.Kind.FINAL, final)]


def contract_date(award: Award) -> dt.date:
    """The date printed on the award's contract: the day its current version was printed."""
    contract = getattr(award, "contract", None)
    version = contract.current_version if contract is not None else None
    return timezone.localdate(version.created_at) if version else timezone.localdate()


def ensure_schedule(award: Award) -> list[Report]:
    """The reports of the award's contract, created once (staff edit them later)."""
    if award.reports.exists():
        return list(award.reports.all())
    terms = getattr(award.call, "support_terms", None)
    version = form_services.ensure_version(award.call, Form.Kind.REPORT)
    return [
        Report.objects.create(award=award, kind=kind, due_on=due, form_version=version)
        for kind, due in report_dates(call=award.call, terms=terms, start=contract_date(award))
    ]


def reports_of_member(user):
    return (
        Report.objects.of_member(user)
        .select_related("award__application__coalition", "award__application__partner")
        .order_by("due_on")
    )


def can_edit_report(user, report: Report) -> bool:
    application = report.award.application
    return (
        report.is_editable
        and report.award.closed_at is None
        and edits_any(user, application.coalition_ids())
    )


def result_rows(report: Report) -> list[ReportResult]:
    """One row per expected result of the plan, saved or not yet."""
    saved = {row.expected_id: row for row in report.results.all()}
    return [
        saved.get(expected.pk) or ReportResult(report=report, expected=expected)
        for expected in report.award.application.results.order_by("position")
    ]


def report_version(report: Report):
    """The form version the report answers (a draft follows the call's newest one)."""
    return version_of(
        report, Form.Kind.REPORT, report.award.call, is_draft=report.status == Report.Status.DRAFT
    )


@transaction.atomic
def save_report(
    *,
    report: Report,
    answers: dict,
    results: dict[int, tuple[str, str]],
    by,
    uploads: dict | None = None,
):
    """Keep a draft: the answers to the call's report form (merged into the report's
    document: answers to hidden questions stay) and, per expected result, (achieved,
    comment)."""
    report = Report.objects.select_for_update().select_related("award__call").get(pk=report.pk)
    if not report.is_editable:
        raise PortalError(_("Отчёт отправлен; изменить его можно, если сотрудники попросят."))
    version = report_version(report)
    document = merge_section(version, report.answers, None, answers)
    report.answers = store_uploads(document, uploads or {})
    report._history_user = by
    report.save()
    for expected_id, (achieved, comment) in results.items():
        ReportResult.objects.update_or_create(
            report=report,
            expected_id=expected_id,
            defaults={"achieved": achieved, "comment": comment},
        )
    return report


# Asked in every report when the form asks it; required in the final report (the rule of
# the programme: the final report says what the advocacy achieved).
FINAL_REQUIRES = ("advocacy_outcomes",)


def missing_in_report(report: Report) -> list[str]:
    """What the report still needs: the answers its form version requires, the final
    report's advocacy outcomes, and something achieved against the plan's indicators."""
    version = report_version(report)
    answers = report.answers or {}
    missing = []
    for question in visible_questions(version, answers):
        if question.is_fixed:
            if question.fixed == "indicator_results":
                rows = result_rows(report)
                if rows and not any(row.achieved.strip() for row in rows):
                    missing.append(question.tr("label"))
            continue
        required = question.required or (
            report.kind == Report.Kind.FINAL and question.key in FINAL_REQUIRES
        )
        if required and is_empty(answers.get(question.key)):
            missing.append(question.tr("label"))
    for problem in problems(version, answers, final=False):
        missing.append(problem.message)
    return missing


@transaction.atomic
def submit_report(*, report: Report, by, notify: bool = True, at=None) -> Report:
    """The coalition sends its report (again, after changes); staff are told. ``at``: when
    (now, unless the demo records a past programme)."""
    report = Report.objects.select_for_update().select_related("award__call").get(pk=report.pk)
    missing = missing_in_report(report)
    if missing:
        raise PortalError(
            _("Заполните перед отправкой: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    form_services.freeze(report.form_version)  # staff's changes now make a new version
    report.submitted_at = at or timezone.now()
    report.first_submitted_at = report.first_submitted_at or report.submitted_at
    report.submitted_by = by
    report._history_user = by
    move(report, Report.Status.SUBMITTED, by=by, at=report.submitted_at)
    contact = report.award.call.contact_email
    if contact and notify:
        send_notification(
            to=contact,
            template="emails/report_submitted",
            context={"report": report, "award": report.award},
            key=f"report-submitted:{report.pk}:{report.status_changes.count()}",
            language=settings.LANGUAGE_CODE,
        )
    return report


def _coalition_people(award: Award):
    return editors_of(award.application.coalition_ids())


@transaction.atomic
def review_report(
    *, report: Report, accept: bool, comment: str, by, notify: bool = True, at=None
) -> Report:
    """Staff accept the report or ask for changes (a comment is then required); the
    coalition is told. Accepting the final report may close the grant."""
    report = Report.objects.select_for_update().select_related("award__call").get(pk=report.pk)
    if not accept and not comment.strip():
        raise PortalError(_("Напишите, что нужно исправить."))
    report.staff_comment = comment
    report._history_user = by
    move(
        report,
        Report.Status.ACCEPTED if accept else Report.Status.CHANGES_REQUESTED,
        by=by,
        note=comment,
        at=at,
    )
    step = report.status_changes.count()
    for person in _coalition_people(report.award) if notify else []:
        send_notification(
            to=person,
            template="emails/report_reviewed",
            context={"report": report, "award": report.award, "person": person},
            key=f"report-reviewed:{report.pk}:{step}:{person.pk}",
        )
    close_if_done(report.award, by=by, notify=notify, at=at)
    return report


@transaction.atomic
def mark_spending_complete(*, award: Award, by, notify: bool = True, at=None) -> Award:
    award = locked_award(award)
    if award.spending_complete_at is None:
        award.spending_complete_at = at or timezone.now()
        award.spending_complete_by = by
        award.save(update_fields=["spending_complete_at", "spending_complete_by"])
    close_if_done(award, by=by, notify=notify, at=at)
    return award


def close_if_done(award: Award, *, by=None, notify: bool = True, at=None) -> bool:
    """Close the grant once its final report is accepted and finance recorded all spending."""
    award = locked_award(award)
    if award.closed_at is not None or award.spending_complete_at is None:
        return False
    final_accepted = award.reports.filter(
        kind=Report.Kind.FINAL, status=Report.Status.ACCEPTED
    ).exists()
    if not final_accepted:
        return False
    award.closed_at = at or timezone.now()
    award.save(update_fields=["closed_at"])
    for person in _coalition_people(award) if notify else []:
        send_notification(
            to=person,
            template="emails/grant_closed",
            context={"award": award, "person": person},
            key=f"grant-closed:{award.pk}:{person.pk}",
        )
    return True


def grant_status(award: Award) -> str:
    """The campaign's state in a word, for staff and the public page."""
    if award.closed_at:
        return _("завершена")
    contract = getattr(award, "contract", None)
    if contract is not None and contract.status == contract.Status.ACTIVE:
        return _("реализуется")
    return _("подготовка договора")


# --- The public page -------------------------------------------------------------------


def public_campaigns(call) -> list[dict]:
    """The call's supported campaigns staff chose to publish, with reported results.

    Only organisations, the campaign, money and results: never a person's name or contact.
    """
    awards = (
        Award.objects.filter(call=call, published=True)
        .select_related("application__coalition", "application__partner", "contract")
        .prefetch_related("application__results")
        .order_by("application__title")
    )
    accepted = {}
    for result in (
        ReportResult.objects.filter(report__award__in=awards, report__status=Report.Status.ACCEPTED)
        .select_related("report", "expected")
        .order_by("report__due_on")
    ):
        if result.achieved.strip():
            accepted.setdefault(result.report.award_id, {})[result.expected_id] = result
    rows = []
    for award in awards:
        application = award.application
        results = accepted.get(award.pk, {})
        rows.append(
            {
                "award": award,
                "application": application,
                "status": grant_status(award),
                "results": [
                    {"expected": expected, "reported": results.get(expected.pk)}
                    for expected in application.results.all()
                ],
            }
        )
    return rows
