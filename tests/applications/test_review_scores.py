"""Score arithmetic against a hand-worked example.

Criteria: A (0–10, weight 2) and B (0–5, weight 1); the highest weighted sum is 25.
- single «Один»:  reviewer 1: 8, 4 → 20; reviewer 2: 6, 2 → 14; mean 17, spread 6
- pair «Пара»:    reviewer 1: 5, 2 → 12; reviewer 2 assigned, not yet scored; mean 12
- single «Спор»:  reviewer 1: 10, 5 → 25; reviewer 2: 2, 1 → 5; mean 15, spread 20 (flagged)
- single «Пусто»: nobody has scored it: no score, ranked last
"""

from decimal import Decimal

import pytest

from applications.models import Application
from calls.models import Call, Stage
from reviews import scores
from reviews import services as review
from reviews.models import ReviewAssignment
from tests.coalitions.factories import CoalitionFactory

from .factories import CallFactory, confirmed_pair
from .review_factories import criteria, reviewer, scored, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    call = CallFactory(pair_bonus=Decimal("5"))
    criteria(call, (10, 2), (5, 1))
    first, second = reviewer(), reviewer()
    single = submitted_application(call, idea_title="Один")
    scored(single, first, [8, 4])
    scored(single, second, [6, 2])
    pair = confirmed_pair(call)
    paired = submitted_application(
        call, idea_title="Пара", coalition=pair.inviter, partner=pair.invitee, partnership=pair
    )
    scored(paired, first, [5, 2])
    review.assign_reviewer(reviewed=paired, reviewer=second, stage=Stage.WORKSHOP, by=None)
    disputed = submitted_application(call, idea_title="Спор")
    scored(disputed, first, [10, 5])
    scored(disputed, second, [2, 1])
    submitted_application(call, idea_title="Пусто")
    return call


def ranked(call):
    rows = scores.annotate_scores(
        Application.objects.filter(call=call), stage=Stage.WORKSHOP, is_pair=pair_q()
    )
    return {row.idea_title: row for row in rows}


def pair_q():
    from django.db.models import Q

    return Q(partner__isnull=False)


def test_mean_of_weighted_sums_and_pair_bonus(example):
    rows = ranked(example)
    assert rows["Один"].mean_score == Decimal("17")
    assert rows["Один"].score == Decimal("17")
    assert (rows["Один"].reviews_done, rows["Один"].reviews_assigned) == (2, 2)
    # One review of two: the mean is over the reviewers who scored.
    assert rows["Пара"].mean_score == Decimal("12")
    assert rows["Пара"].score == Decimal("17")  # 12 + 5 bonus
    assert (rows["Пара"].reviews_done, rows["Пара"].reviews_assigned) == (1, 2)
    assert rows["Спор"].score == Decimal("15")
    assert rows["Пусто"].score is None
    assert rows["Пусто"].reviews_done == 0


def test_ties_go_to_the_pair_and_unscored_rank_last(example):
    rows = ranked(example)
    assert [rows[t].rank for t in ("Пара", "Один", "Спор", "Пусто")] == [1, 2, 3, 4]


def test_bonus_only_leaves_a_tie(example):
    Call.objects.filter(pk=example.pk).update(pair_preference=Call.PairPreference.BONUS)
    rows = ranked(example)
    assert rows["Пара"].rank == rows["Один"].rank == 1
    assert rows["Спор"].rank == 3


def test_tie_break_only_gives_no_points(example):
    Call.objects.filter(pk=example.pk).update(pair_preference=Call.PairPreference.TIE_BREAK)
    rows = ranked(example)
    assert rows["Пара"].score == Decimal("12")
    assert [rows[t].rank for t in ("Один", "Спор", "Пара", "Пусто")] == [1, 2, 3, 4]


def test_spread_flags_strong_disagreement(example):
    rows = ranked(example)
    assert rows["Один"].spread == Decimal("6")
    assert rows["Один"].max_total == Decimal("25")
    assert not scores.disagree_strongly(spread=rows["Один"].spread, max_total=25)
    assert rows["Спор"].spread == Decimal("20")
    assert scores.disagree_strongly(spread=rows["Спор"].spread, max_total=25)


def test_a_recused_reviewer_no_longer_counts(example):
    application = Application.objects.get(idea_title="Спор")
    assignment = ReviewAssignment.objects.for_object(application).order_by("pk").last()
    review.recuse_reviewer(assignment=assignment, by=None, reason="родственник в коалиции")
    rows = ranked(example)
    assert rows["Спор"].score == Decimal("25")
    assert rows["Спор"].reviews_done == 1
    assert rows["Спор"].reviews_assigned == 1


def test_other_calls_do_not_share_ranks(example):
    other = CallFactory()
    criteria(other, (10, 1))
    single = submitted_application(other, coalition=CoalitionFactory(), idea_title="Другой")
    scored(single, reviewer(), [3])
    rows = ranked(other)
    assert rows["Другой"].rank == 1
