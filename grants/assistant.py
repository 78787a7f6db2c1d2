"""The selection assistant: which technical-support applications to fund within the budget.

``propose`` picks the set of candidates with the highest total score whose total cost fits
the budget and whose size is between the minimum and maximum number of awards. The search
is exact (branch and bound), so the committee can trust that no other set does better.

When two sets have the same total score the assistant prefers, in this order:

1. more pairs, when ``pair_preference`` is ``"tie_break"`` or ``"both"``;
2. the lower total cost;
3. the set holding the candidate with the smaller key where the two sets differ
   (in practice: the application that was registered first).

With ``"bonus"`` or ``"both"`` each pair's score counts ``pair_bonus`` higher for the
comparison; the totals reported stay the scores the reviewers gave.

Every candidate left out gets one line saying why, and each reason is checked against the
chosen set before it is stated.

Forty candidates with review scores take milliseconds. The one slow shape is a contrived
one — every score exactly proportional to a cost in odd soms — which turns the choice into
a subset-sum puzzle; real scores do not behave like that.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import som

from .assistant_search import best_set

PAIR_PREFERENCES = ("bonus", "tie_break", "both", "none")


@dataclass(frozen=True)
class Candidate:
    key: int
    label: str
    cost: Decimal
    score: Decimal
    is_pair: bool


@dataclass(frozen=True)
class Proposal:
    chosen: list[Candidate]
    total_cost: Decimal
    total_score: Decimal
    feasible: bool
    explanation: list[str]

    @property
    def pair_count(self) -> int:
        return sum(candidate.is_pair for candidate in self.chosen)


@dataclass(frozen=True)
class _Rules:
    budget: Decimal
    max_awards: int
    bonus: Decimal  # added to a pair's score for the comparison; zero when no bonus applies
    tie_break: bool

    def adjusted(self, candidate: Candidate) -> Decimal:
        return candidate.score + (self.bonus if candidate.is_pair else 0)


def propose(
    candidates: Iterable[Candidate],
    *,
    budget: Decimal,
    min_awards: int,
    max_awards: int,
    pair_preference: str,
    pair_bonus: Decimal,
) -> Proposal:
    """The best set of awards within the budget, with a reason for every candidate left out.

    If no ``min_awards`` candidates fit the budget together, the best set of fewer awards is
    proposed instead, ``feasible`` is False and the first explanation line says so.
    """
    candidates = list(candidates)
    _check(candidates, budget, min_awards, max_awards, pair_preference, pair_bonus)
    rules = _Rules(
        budget=budget,
        max_awards=max_awards,
        bonus=pair_bonus if pair_preference in ("bonus", "both") else Decimal(0),
        tie_break=pair_preference in ("tie_break", "both"),
    )
    cheapest = sorted(candidate.cost for candidate in candidates)[:min_awards]
    feasible = len(candidates) >= min_awards and sum(cheapest, Decimal(0)) <= budget
    chosen = best_set(
        candidates, rules=rules, min_count=min_awards if feasible else 0, max_count=max_awards
    )

    def ranking(candidate: Candidate) -> tuple[Decimal, int]:
        return (-rules.adjusted(candidate), candidate.key)

    chosen.sort(key=ranking)
    proposal = Proposal(
        chosen=chosen,
        total_cost=sum((candidate.cost for candidate in chosen), Decimal(0)),
        total_score=sum((candidate.score for candidate in chosen), Decimal(0)),
        feasible=feasible,
        explanation=[],
    )
    warning = "" if feasible else _warning(len(candidates), min_awards, budget, cheapest)
    summary = _summary(proposal, rules)
    proposal.explanation.append(f"{warning} {summary}" if warning else summary)
    chosen_keys = {candidate.key for candidate in chosen}
    for candidate in sorted(candidates, key=ranking):
        if candidate.key not in chosen_keys:
            proposal.explanation.append(
                _("%(label)s — не вошла: %(reason)s.")
                % {"label": candidate.label, "reason": _reason(candidate, proposal, rules)}
            )
    return proposal


def _warning(count: int, min_awards: int, budget: Decimal, cheapest: list[Decimal]) -> str:
    """Why fewer than ``min_awards`` candidates are proposed."""
    if count < min_awards:
        return _(
            "Внимание: всего заявок — %(count)s, меньше минимального числа (%(min)s); "
            "предлагаем лучший набор из меньшего числа заявок."
        ) % {"count": count, "min": min_awards}
    return _(
        "Внимание: минимальное число заявок (%(min)s) не помещается в бюджет %(budget)s — "
        "даже самые дешёвые вместе стоят %(cheapest)s; предлагаем лучший набор из "
        "меньшего числа заявок."
    ) % {"min": min_awards, "budget": som(budget), "cheapest": som(sum(cheapest))}


def _check(candidates, budget, min_awards, max_awards, pair_preference, pair_bonus) -> None:
    if pair_preference not in PAIR_PREFERENCES:
        raise ValueError(f"pair_preference must be one of {PAIR_PREFERENCES}")
    if not 0 <= min_awards <= max_awards or max_awards < 1:
        raise ValueError("need 0 <= min_awards <= max_awards and max_awards >= 1")
    amounts = [budget, pair_bonus]
    for candidate in candidates:
        amounts += [candidate.cost, candidate.score]
    for amount in amounts:
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
            raise ValueError(f"budget, bonus, costs and scores are Decimals >= 0, not {amount!r}")
    if len({candidate.key for candidate in candidates}) != len(candidates):
        raise ValueError("candidate keys must be unique")


# The explanation ---------------------------------------------------------------------------


def _points(value: Decimal) -> str:
    """A score as people write it: 412,5 and 80 rather than 412.50 and 8E+1."""
    return format(value.normalize(), "f").replace(".", ",")


def _summary(proposal: Proposal, rules: _Rules) -> str:
    if not proposal.chosen:
        return _("Не предлагаем ни одной заявки.")
    values = {
        "count": len(proposal.chosen),
        "cost": som(proposal.total_cost),
        "score": _points(proposal.total_score),
        "pairs": proposal.pair_count,
    }
    if rules.bonus and proposal.pair_count:
        values["adjusted"] = _points(proposal.total_score + rules.bonus * proposal.pair_count)
        return (
            _(
                "Предлагаем заявок: %(count)s на %(cost)s, суммарный балл %(score)s "
                "(из них пар: %(pairs)s; с надбавкой за пары — %(adjusted)s)."
            )
            % values
        )
    return (
        _(
            "Предлагаем заявок: %(count)s на %(cost)s, суммарный балл %(score)s "
            "(из них пар: %(pairs)s)."
        )
        % values
    )


def _reason(candidate: Candidate, proposal: Proposal, rules: _Rules) -> str:
    """Why ``candidate`` is not in the proposal, stating only what holds for this set."""
    if candidate.cost > rules.budget:
        return _("стоимость одной этой заявки (%(cost)s) больше бюджета (%(budget)s)") % {
            "cost": som(candidate.cost),
            "budget": som(rules.budget),
        }
    parts = []
    if len(proposal.chosen) < rules.max_awards:
        excess = proposal.total_cost + candidate.cost - rules.budget
        if excess <= 0:
            # Adding it breaks no limit, so it can only have been left out for adding nothing.
            if rules.adjusted(candidate) == 0 and candidate.cost > 0:
                return _(
                    "её балл равен нулю: добавление не повышает суммарный балл, "
                    "а только увеличивает расходы на %(cost)s"
                ) % {"cost": som(candidate.cost)}
            return _fallback()
        parts.append(
            _("если добавить её к выбранным, бюджет будет превышен на %(excess)s")
            % {"excess": som(excess)}
        )
    else:
        parts.append(_("лимит числа заявок (%(max)s) исчерпан") % {"max": rules.max_awards})
    swaps = _swap_clauses(candidate, proposal, rules)
    if swaps is None:
        return _fallback()
    clauses, compares_scores = swaps
    text = "; ".join([*parts, *clauses])
    if rules.bonus and compares_scores:
        text += _(" (баллы пар — с надбавкой %(bonus)s)") % {"bonus": _points(rules.bonus)}
    return text


def _swap_clauses(
    candidate: Candidate, proposal: Proposal, rules: _Rules
) -> tuple[list[str], bool] | None:
    """What putting this candidate in place of each chosen one would do, and whether that
    compares scores; None if some swap would be better, which the exact search rules out."""
    lower = over = 0
    ties: dict[str, list[Candidate]] = {"pairs": [], "cost": [], "key": []}
    for other in proposal.chosen:
        if rules.adjusted(candidate) < rules.adjusted(other):
            lower += 1
        elif proposal.total_cost - other.cost + candidate.cost > rules.budget:
            over += 1
        elif rules.adjusted(candidate) > rules.adjusted(other):
            return None
        elif rules.tie_break and other.is_pair != candidate.is_pair:
            if candidate.is_pair:
                return None
            ties["pairs"].append(other)
        elif candidate.cost != other.cost:
            if candidate.cost < other.cost:
                return None
            ties["cost"].append(other)
        elif candidate.key < other.key:
            return None
        else:
            ties["key"].append(other)
    clauses = [_tie_clause(kind, others, candidate) for kind, others in ties.items() if others]
    if clauses and lower + over:
        clauses.append(
            _(
                "замена ею любой другой выбранной заявки либо уменьшает суммарный балл, "
                "либо превышает бюджет"
            )
        )
    elif lower and not over:
        clauses.append(
            _(
                "её балл ниже, чем у любой из выбранных, — замена ею любой из них "
                "уменьшает суммарный балл"
            )
        )
    elif over and not lower:
        clauses.append(_("замена ею любой выбранной заявки превышает бюджет"))
    elif lower and over:
        clauses.append(
            _(
                "замена ею любой выбранной заявки либо уменьшает суммарный балл, "
                "либо превышает бюджет"
            )
        )
    return clauses, bool(lower or any(ties.values()))


def _tie_clause(kind: str, others: list[Candidate], candidate: Candidate) -> str:
    """Why swapping any of ``others`` for ``candidate``, at the same score, loses the tie."""
    if len(others) == 1:
        values = {"other": others[0].label}
        if kind == "pairs":
            return _("замена ею заявки «%(other)s» даёт тот же балл, но меньше пар") % values
        if kind == "cost":
            values["difference"] = som(candidate.cost - others[0].cost)
            return (
                _(
                    "замена ею заявки «%(other)s» даёт тот же балл, "
                    "но обходится дороже на %(difference)s"
                )
                % values
            )
        return (
            _(
                "замена ею заявки «%(other)s» даёт тот же балл и ту же стоимость, а при "
                "полном равенстве предпочтение отдаётся заявке с меньшим номером"
            )
            % values
        )
    labels = ", ".join(f"«{other.label}»" for other in others[:3])
    if len(others) > 3:
        labels = _("%(labels)s и ещё %(more)s") % {"labels": labels, "more": len(others) - 3}
    values = {"others": labels}
    if kind == "pairs":
        return _("замена ею любой из заявок %(others)s даёт тот же балл, но меньше пар") % values
    if kind == "cost":
        return _("замена ею любой из заявок %(others)s даёт тот же балл, но обходится дороже") % (
            values
        )
    return (
        _(
            "замена ею любой из заявок %(others)s даёт тот же балл и ту же стоимость, а при "
            "полном равенстве предпочтение отдаётся заявке с меньшим номером"
        )
        % values
    )


def _fallback() -> str:
    # Unreachable while the search is exact; the tests make sure it never shows.
    return _("набор с ней не лучше предложенного")
