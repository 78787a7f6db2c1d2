"""Partner suggestions: other kind only, looking only, ranked by what they share."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from coalitions.matching import partner_suggestions

from .factories import CoalitionFactory, economic

pytestmark = pytest.mark.django_db


@pytest.fixture
def civic():
    return CoalitionFactory(
        regions=["chui", "issyk-kul", "naryn", "bishkek"],
        interests=["tourism", "local-budgets", "open-data"],
    )


def test_only_coalitions_of_the_other_kind_that_are_looking(civic):
    looking = economic(name="Ищет", looking_for_partner=True)
    economic(name="Не ищет", looking_for_partner=False)
    CoalitionFactory(name="Тоже гражданская", looking_for_partner=True)

    assert [m.coalition for m in partner_suggestions(coalition=civic)] == [looking]


def test_ranked_by_common_regions_and_interests_with_a_readable_explanation(civic):
    best = economic(
        name="Я Лучший",
        looking_for_partner=True,
        regions=["chui", "issyk-kul", "naryn"],
        interests=["tourism", "local-budgets"],
    )
    middle = economic(
        name="Б Средний", looking_for_partner=True, regions=["chui"], interests=["tourism"]
    )
    none = economic(name="А Никакой", looking_for_partner=True, regions=["batken"])

    with translation.override("ru"):
        matches = partner_suggestions(coalition=civic)
        assert [m.coalition for m in matches] == [best, middle, none]
        assert [m.explanation for m in matches] == [
            "3 общих региона, 2 общих интереса",
            "1 общий регион, 1 общий интерес",
            "нет общих регионов и интересов",
        ]
    assert matches[0].score == 5


def test_ties_go_to_more_common_interests(civic):
    regions_only = economic(name="А", looking_for_partner=True, regions=["chui", "naryn"])
    interests_only = economic(
        name="Б", looking_for_partner=True, interests=["tourism", "open-data"]
    )
    assert [m.coalition for m in partner_suggestions(coalition=civic)] == [
        interests_only,
        regions_only,
    ]


def test_filters_by_region_and_interest(civic):
    from coalitions.models import Interest, Region

    naryn = economic(name="Нарын", looking_for_partner=True, regions=["naryn"])
    osh = economic(name="Ош", looking_for_partner=True, regions=["osh"], interests=["tourism"])

    by_region = partner_suggestions(coalition=civic, regions=[Region.objects.get(slug="naryn")])
    assert [m.coalition for m in by_region] == [naryn]
    by_interest = partner_suggestions(
        coalition=civic, interests=[Interest.objects.get(slug="tourism")]
    )
    assert [m.coalition for m in by_interest] == [osh]


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 общий регион"),
        (2, "2 общих региона"),
        (4, "4 общих региона"),
        (5, "5 общих регионов"),
        (11, "11 общих регионов"),
        (12, "12 общих регионов"),
        (21, "21 общий регион"),
        (22, "22 общих региона"),
    ],
)
def test_russian_plural_forms(count, text):
    with translation.override("ru"):
        phrase = ngettext("%(count)d общий регион", "%(count)d общих регионов", count) % {
            "count": count
        }
    assert phrase == text
