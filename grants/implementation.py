"""Running an award: the money (spending and reallocations against its lines), the
reporting schedule and reports, closing the grant, and what the public sees.

Every write that could take a line or the award past its money holds a lock on the
award's row, so two finance staff recording at once cannot overspend together.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitions.permissions import editors_of, edits_any
from core.errors import PortalError
from core.money import som
from notifications.services import send_notification

from .institutional import DOUBTFUL
from .models import (
    Award,
    AwardLine,
    Reallocation,
    Report,
    ReportResult,
    ReportStatusChange,
    Spending,
)

ZERO = Decimal("0")


# --- Money -----------------------------------------------------------------------------


@dataclass
class LineMoney:
    line: AwardLine
    awarded: Decimal
    moved_in: Decimal = ZERO
    moved_out: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def budget(self) -> Decimal:
        """What the line may spend now: awarded, plus and minus reallocations."""
        return self.awarded + self.moved_in - self.moved_out

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def spent_percent(self) -> int:
        return min(100, int(self.spent * 100 / self.budget)) if self.budget > 0 else 0


@dataclass
class AwardMoney:
    award: Award
    lines: list[LineMoney] = field(default_factory=list)

    @property
    def awarded(self) -> Decimal:
        return self.award.amount

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.lines), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.awarded - self.spent

    @property
    def spent_percent(self) -> int:
        return min(100, int(self.spent * 100 / self.awarded)) if self.awarded > 0 else 0


def award_money(award: Award) -> AwardMoney:
    """Awarded, reallocated, spent and remaining per line of the award (four queries)."""
    lines = {
        line.pk: LineMoney(line=line, awarded=line.amount)
        for line in award.lines.select_related("budget_line").order_by("budget_line__position")
    }
    for row in (
        Reallocation.objects.filter(award=award)
        .values("from_line_id", "to_line_id")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        lines[row["from_line_id"]].moved_out += row["total"]
        lines[row["to_line_id"]].moved_in += row["total"]
    for row in (
        Spending.objects.filter(award=award)
        .exclude(cost_decision=Spending.Decision.REFUSED)  # staff refused: not the grant's
        .values("line_id")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        lines[row["line_id"]].spent = row["total"]
    return AwardMoney(award=award, lines=list(lines.values()))


def _locked(award: Award) -> Award:
    return Award.objects.select_for_update().get(pk=award.pk)


def _line_of(award: Award, line: AwardLine) -> None:
    if line.award_id != award.pk:
        raise PortalError(_("Строка относится к другой поддержке."))


def spending_verdict(*, award: Award, description: str):
    """The institutional-costs rule applied to a payment: what is spent, like what is
    asked. ``PortalError`` for an organisation's own cost; else the verdict (a doubtful
    payment is recorded and flagged for staff)."""
    from .institutional import INSTITUTIONAL
    from .services import cost_verdict

    verdict = cost_verdict(call=award.call, text=description)
    if verdict.kind == INSTITUTIONAL:
        raise PortalError(
            _(
                "«%(description)s»: это институциональные расходы организации (%(why)s); "
                "из технической поддержки их не оплачивают, ни по какой строке."
            )
            % {"description": description, "why": verdict.label}
        )
    return verdict


def check_spending(*, award: Award, line: AwardLine, amount: Decimal, description: str = ""):
    """Raise ``PortalError`` if ``amount`` may not be spent on ``line`` now, or if what is
    paid for is the organisation's own cost; return the verdict on what is paid for."""
    _line_of(award, line)
    verdict = spending_verdict(award=award, description=description)
    if amount <= 0:
        raise PortalError(_("Сумма расхода должна быть больше нуля."))
    if award.closed_at is not None:
        raise PortalError(_("Поддержка закрыта: расходы больше не вносятся."))
    money = award_money(award)
    current = next(m for m in money.lines if m.line.pk == line.pk)
    if amount > current.remaining:
        raise PortalError(
            _(
                "По строке «%(line)s» осталось %(left)s, а расход — %(amount)s. "
                "Сначала перераспределите средства между строками."
            )
            % {
                "line": current.line.budget_line.description,
                "left": som(current.remaining),
                "amount": som(amount),
            }
        )
    if amount > money.remaining:
        raise PortalError(
            _("От поддержки осталось %(left)s, а расход — %(amount)s.")
            % {"left": som(money.remaining), "amount": som(amount)}
        )
    return verdict


