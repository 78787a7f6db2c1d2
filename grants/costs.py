"""Staff settle what the institutional-costs rule found doubtful: each budget line or
payment is accepted or refused with a reason, and who decided and when is kept. A refused
line is not awarded; a refused payment does not count as spent on the award."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import PortalError

from .models import BudgetLine, Spending


def _locked(item):
    return type(item)._base_manager.select_for_update().get(pk=item.pk)


def _check(item) -> None:
    if not item.cost_flag:
        raise PortalError(_("«%(item)s» не отмечена как сомнительная.") % {"item": item})
    if isinstance(item, BudgetLine) and hasattr(item.application, "award"):
        raise PortalError(
            _(
                "«%(item)s»: по заявке уже присуждена поддержка, решение по строке менять "
                "нельзя. Измените сумму по строкам в присуждении."
            )
            % {"item": item}
        )
    if isinstance(item, Spending) and item.award.closed_at is not None:
        raise PortalError(_("Поддержка закрыта: решения по расходам больше не меняются."))


@transaction.atomic
def settle(*, item: BudgetLine | Spending, accept: bool, reason: str, by):
    """Record staff's decision on a doubtful line or payment; the reason is required."""
    if not reason.strip():
        raise PortalError(_("Укажите причину решения."))
    item = _locked(item)
    _check(item)
    item.cost_decision = item.Decision.ACCEPTED if accept else item.Decision.REFUSED
    item.cost_decision_reason = reason.strip()
    item.cost_decided_by = by
    item.cost_decided_at = timezone.now()
    if isinstance(item, Spending):
        item._history_user = by
    item.save(
        update_fields=[
            "cost_decision",
            "cost_decision_reason",
            "cost_decided_by",
            "cost_decided_at",
        ]
    )
    return item


def undecided_lines(application) -> list[BudgetLine]:
    return [line for line in application.budget_lines.all() if line.awaits_decision]
