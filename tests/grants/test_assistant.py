"""The selection assistant: the best set within the budget, found exactly, and a true reason
for every application left out."""

import itertools
import random
import re
from decimal import Decimal

import pytest

from grants.assistant import Candidate, Proposal, propose

NBSP = "\u00a0"
PREFERENCES = ["bonus", "tie_break", "both", "none"]


def candidate(key, cost, score, is_pair=False, label=None):
    return Candidate(
        key=key,
        label=label or f"Заявка {key}",
        cost=Decimal(cost),
        score=Decimal(score),
        is_pair=is_pair,
    )


def run(candidates, *, budget, min_awards=0, max_awards=10, pair_preference="none", bonus="0"):
    return propose(
        candidates,
        budget=Decimal(budget),
        min_awards=min_awards,
        max_awards=max_awards,
        pair_preference=pair_preference,
        pair_bonus=Decimal(bonus),
    )


def keys(proposal: Proposal) -> list[int]:
    return sorted(c.key for c in proposal.chosen)


# An independent reference: every subset, ranked by the documented order --------------------


def adjusted(c, pair_preference, bonus):
    return c.score + (bonus if c.is_pair and pair_preference in ("bonus", "both") else 0)


def rank(subset, all_keys, pair_preference, bonus):
    """The documented order as a tuple: score, pairs (when they break ties), lower cost,
    then the set holding the smaller key where two sets differ."""
    taken = {c.key for c in subset}
    return (
        sum((adjusted(c, pair_preference, bonus) for c in subset), Decimal(0)),
        sum(c.is_pair for c in subset) if pair_preference in ("tie_break", "both") else 0,
        -sum((c.cost for c in subset), Decimal(0)),
        tuple(key in taken for key in sorted(all_keys)),
    )


def brute_force(candidates, *, budget, min_awards, max_awards, pair_preference, bonus):
    all_keys = [c.key for c in candidates]
    for smallest in (min_awards, 0):  # fewer awards only when the minimum is out of reach
        sets = [
            subset
            for size in range(smallest, min(max_awards, len(candidates)) + 1)
            for subset in itertools.combinations(candidates, size)
            if sum((c.cost for c in subset), Decimal(0)) <= budget
        ]
        if sets:
            best = max(sets, key=lambda s: rank(s, all_keys, pair_preference, bonus))
            return sorted(c.key for c in best), smallest == min_awards
    raise AssertionError("the empty set always fits")


def random_case(rng: random.Random):
    count = rng.randint(0, 12)
    all_keys = rng.sample(range(1, 1000), count)
    # Few distinct costs and scores, so ties (and the tie-breaks) come up often.
    candidates = [
        Candidate(
            key=key,
            label=f"Заявка {key}",
            cost=Decimal(rng.choice([0, 100, 250, 300, 500, 750, 870, 1000]) * 1000)
            + (Decimal(rng.randint(1, 99)) / 100 if rng.random() < 0.2 else 0),
            score=Decimal(rng.choice([0, 50, 60, 70, 75, 80, 90]))
            + (Decimal("0.5") if rng.random() < 0.3 else 0),
            is_pair=rng.random() < 0.4,
        )
        for key in all_keys
    ]
    min_awards = rng.randint(0, 5)
    return candidates, {
        "budget": Decimal(rng.randint(0, 4000) * 1000 + rng.choice([0, 0, 500])),
        "min_awards": min_awards,
        "max_awards": rng.randint(max(min_awards, 1), 8),
        "pair_preference": rng.choice(PREFERENCES),
        "bonus": Decimal(rng.choice(["0", "1", "2.5", "10"])),
    }


@pytest.mark.parametrize("seed", range(400))
def test_matches_brute_force_on_random_small_cases(seed):
    candidates, rules = random_case(random.Random(seed))
    proposal = propose(
        candidates,
        budget=rules["budget"],
        min_awards=rules["min_awards"],
        max_awards=rules["max_awards"],
        pair_preference=rules["pair_preference"],
        pair_bonus=rules["bonus"],
    )
    expected, feasible = brute_force(candidates, **rules)
    assert keys(proposal) == expected
    assert proposal.feasible is feasible
    assert proposal.total_cost == sum((c.cost for c in proposal.chosen), Decimal(0))
    assert proposal.total_cost <= rules["budget"]
    assert proposal.total_score == sum((c.score for c in proposal.chosen), Decimal(0))
    assert len(proposal.chosen) <= rules["max_awards"]
    if feasible:
        assert len(proposal.chosen) >= rules["min_awards"]
    assert_explanation_is_true(proposal, candidates, **rules)