@transaction.atomic
def record_spending(
    *,
    award: Award,
    line: AwardLine,
    spent_on: dt.date,
    amount: Decimal,
    supplier: str,
    description: str,
    document=None,
    by=None,
    entry_key: uuid.UUID | None = None,
) -> Spending:
    """Record what the support cost; refused beyond what the line (after reallocations) or
    the award has left. Checked again under the award's lock.

    ``entry_key`` is the key of the form it came from: the same form sent twice (a double
    click, a second tab) returns the spending recorded the first time, not a second one.
    """
    award = _locked(award)
    if entry_key is not None:
        again = Spending.objects.filter(entry_key=entry_key).first()
        if again is not None:
            same = (again.award_id, again.line_id, again.spent_on, again.amount) == (
                award.pk,
                line.pk,
                spent_on,
                amount,
            ) and (again.supplier, again.description) == (supplier, description)
            if not same:  # the saved form opened again (Back) and changed: a new payment
                raise PortalError(
                    _(
                        "Эта форма уже сохранена как расход «%(spending)s». Чтобы внести "
                        "следующий расход, откройте новую форму."
                    )
                    % {"spending": again}
                )
            return again
    verdict = check_spending(award=award, line=line, amount=amount, description=description)
    spending = Spending(
        award=award,
        line=line,
        spent_on=spent_on,
        amount=amount,
        supplier=supplier,
        description=description,
        recorded_by=by,
        cost_flag=verdict.reason if verdict.kind == DOUBTFUL else "",
    )
    if document:
        spending.document = document
        spending.document_name = getattr(document, "name", "")[:255]
    spending.entry_key = entry_key
    spending._history_user = by  # who, also outside a request (an import, a command)
    spending.save()
    return spending


def check_reallocation(
    *, award: Award, from_line: AwardLine, to_line: AwardLine, amount: Decimal, reason: str
) -> None:
    _line_of(award, from_line)
    _line_of(award, to_line)
    if from_line.pk == to_line.pk:
        raise PortalError(_("Выберите две разные строки."))
    if amount <= 0:
        raise PortalError(_("Сумма перераспределения должна быть больше нуля."))
    if not reason.strip():
        raise PortalError(_("Укажите причину перераспределения."))
    source = next(m for m in award_money(award).lines if m.line.pk == from_line.pk)
    if amount > source.remaining:
        raise PortalError(
            _("На строке «%(line)s» свободно только %(left)s.")
            % {"line": source.line.budget_line.description, "left": som(source.remaining)}
        )


@transaction.atomic
def reallocate(
    *, award: Award, from_line: AwardLine, to_line: AwardLine, amount: Decimal, reason: str, by
) -> Reallocation:
    """Move money between two lines of the award, at most what the first has left."""
    award = _locked(award)
    check_reallocation(
        award=award, from_line=from_line, to_line=to_line, amount=amount, reason=reason
    )
    reallocation = Reallocation(
        award=award, from_line=from_line, to_line=to_line, amount=amount, reason=reason, by=by
    )
    reallocation._history_user = by
    reallocation.save()
    return reallocation


