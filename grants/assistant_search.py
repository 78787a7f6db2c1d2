"""The exact search behind the selection assistant (``grants.assistant``): branch and
bound for the set of candidates with the largest total weight within the budget and the
count limits."""

import bisect
import math
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction


def _places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def _scaled(value: Decimal, places: int) -> int:
    """``value * 10**places`` as an exact integer, rounded down if it has more places."""
    return int(value.scaleb(places).to_integral_value(rounding=ROUND_FLOOR))


def best_set(candidates: list, *, rules, min_count: int, max_count: int) -> list:
    """The best set of ``grants.assistant.Candidate`` by the assistant's order among those
    within the budget and count limits (``rules``: the assistant's budget, bonus and
    tie-break)."""
    if not candidates:
        return []
    weights, costs, budget = _weights(candidates, rules)
    search = _Search(weights, costs, min_count=min_count, max_count=max_count)
    return [candidates[i] for i in search.best_within(budget)]


def _weights(candidates: list, rules) -> tuple[list[int], list[int], int]:
    """One integer weight per candidate, its cost and the budget in whole units.

    The whole order (score, pairs, cost, keys) is folded into the weight, with each level
    scaled past the largest possible sum of the levels below, so the best set is the one
    with the largest total weight — and it is unique, which lets the search prune any
    branch that cannot do strictly better than the best found so far.
    """
    n = len(candidates)
    score_places = max(_places(rules.adjusted(c)) for c in candidates)
    cost_places = max(_places(c.cost) for c in candidates)
    scores = [_scaled(rules.adjusted(c), score_places) for c in candidates]
    costs = [_scaled(c.cost, cost_places) for c in candidates]
    budget = _scaled(rules.budget, cost_places)
    # Counting money in the largest unit every cost is a multiple of (often a thousand
    # soms) leaves the same sets within the budget and makes the bounds tighter.
    unit = math.gcd(*costs) or 1
    costs = [c // unit for c in costs]
    budget //= unit
    by_key = sorted(range(n), key=lambda i: candidates[i].key)
    key_bit = {index: 1 << (n - 1 - rank) for rank, index in enumerate(by_key)}
    cost_unit = 1 << n
    pair_unit = (sum(costs) + 1) * cost_unit
    score_unit = (n + 1) * pair_unit
    weights = [
        scores[i] * score_unit
        + (pair_unit if rules.tie_break and candidates[i].is_pair else 0)
        - costs[i] * cost_unit
        + key_bit[i]
        for i in range(n)
    ]
    return weights, costs, budget


class _Search:
    """Branch and bound over the candidates (by index) for the largest total weight."""

    def __init__(self, weights: list[int], costs: list[int], *, min_count: int, max_count: int):
        n = len(weights)
        self.n, self.min_count, self.max_count = n, min_count, max_count

        # Branch on candidates by value for money, the free and worthless ones at the ends.
        def value_for_money(i: int) -> tuple[int, Fraction | int]:
            if weights[i] <= 0:
                return (2, -weights[i])
            if costs[i] == 0:
                return (0, -weights[i])
            return (1, -Fraction(weights[i], costs[i]))

        self.order = order = sorted(range(n), key=value_for_money)
        self.weight = weight = [weights[i] for i in order]
        self.cost = cost = [costs[i] for i in order]
        # The positive weights come first in `order`.
        self.positive = positive = sum(w > 0 for w in weight)
        # Running sums over the positive part, for the fractional-knapsack bound.
        self.cost_sums = [0, *_running(cost[:positive])]
        self.weight_sums = [0, *_running(weight[:positive])]
        # For every suffix: running sums of its cheapest costs and of its largest weights.
        self.cheapest_sums, self.largest_sums, self.positive_left = [], [], []
        for start in range(n + 1):
            rest_weights = sorted(weight[start:], reverse=True)
            self.cheapest_sums.append([0, *_running(sorted(cost[start:]))])
            self.largest_sums.append([0, *_running(rest_weights)])
            self.positive_left.append(sum(w > 0 for w in rest_weights))
        self.best_weight: int | None = None
        self.best: list[int] = []
        self.taken: list[int] = []
        # What a subtree can add depends only on where it starts, how many are taken and
        # the money left, not on the path to it: once searched, its best is a bound.
        self.explored: dict[tuple[int, int, int], int] = {}

    def best_within(self, budget: int) -> list[int]:
        self.search(0, 0, budget, 0)
        return self.best

    def bound(self, start: int, count: int, room: int) -> int | None:
        """An upper bound on what the candidates from ``start`` on can add, or None if
        they cannot bring the set up to ``min_count`` within ``room``."""
        at_least = max(0, self.min_count - count)
        fits = bisect.bisect_right(self.cheapest_sums[start], room) - 1
        at_most = min(self.max_count - count, fits)
        if at_least > at_most:
            return None
        # Ignoring the budget: the largest weights, as many as allowed.
        allowed = min(max(self.positive_left[start], at_least), at_most)
        by_count = self.largest_sums[start][allowed]
        positive, cost_sums = self.positive, self.cost_sums
        if start >= positive:
            return min(by_count, 0)
        # Ignoring the count: the fractional knapsack over the positive weights.
        end = bisect.bisect_right(cost_sums, cost_sums[start] + room, start, positive + 1) - 1
        by_budget = self.weight_sums[end] - self.weight_sums[start]
        if end < positive:
            spare = room - (cost_sums[end] - cost_sums[start])
            by_budget += self.weight[end] * spare // self.cost[end]
        return min(by_count, by_budget)

    def search(self, start: int, count: int, room: int, total: int) -> None:
        if count >= self.min_count and (self.best_weight is None or total > self.best_weight):
            self.best_weight, self.best = total, list(self.taken)
        if start == self.n or count == self.max_count:
            return
        extra = self.bound(start, count, room)
        if extra is None:
            return
        state = (start, count, room)
        extra = min(extra, self.explored.get(state, extra))
        if self.best_weight is not None and total + extra <= self.best_weight:
            return
        if self.cost[start] <= room:
            self.taken.append(self.order[start])
            self.search(start + 1, count + 1, room - self.cost[start], total + self.weight[start])
            self.taken.pop()
        self.search(start + 1, count, room, total)
        if self.best_weight is not None:
            self.explored[state] = self.best_weight - total


def _running(values: list[int]) -> list[int]:
    sums, total = [], 0
    for value in values:
        total += value
        sums.append(total)
    return sums
