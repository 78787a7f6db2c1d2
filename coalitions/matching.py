"""Partner suggestions: coalitions of the other kind that look for a partner, ranked by
what they share with this one — a score a person can check by counting.

The score is the number of common regions plus the number of common interests; ties go
to more common interests (joint work is about a shared topic), then to the name.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
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


def _shared(through, column: str, ids) -> Coalesce:
    """How many of ``ids`` the candidate coalition has (regions or interests)."""
    return Coalesce(
        Subquery(
            through.objects.filter(coalition_id=OuterRef("pk"), **{f"{column}__in": ids})
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


def _count(queryset, column: str) -> Coalesce:
    """``COUNT(DISTINCT column)`` of ``queryset`` as a subquery (0 when it has no rows)."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(group=Value(1))
            .values("group")
            .annotate(n=Count(column, distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _can_still_pair(candidates, calls):
    """Candidates without a confirmed pair in at least one of ``calls`` — counted in the
    candidates' own query. With no call open for pairs, the search still shows everyone:
    a pair is formed for the next one."""
    paired_in = _count(
        Partnership.objects.filter(
            Q(inviter_id=OuterRef("pk")) | Q(invitee_id=OuterRef("pk")),
            call__in=calls.values("pk"),
            status=Partnership.Status.CONFIRMED,
        ),
        "call_id",
    )
    open_calls = _count(calls, "pk")
    return candidates.annotate(paired_in=paired_in, open_calls=open_calls).filter(
        Q(open_calls=0) | Q(paired_in__lt=F("open_calls"))
    )


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
    my_regions = {r.pk: r for r in coalition.regions.all()}
    my_interests = {i.pk: i for i in coalition.interests.all()}
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
            shared_regions=_shared(Coalition.regions.through, "region_id", list(my_regions)),
            shared_interests=_shared(
                Coalition.interests.through, "interest_id", list(my_interests)
            ),
        )
        .annotate(shared=F("shared_regions") + F("shared_interests"))
        .order_by("-shared", "-shared_interests", "name", "pk")
        .prefetch_related("regions", "interests")
    )
    if limit:
        candidates = candidates[:limit]
    return [
        Match(
            coalition=candidate,
            common_regions=[r for r in candidate.regions.all() if r.pk in my_regions],
            common_interests=[i for i in candidate.interests.all() if i.pk in my_interests],
        )
        for candidate in candidates
    ]