# Larger instances against a second independent method --------------------------------------


def dynamic_programme(candidates, *, budget, min_awards, max_awards, pair_preference, bonus):
    """Best set by the documented order, by dynamic programming over (count, cost) — exact
    when costs are whole thousands, as here."""
    all_keys = sorted(c.key for c in candidates)
    # state (count, cost in thousands) -> (rank without the cost part, keys)
    states = {(0, 0): ((Decimal(0), 0, tuple(False for _ in all_keys)), ())}
    limit = int(budget // 1000)
    for c in candidates:
        units = int(c.cost // 1000)
        position = all_keys.index(c.key)
        for (count, cost), (value, taken) in list(states.items()):
            if count == max_awards or cost + units > limit:
                continue
            score, pairs, flags = value
            grown = (
                score + adjusted(c, pair_preference, bonus),
                pairs + (c.is_pair and pair_preference in ("tie_break", "both")),
                (*flags[:position], True, *flags[position + 1 :]),
            )
            state = (count + 1, cost + units)
            if state not in states or grown > states[state][0]:
                states[state] = (grown, (*taken, c.key))
    best = max(
        (value[0], value[1], -cost, value[2], taken)
        for (count, cost), (value, taken) in states.items()
        if count >= min_awards
    )
    return sorted(best[4])


@pytest.mark.parametrize("seed", range(4))
def test_thirty_and_forty_candidates_match_dynamic_programming(seed):
    rng = random.Random(1000 + seed)
    size = 30 if seed % 2 == 0 else 40
    candidates = [
        candidate(
            key,
            rng.randint(100, 1000) * 1000,
            Decimal(rng.randint(400, 1000)) / 10,
            is_pair=rng.random() < 0.4,
        )
        for key in rng.sample(range(1, 10_000), size)
    ]
    rules = {
        "budget": Decimal(rng.randint(2500, 4000) * 1000),
        "min_awards": 3,
        "max_awards": rng.choice([5, 8, 12]),
        "pair_preference": PREFERENCES[seed % 4],
        "bonus": Decimal(2),
    }
    proposal = propose(
        candidates,
        budget=rules["budget"],
        min_awards=rules["min_awards"],
        max_awards=rules["max_awards"],
        pair_preference=rules["pair_preference"],
        pair_bonus=rules["bonus"],
    )
    assert keys(proposal) == dynamic_programme(candidates, **rules)
    assert_explanation_is_true(proposal, candidates, **rules)


# Explanations ------------------------------------------------------------------------------


def money(text: str) -> Decimal:
    return Decimal(text.replace(NBSP, "").replace(" ", "").replace("сом", "").replace(",", "."))


def assert_explanation_is_true(
    proposal, candidates, *, budget, max_awards, pair_preference, bonus, **_
):
    """Every stated reason holds for the proposed set."""
    chosen = proposal.chosen
    excluded = [c for c in candidates if c not in chosen]
    assert len(proposal.explanation) == 1 + len(excluded)
    assert proposal.explanation[0].startswith("Внимание:") is not proposal.feasible
    total = proposal.total_cost
    lines = dict(zip((c.label for c in excluded), proposal.explanation[1:], strict=False))
    assert set(lines) == {c.label for c in excluded}
    for c in excluded:
        line = next(line for line in proposal.explanation[1:] if line.startswith(f"{c.label} — "))
        assert " — не вошла: " in line
        assert "не лучше предложенного" not in line, line
        score = adjusted(c, pair_preference, bonus)
        if "стоимость одной этой заявки" in line:
            assert c.cost > budget
            continue
        if found := re.search(r"бюджет будет превышен на ([\d\s,]+сом)", line):
            assert len(chosen) < max_awards
            assert money(found[1]) == total + c.cost - budget > 0
        if "её балл равен нулю" in line:
            assert score == 0 and total + c.cost <= budget
        if found := re.search(r"лимит числа заявок \((\d+)\) исчерпан", line):
            assert len(chosen) == max_awards == int(found[1])
        if "её балл ниже, чем у любой из выбранных" in line:
            assert all(score < adjusted(o, pair_preference, bonus) for o in chosen)
        if "замена ею любой выбранной заявки превышает бюджет" in line:
            assert all(total - o.cost + c.cost > budget for o in chosen)
        if "замена ею любой выбранной заявки либо" in line:
            assert all(
                score < adjusted(o, pair_preference, bonus) or total - o.cost + c.cost > budget
                for o in chosen
            )
        for other in re.findall(r"замена ею заявки «([^»]+)» даёт тот же балл", line):
            o = next(o for o in chosen if o.label == other)
            assert adjusted(o, pair_preference, bonus) == score
            assert total - o.cost + c.cost <= budget


def test_the_first_line_sums_up_the_proposal():
    proposal = run(
        [
            candidate(1, "300000", "85.5", is_pair=True),
            candidate(2, "261500", "82"),
            candidate(3, "300000", "80", is_pair=True),
            candidate(4, "400000", "70"),
        ],
        budget="900000",
    )
    assert keys(proposal) == [1, 2, 3]
    assert proposal.explanation[0] == (
        f"Предлагаем заявок: 3 на 861{NBSP}500{NBSP}сом, суммарный балл 247,5 (из них пар: 2)."
    )
    assert proposal.explanation[1] == (
        "Заявка 4 — не вошла: если добавить её к выбранным, бюджет будет превышен на "
        f"361{NBSP}500{NBSP}сом; её балл ниже, чем у любой из выбранных, — замена ею любой "
        "из них уменьшает суммарный балл."
    )


def test_an_application_dearer_than_the_whole_budget_says_so():
    proposal = run([candidate(1, "1000", "90"), candidate(2, "5000", "99")], budget="2000")
    assert keys(proposal) == [1]
    assert proposal.explanation[1] == (
        f"Заявка 2 — не вошла: стоимость одной этой заявки (5{NBSP}000{NBSP}сом) "
        f"больше бюджета (2{NBSP}000{NBSP}сом)."
    )


def test_the_award_limit_is_named_when_it_is_the_reason():
    proposal = run(
        [candidate(1, "100", "90"), candidate(2, "100", "80"), candidate(3, "100", "70")],
        budget="1000",
        max_awards=2,
    )
    assert keys(proposal) == [1, 2]
    assert proposal.explanation[1] == (
        "Заявка 3 — не вошла: лимит числа заявок (2) исчерпан; её балл ниже, чем у любой "
        "из выбранных, — замена ею любой из них уменьшает суммарный балл."
    )


def test_a_lost_tie_names_the_rule_that_decided_it():
    proposal = run(
        [candidate(1, "100", "80"), candidate(2, "150", "80"), candidate(3, "100", "80")],
        budget="1000",
        max_awards=1,
    )
    assert keys(proposal) == [1]
    assert proposal.explanation[1:] == [
        "Заявка 2 — не вошла: лимит числа заявок (1) исчерпан; замена ею заявки «Заявка 1» "
        f"даёт тот же балл, но обходится дороже на 50{NBSP}сом.",
        "Заявка 3 — не вошла: лимит числа заявок (1) исчерпан; замена ею заявки «Заявка 1» "
        "даёт тот же балл и ту же стоимость, а при полном равенстве предпочтение отдаётся "
        "заявке с меньшим номером.",
    ]


def test_a_zero_score_application_is_not_added_just_to_spend_money():
    proposal = run([candidate(1, "100", "80"), candidate(2, "100", "0")], budget="1000")
    assert keys(proposal) == [1]
    assert proposal.explanation[1] == (
        "Заявка 2 — не вошла: её балл равен нулю: добавление не повышает суммарный балл, "
        f"а только увеличивает расходы на 100{NBSP}сом."
    )


# Pairs -------------------------------------------------------------------------------------


@pytest.fixture
def single_and_pair():
    # Same cost; the single application scores a little higher than the pair.
    return [candidate(1, "500", "81"), candidate(2, "500", "80", is_pair=True)]


@pytest.mark.parametrize(
    ("preference", "bonus", "winner"),
    [
        ("none", "5", 1),
        ("tie_break", "5", 1),  # a tie-break does not outweigh a higher score
        ("bonus", "0.5", 1),
        ("bonus", "1", 1),  # 80 + 1 ties 81 at the same cost: the smaller key wins
        ("bonus", "5", 2),
        ("both", "1", 2),  # the same tie, now broken in favour of the pair
    ],
)
def test_the_pair_bonus_counts_for_the_comparison(single_and_pair, preference, bonus, winner):
    proposal = run(
        single_and_pair, budget="500", max_awards=1, pair_preference=preference, bonus=bonus
    )
    assert keys(proposal) == [winner]
    assert proposal.total_score == Decimal(81 if winner == 1 else 80)


def test_among_equal_scores_tie_break_prefers_pairs():
    applications = [candidate(1, "500", "80"), candidate(2, "600", "80", is_pair=True)]
    assert keys(run(applications, budget="600", max_awards=1)) == [1]
    tie_break = run(applications, budget="600", max_awards=1, pair_preference="tie_break")
    assert keys(tie_break) == [2]
    assert tie_break.explanation[1] == (
        "Заявка 1 — не вошла: лимит числа заявок (1) исчерпан; замена ею заявки «Заявка 2» "
        "даёт тот же балл, но меньше пар."
    )


def test_the_summary_gives_the_score_with_the_pair_bonus_too():
    proposal = run(
        [candidate(1, "500", "80", is_pair=True), candidate(2, "500", "70")],
        budget="1000",
        pair_preference="both",
        bonus="2.5",
    )
    assert proposal.explanation[0] == (
        f"Предлагаем заявок: 2 на 1{NBSP}000{NBSP}сом, суммарный балл 150 "
        "(из них пар: 1; с надбавкой за пары — 152,5)."
    )


# Edge cases --------------------------------------------------------------------------------


def test_no_candidates():
    proposal = run([], budget="1000")
    assert proposal.chosen == []
    assert proposal.total_cost == proposal.total_score == 0
    assert proposal.feasible
    assert proposal.explanation == ["Не предлагаем ни одной заявки."]


def test_all_too_expensive():
    proposal = run([candidate(1, "2000", "90"), candidate(2, "3000", "95")], budget="1000")
    assert proposal.chosen == []
    assert proposal.feasible
    assert proposal.explanation[0] == "Не предлагаем ни одной заявки."
    assert all("стоимость одной этой заявки" in line for line in proposal.explanation[1:])


def test_an_exact_fit_spends_the_whole_budget():
    proposal = run(
        [candidate(1, "300000.50", "80"), candidate(2, "199999.50", "70"), candidate(3, "1", "1")],
        budget="500000",
    )
    assert keys(proposal) == [1, 2]
    assert proposal.total_cost == Decimal("500000.00")
    assert proposal.explanation[1] == (
        f"Заявка 3 — не вошла: если добавить её к выбранным, бюджет будет превышен на 1{NBSP}сом; "
        "её балл ниже, чем у любой из выбранных, — замена ею любой из них уменьшает суммарный балл."
    )


def test_when_the_minimum_does_not_fit_the_best_smaller_set_comes_with_a_warning():
    proposal = run(
        [candidate(1, "600", "90"), candidate(2, "700", "80"), candidate(3, "800", "95")],
        budget="1000",
        min_awards=2,
        max_awards=3,
    )
    assert not proposal.feasible
    assert keys(proposal) == [3]
    assert proposal.explanation[0] == (
        f"Внимание: минимальное число заявок (2) не помещается в бюджет 1{NBSP}000{NBSP}сом — "
        f"даже самые дешёвые вместе стоят 1{NBSP}300{NBSP}сом; предлагаем лучший набор из "
        f"меньшего числа заявок. Предлагаем заявок: 1 на 800{NBSP}сом, суммарный балл 95 "
        "(из них пар: 0)."
    )


def test_when_there_are_fewer_applications_than_the_minimum():
    proposal = run([candidate(1, "600", "90")], budget="1000", min_awards=2, max_awards=3)
    assert not proposal.feasible
    assert keys(proposal) == [1]
    assert proposal.explanation[0].startswith(
        "Внимание: всего заявок — 1, меньше минимального числа (2);"
    )


def test_the_minimum_can_force_a_lower_score_per_som():
    # Alone, the big one scores best; two awards are required, so two small ones win.
    proposal = run(
        [candidate(1, "900", "95"), candidate(2, "500", "50"), candidate(3, "500", "40")],
        budget="1000",
        min_awards=2,
    )
    assert proposal.feasible
    assert keys(proposal) == [2, 3]


@pytest.mark.parametrize(
    "change",
    [
        {"pair_preference": "pairs"},
        {"min_awards": -1},
        {"min_awards": 3, "max_awards": 2},
        {"max_awards": 0},
        {"budget": Decimal(-1)},
        {"pair_bonus": Decimal(-1)},
    ],
)
def test_nonsense_rules_are_refused(change):
    arguments = {
        "budget": Decimal(1000),
        "min_awards": 0,
        "max_awards": 2,
        "pair_preference": "none",
        "pair_bonus": Decimal(0),
    } | change
    with pytest.raises(ValueError):
        propose([candidate(1, "100", "50")], **arguments)


@pytest.mark.parametrize(
    "candidates",
    [
        [candidate(1, "100", "50"), candidate(1, "200", "60")],
        [candidate(1, "-100", "50")],
        [candidate(1, "100", "-5")],
    ],
)
def test_duplicate_keys_and_negative_amounts_are_refused(candidates):
    with pytest.raises(ValueError):
        run(candidates, budget="1000")
