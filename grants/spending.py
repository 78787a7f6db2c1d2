"""The money of an award: what each line was awarded, moved and spent, spending recorded
against the lines and money reallocated between them.

Every write that could take a line or the award past its money holds a lock on the
award's row, so two finance staff recording at once cannot overspend together.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.errors import PortalError
from core.money import som

from .institutional import DOUBTFUL
from .models import Award, AwardLine, Reallocation, Spending

ZERO = Decimal("0")


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


def locked_award(award: Award) -> Award:
    """The award's row, locked until the transaction ends."""
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
    award = locked_award(award)
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
    award = locked_award(award)
    check_reallocation(
        award=award, from_line=from_line, to_line=to_line, amount=amount, reason=reason
    )
    reallocation = Reallocation(
        award=award, from_line=from_line, to_line=to_line, amount=amount, reason=reason, by=by
    )
    reallocation._history_user = by
    reallocation.save()
    return reallocation