# --- Reports ---------------------------------------------------------------------------


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
    return [
        Report.objects.create(award=award, kind=kind, due_on=due)
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


@transaction.atomic
def save_report(*, report: Report, answers: dict, results: dict[int, tuple[str, str]], by):
    """Keep a draft: the answers and, per expected result, (achieved, comment)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise PortalError(_("Отчёт отправлен; изменить его можно, если сотрудники попросят."))
    for name, value in answers.items():
        setattr(report, name, value)
    report.save()
    for expected_id, (achieved, comment) in results.items():
        ReportResult.objects.update_or_create(
            report=report,
            expected_id=expected_id,
            defaults={"achieved": achieved, "comment": comment},
        )
    return report


def missing_in_report(report: Report) -> list[str]:
    missing = []
    if not report.activities.strip():
        missing.append(str(Report._meta.get_field("activities").verbose_name))
    rows = result_rows(report)
    if rows and not any(row.achieved.strip() for row in rows):
        missing.append(_("результаты по индикаторам"))
    if report.kind == Report.Kind.FINAL and not report.advocacy_outcomes.strip():
        missing.append(str(Report._meta.get_field("advocacy_outcomes").verbose_name))
    return missing


def _move(report: Report, status: str, *, by, note: str = "") -> None:
    if not report.can_move_to(status):
        raise PortalError(
            _("Отчёт в статусе «%(status)s» нельзя перевести в «%(to)s».")
            % {"status": report.get_status_display(), "to": Report.Status(status).label}
        )
    ReportStatusChange.objects.create(
        report=report, from_status=report.status, to_status=status, by=by, note=note
    )
    report.status = status


@transaction.atomic
def submit_report(*, report: Report, by, notify: bool = True) -> Report:
    report = Report.objects.select_for_update().select_related("award__call").get(pk=report.pk)
    missing = missing_in_report(report)
    if missing:
        raise PortalError(
            _("Заполните перед отправкой: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    _move(report, Report.Status.SUBMITTED, by=by)
    report.submitted_at = timezone.now()
    report.first_submitted_at = report.first_submitted_at or report.submitted_at
    report.submitted_by = by
    report._history_user = by
    report.save()
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
def review_report(*, report: Report, accept: bool, comment: str, by, notify: bool = True) -> Report:
    """Staff accept the report or ask for changes (a comment is then required); the
    coalition is told. Accepting the final report may close the grant."""
    report = Report.objects.select_for_update().select_related("award__call").get(pk=report.pk)
    if not accept and not comment.strip():
        raise PortalError(_("Напишите, что нужно исправить."))
    _move(
        report,
        Report.Status.ACCEPTED if accept else Report.Status.CHANGES_REQUESTED,
        by=by,
        note=comment,
    )
    report.staff_comment = comment
    report._history_user = by
    report.save()
    step = report.status_changes.count()
    for person in _coalition_people(report.award) if notify else []:
        send_notification(
            to=person,
            template="emails/report_reviewed",
            context={"report": report, "award": report.award, "person": person},
            key=f"report-reviewed:{report.pk}:{step}:{person.pk}",
        )
    close_if_done(report.award, by=by, notify=notify)
    return report


@transaction.atomic
def mark_spending_complete(*, award: Award, by, notify: bool = True) -> Award:
    award = _locked(award)
    if award.spending_complete_at is None:
        award.spending_complete_at = timezone.now()
        award.spending_complete_by = by
        award.save(update_fields=["spending_complete_at", "spending_complete_by"])
    close_if_done(award, by=by, notify=notify)
    return award


def close_if_done(award: Award, *, by=None, notify: bool = True) -> bool:
    """Close the grant once its final report is accepted and finance recorded all spending."""
    award = _locked(award)
    if award.closed_at is not None or award.spending_complete_at is None:
        return False
    final_accepted = award.reports.filter(
        kind=Report.Kind.FINAL, status=Report.Status.ACCEPTED
    ).exists()
    if not final_accepted:
        return False
    award.closed_at = timezone.now()
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


# --- What happened ---------------------------------------------------------------------


@dataclass
class Moment:
    at: dt.datetime
    text: str


def timeline(award: Award) -> list[Moment]:
    """The award's history in order: award, contract steps, money, reports, closing."""
    moments = [
        Moment(
            award.awarded_at,
            _("Присуждено %(amount)s") % {"amount": som(award.amount)},
        )
    ]
    contract = getattr(award, "contract", None)
    if contract is not None:
        moments += [
            Moment(change.at, _("Договор: %(status)s") % {"status": change.get_to_status_display()})
            for change in contract.status_changes.all()
        ]
    midday = dt.time(12)
    for spending in award.spendings.select_related("line__budget_line"):
        moments.append(
            Moment(
                timezone.make_aware(dt.datetime.combine(spending.spent_on, midday)),
                _("Расход %(amount)s: %(what)s (%(supplier)s)")
                % {
                    "amount": som(spending.amount),
                    "what": spending.description,
                    "supplier": spending.supplier,
                },
            )
        )
    for move in award.reallocations.select_related(
        "from_line__budget_line", "to_line__budget_line"
    ):
        moments.append(
            Moment(
                move.at,
                _("Перераспределено %(amount)s: «%(from)s» → «%(to)s» — %(reason)s")
                % {
                    "amount": som(move.amount),
                    "from": move.from_line.budget_line.description,
                    "to": move.to_line.budget_line.description,
                    "reason": move.reason,
                },
            )
        )
    for change in ReportStatusChange.objects.filter(report__award=award).select_related("report"):
        moments.append(
            Moment(
                change.at,
                _("Отчёт (%(kind)s): %(status)s")
                % {
                    "kind": change.report.get_kind_display(),
                    "status": change.get_to_status_display(),
                },
            )
        )
    if award.spending_complete_at:
        moments.append(Moment(award.spending_complete_at, _("Финансы: расходы внесены полностью")))
    if award.closed_at:
        moments.append(Moment(award.closed_at, _("Поддержка закрыта")))
    return sorted(moments, key=lambda moment: moment.at)


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
