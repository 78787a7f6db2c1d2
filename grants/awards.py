"""Awards of technical support within the call's budget, and the selection assistant.

The budget is a hard limit: ``award_support`` locks the call's row (``SELECT … FOR
UPDATE``) before it adds up the call's awards, so two staff members awarding at the same
moment are served one after the other, and the second sees the first's award.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from calls.models import Call, Stage
from core.errors import PortalError
from core.lifecycle import move
from core.money import som

from .models import Award, AwardLine, BudgetLine, Contract, TechnicalSupportApplication
from .services import CENT, money

Status = TechnicalSupportApplication.Status
# Requests staff may award: submitted ones, and decisions being corrected.
AWARDABLE = (Status.SUBMITTED, Status.AWARDED, Status.NOT_SUPPORTED)
PAIR = Q(partner__isnull=False)


@dataclass(frozen=True)
class BudgetSummary:
    call: Call
    total: Decimal
    awarded: Decimal
    count: int

    @property
    def remaining(self) -> Decimal:
        return self.total - self.awarded

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, int(self.awarded * 100 / self.total))

    @property
    def warning(self) -> str:
        low, high = self.call.min_awards, self.call.max_awards
        if self.count < low:
            return _(
                "Поддержано коалиций: %(count)d — меньше, чем предусмотрено конкурсом "
                "(%(low)d–%(high)d)."
            ) % {"count": self.count, "low": low, "high": high}
        if self.count > high:
            return _(
                "Поддержано коалиций: %(count)d — больше, чем предусмотрено конкурсом "
                "(%(low)d–%(high)d)."
            ) % {"count": self.count, "low": low, "high": high}
        return ""


def budget_summary(call: Call) -> BudgetSummary:
    totals = Award.objects.filter(call=call).aggregate(awarded=Sum("amount"), count=Count("pk"))
    return BudgetSummary(
        call=call,
        total=call.budget,
        awarded=totals["awarded"] or Decimal("0"),
        count=totals["count"] or 0,
    )


def _pro_rata(lines, amount: Decimal, requested: Decimal) -> dict[int, Decimal]:
    """Share ``amount`` over the lines in proportion to their totals, to the tyiyn; the
    tyiyns lost to rounding down go to the first lines that still have room."""
    shares = {
        line.pk: (line.total * amount / requested).quantize(CENT, rounding=ROUND_DOWN)
        for line in lines
    }
    left = amount - sum(shares.values(), start=Decimal("0"))
    for line in lines:
        while left > 0 and shares[line.pk] < line.total:
            shares[line.pk] += CENT
            left -= CENT
    return shares


def _awardable_lines(application) -> list:
    """The request's lines that may be awarded: all but those staff refused. Refused while
    a doubtful line still waits for staff's decision."""
    lines = list(application.budget_lines.all())
    waiting = [line.description for line in lines if line.awaits_decision]
    if waiting:
        raise PortalError(
            _(
                "Сначала решите по сомнительным строкам бюджета (принять или отклонить, "
                "с причиной): %(lines)s."
            )
            % {"lines": "; ".join(f"«{text}»" for text in waiting)}
        )
    return [line for line in lines if not line.is_refused]


def refused_totals(call: Call) -> dict[int, Decimal]:
    """Per request of the call: the sum of its lines staff refused (they are not awarded)."""
    return dict(
        BudgetLine.objects.filter(application__call=call, cost_decision="refused")
        .values("application_id")
        .annotate(total=Sum("total"))
        .values_list("application_id", "total")
    )


def _next_contract_number(call: Call) -> tuple[int, str]:
    from .contracts import terms_for

    sequence = (Contract.objects.filter(call=call).aggregate(n=Max("sequence"))["n"] or 0) + 1
    year = call.implementation_end.year if call.implementation_end else call.created_at.year
    return sequence, f"{terms_for(call).number_prefix}-{year}/{sequence:02d}"


