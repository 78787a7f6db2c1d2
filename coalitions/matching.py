"""Partner suggestions: coalitions of the other kind that look for a partner, ranked by
what they share with this one — a score a person can check by counting.

The score is the number of common regions plus the number of common interests; ties go
to more common interests (joint work is about a shared topic), then to the name.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Call

from .models import Coalition, Interest, Partnership, Region


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
                ngettext(
                    "%(count)d общий регион",
                    "%(count)d общих регионов",
                    len(self.common_regions),
                )
                % {"count": len(self.common_regions)}
            )
        if self.common_interests:
            parts.append(
                ngettext(
                    "%(count)d общий интерес",
                    "%(count)d общих интересов",
                    len(self.common_interests),
                )
                % {"count": len(self.common_interests)}
            )
        return ", ".join(parts) if parts else _("нет общих регионов и интересов")


def _mine(through, field: str, coalition: Coalition):
    """The ids of ``coalition``'s regions (or interests), as a subquery."""
    return through.objects.filter(coalition_id=coalition.pk).values(f"{field}_id")


def _shared(through, field: str, coalition: Coalition) -> Coalesce:
    """How many of ``coalition``'s regions (or interests) the candidate coalition has."""
    return Coalesce(
        Subquery(
            through.objects.filter(
                coalition_id=OuterRef("pk"), **{f"{field}_id__in": _mine(through, field, coalition)}
            )
            .order_by()
            .values("coalition_id")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def pairing_calls():
    """The calls a pair can still be formed for: open and before their deadline (the calls
    the invitation form offers)."""
    return Call.objects.filter(status=Call.Status.OPEN, application_deadline__gte=timezone.now())


def _can_still_pair(candidates, calls):
    """Candidates without a confirmed pair in at least one of ``calls``. With no call open
    for pairs, the search still shows everyone: a pair is formed for the next one.

    The calls are read first (one or two rows), so each becomes two anti-joins against
    that call's confirmed pairs, hashed once; counting each candidate's pairs in a
    correlated subquery probed the pairs' indexes once per candidate (3.7 of the
    dashboard's 22 ms in PostgreSQL with 3,000 coalitions, docs/benchmarks.md)."""
    free_in_any = Q()
    for call_id in calls.values_list("pk", flat=True):
        paired = Partnership.objects.filter(call_id=call_id, status=Partnership.Status.CONFIRMED)
        free_in_any |= ~Q(pk__in=paired.values("inviter_id")) & ~Q(
            pk__in=paired.values("invitee_id")
        )
    return candidates.filter(free_in_any)


def _narrowed(candidates, regions, interests):
    """Only the candidates working in any of ``regions`` and any of ``interests``."""
    if regions:
        candidates = candidates.filter(
            pk__in=Coalition.regions.through.objects.filter(region__in=list(regions)).values(
                "coalition_id"
            )
        )
    if interests:
        candidates = candidates.filter(
            pk__in=Coalition.interests.through.objects.filter(interest__in=list(interests)).values(
                "coalition_id"
            )
        )
    return candidates


def partner_suggestions(
    *,
    coalition: Coalition,
    regions=None,
    interests=None,
    limit: int | None = None,
    calls=None,
) -> list[Match]:
    """Coalitions of the other kind looking for a partner and still free to pair, best
    match first.

    A candidate with a confirmed pair in every call open for pairs (``calls``, by default
    ``pairing_calls()``) is left out: inviting it would be refused. It is left out in the
    database, before ``limit``, so the dashboard's three places are filled by others.
    ``regions`` / ``interests`` narrow the list to candidates working in any of them.
    The database counts what each candidate shares and orders them, so the dashboard's
    three suggestions cost the same with 30 candidates or 3,000.
    """
    if calls is None:
        calls = pairing_calls()
    elif not hasattr(calls, "values"):
        calls = Call.objects.filter(pk__in=[call.pk for call in calls])
    candidates = Coalition.objects.filter(
        kind=coalition.other_kind(), looking_for_partner=True
    ).exclude(pk=coalition.pk)
    candidates = _narrowed(_can_still_pair(candidates, calls), regions, interests)
    candidates = (
        candidates.annotate(
            shared_regions=_shared(Coalition.regions.through, "region", coalition),
            shared_interests=_shared(Coalition.interests.through, "interest", coalition),
        )
        .annotate(shared=F("shared_regions") + F("shared_interests"))
        .order_by("-shared", "-shared_interests", "name", "pk")
    )
    candidates = list(candidates[:limit] if limit else candidates)
    ids = [candidate.pk for candidate in candidates]
    regions_of = _common(Coalition.regions.through, "region", ids, coalition)
    interests_of = _common(Coalition.interests.through, "interest", ids, coalition)
    return [
        Match(
            coalition=candidate,
            common_regions=regions_of.get(candidate.pk, []),
            common_interests=interests_of.get(candidate.pk, []),
        )
        for candidate in candidates
    ]


def _common(through, field: str, ids: list[int], coalition: Coalition) -> dict[int, list]:
    """Candidate id → the regions (or interests) it shares with ``coalition``, in their
    usual order: one query on the link table, none without candidates."""
    if not ids:
        return {}
    model = through._meta.get_field(field).related_model
    order = [
        f"-{field}__{name[1:]}" if name.startswith("-") else f"{field}__{name}"
        for name in model._meta.ordering
    ]
    links = (
        through.objects.filter(
            coalition_id__in=ids, **{f"{field}_id__in": _mine(through, field, coalition)}
        )
        .select_related(field)
        .order_by(*order, "pk")
    )
    common: dict[int, list] = {}
    for link in links:
        common.setdefault(link.coalition_id, []).append(getattr(link, field))
    return common
