"""Partner suggestions: coalitions of the other kind that look for a partner, ranked by
what they share with this one — a score a person can check by counting.

The score is the number of common regions plus the number of common interests; ties go
to more common interests (joint work is about a shared topic), then to the name.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Coalition, Interest, Region


def _russian_form(count: int, one: str, few: str, many: str) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def count_phrase(count: int, one: str, few: str, many: str) -> str:
    """``ngettext`` with Russian msgids that stays right in Russian itself.

    Russian is the source language, so until the Russian catalogue carries the plural
    entries gettext would fall back to the two-form English rule ("3 общих регионов").
    Other languages use their catalogue's translation of (one, many) as usual.
    """
    text = ngettext(one, many, count)
    if (translation.get_language() or "ru").startswith("ru") and text in (one, many):
        text = _russian_form(count, one, few, many)
    return text % {"count": count}


@dataclass
class Match:
    coalition: Coalition
    common_regions: list[Region]
    common_interests: list[Interest]

    @property
    def score(self) -> int:
        return len(self.common_regions) + len(self.common_interests)

    @property
    def explanation(self) -> str:
        parts = []
        if self.common_regions:
            parts.append(
                count_phrase(
                    len(self.common_regions),
                    "%(count)d общий регион",
                    "%(count)d общих региона",
                    "%(count)d общих регионов",
                )
            )
        if self.common_interests:
            parts.append(
                count_phrase(
                    len(self.common_interests),
                    "%(count)d общий интерес",
                    "%(count)d общих интереса",
                    "%(count)d общих интересов",
                )
            )
        return ", ".join(parts) if parts else _("нет общих регионов и интересов")


def partner_suggestions(
    *,
    coalition: Coalition,
    regions=None,
    interests=None,
    limit: int | None = None,
) -> list[Match]:
    """Coalitions of the other kind looking for a partner, best match first.

    ``regions`` / ``interests`` narrow the list to candidates working in any of them.
    """
    my_regions = {r.pk: r for r in coalition.regions.all()}
    my_interests = {i.pk: i for i in coalition.interests.all()}
    candidates = Coalition.objects.filter(
        kind=coalition.other_kind(), looking_for_partner=True
    ).exclude(pk=coalition.pk)
    if regions:
        candidates = candidates.filter(regions__in=list(regions))
    if interests:
        candidates = candidates.filter(interests__in=list(interests))
    candidates = candidates.distinct().prefetch_related("regions", "interests")
    matches = [
        Match(
            coalition=candidate,
            common_regions=[r for r in candidate.regions.all() if r.pk in my_regions],
            common_interests=[i for i in candidate.interests.all() if i.pk in my_interests],
        )
        for candidate in candidates
    ]
    matches.sort(key=lambda m: (-m.score, -len(m.common_interests), m.coalition.name))
    return matches[:limit] if limit else matches