@transaction.atomic
def award_support(
    *,
    application: TechnicalSupportApplication,
    by,
    amount: Decimal | None = None,
    line_amounts: dict[int, Decimal] | None = None,
    note: str = "",
) -> Award:
    """Award a submitted request an amount: everything asked (the default), a smaller
    amount shared over the lines in proportion, or an amount per line. Never more than
    asked, per line or in total; never beyond the call's budget.

    Changing an award rebuilds its contract as a new version; a contract already
    countersigned cannot change.
    """
    call = Call.objects.select_for_update().get(pk=application.call_id)  # the budget lock
    application = (
        TechnicalSupportApplication.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    if application.status not in AWARDABLE:
        raise PortalError(
            _("Поддержку можно присудить только поданной заявке (сейчас: «%(status)s»).")
            % {"status": application.get_status_display()}
        )
    lines = _awardable_lines(application)  # refused while a doubtful line waits
    if line_amounts is not None:
        shares = _shares_by_line(application, line_amounts)
        amount = sum(shares.values(), start=Decimal("0"))
    else:
        amount, shares = _shares_pro_rata(lines, amount)
    if amount <= 0:
        raise PortalError(_("Сумма поддержки должна быть больше нуля."))
    _check_budget(call, application, amount)
    award = Award.objects.filter(application=application).first()
    if award is None:
        award = _first_award(application, call, amount=amount, by=by, note=note)
    elif not _revise(award, amount=amount, shares=shares, by=by, note=note):
        return award  # nothing changed: no new revision, no new PDF
    bulk_create_with_history(
        [AwardLine(award=award, budget_line_id=pk, amount=value) for pk, value in shares.items()],
        AwardLine,
        default_user=by,
    )
    if application.status != Status.AWARDED:
        move(application, Status.AWARDED, by=by, note=note, update_fields=["updated_at"])
    from core.queue import enqueue_on_commit

    from .tasks import build_contract

    enqueue_on_commit(build_contract, award.pk, award.revision)
    return award


def _shares_by_line(application, line_amounts: dict[int, Decimal]) -> dict[int, Decimal]:
    """The amounts staff typed per line, each between 0 and what the line asked."""
    shares = {}
    for line in application.budget_lines.all():
        value = money(line_amounts.get(line.pk, Decimal("0")) or Decimal("0"))
        if line.is_refused and value > 0:
            raise PortalError(
                _("Строка «%(line)s» отклонена сотрудниками: её нельзя присудить.")
                % {"line": line.description}
            )
        if value < 0 or value > line.total:
            raise PortalError(
                _("Строка «%(line)s»: можно присудить от 0 до %(total)s.")
                % {"line": line.description, "total": som(line.total)}
            )
        shares[line.pk] = value
    return shares


def _shares_pro_rata(lines, amount: Decimal | None) -> tuple[Decimal, dict[int, Decimal]]:
    """Everything asked (``amount`` None), or ``amount`` shared over the awardable lines."""
    requested = sum((line.total for line in lines), start=Decimal("0"))
    amount = requested if amount is None else money(amount)
    if amount > requested:
        raise PortalError(
            _("Нельзя присудить больше, чем запрошено: запрошено %(requested)s.")
            % {"requested": som(requested)}
        )
    return amount, _pro_rata(lines, amount, requested) if amount > 0 else {}


def _check_budget(call: Call, application, amount: Decimal) -> None:
    others = Award.objects.filter(call=call).exclude(application=application).aggregate(
        s=Sum("amount")
    )["s"] or Decimal("0")
    if others + amount > call.budget:
        raise PortalError(
            _(
                "Бюджет конкурса превышен: бюджет %(budget)s, уже присуждено %(awarded)s, "
                "осталось %(left)s, а присуждается %(amount)s."
            )
            % {
                "budget": som(call.budget),
                "awarded": som(others),
                "left": som(call.budget - others),
                "amount": som(amount),
            }
        )


def _first_award(application, call: Call, *, amount: Decimal, by, note: str) -> Award:
    """The award and its numbered (draft) contract."""
    award = Award(application=application, call=call, amount=amount, awarded_by=by, note=note[:255])
    award._history_user = by  # the history names who awarded, also outside a request
    award.save()
    sequence, number = _next_contract_number(call)
    Contract.objects.create(award=award, call=call, sequence=sequence, number=number)
    return award


def _revise(award: Award, *, amount: Decimal, shares: dict[int, Decimal], by, note: str) -> bool:
    """Change the award as a new revision, its contract back to a draft, its lines cleared
    for the new ones; False when nothing changes. Refused once money was spent or the
    contract countersigned."""
    before = {line.budget_line_id: line.amount for line in award.lines.all()}
    if award.amount == amount and before == shares:
        return False
    if award.spendings.exists() or award.reallocations.exists():
        raise PortalError(_("По этой поддержке уже внесены расходы: её больше нельзя изменить."))
    contract = Contract.objects.select_for_update().get(award=award)
    if contract.status in (Contract.Status.COUNTERSIGNED, Contract.Status.ACTIVE):
        raise PortalError(
            _("Договор № %(number)s уже подписан ИПР: поддержку больше нельзя изменить.")
            % {"number": contract.number}
        )
    if contract.status != Contract.Status.DRAFT:
        from .contracts import move_contract

        move_contract(
            contract=contract,
            to_status=Contract.Status.DRAFT,
            by=by,
            note=_("поддержка изменена, договор печатается заново"),
        )
    award.amount = amount
    award.revision += 1
    award.awarded_by = by
    award.note = note[:255] or award.note
    award._history_user = by
    award.save()
    for line in award.lines.all():
        line._history_user = by
        line.delete()
    return True


# --- The selection assistant ------------------------------------------------------------


def scored_requests(call: Call):
    """The call's awardable requests with their review scores (``score``, ``rank``)."""
    from reviews import scores as review

    return review.annotate_scores(
        TechnicalSupportApplication.objects.filter(call=call, status__in=AWARDABLE).select_related(
            "call", "coalition", "partner"
        ),
        stage=Stage.SUPPORT,
        is_pair=PAIR,
    ).order_by("rank", "pk")


def propose_selection(call: Call):
    """Ask the assistant for the set of requests that maximises the total score within the
    budget and the call's range of awards, preferring pairs as the call says."""
    from .assistant import Candidate, propose

    refused = refused_totals(call)
    candidates = [
        Candidate(
            key=request.pk,
            label=f"{request} ({request.applicants})",
            cost=request.requested_total - refused.get(request.pk, Decimal("0")),
            score=request.mean_score if request.mean_score is not None else Decimal("0"),
            is_pair=request.is_pair,
        )
        for request in scored_requests(call)
    ]
    return propose(
        candidates,
        budget=call.budget,
        min_awards=call.min_awards,
        max_awards=call.max_awards,
        pair_preference=call.pair_preference,
        pair_bonus=call.pair_bonus,
    )


@transaction.atomic
def accept_proposal(*, call: Call, keys, by) -> list[Award]:
    """Award every proposed request what it asked for, in one step: all or nothing."""
    requests = TechnicalSupportApplication.objects.filter(call=call, pk__in=list(keys)).order_by(
        "pk"
    )
    return [award_support(application=request, by=by) for request in requests]
