"""Benchmark 2: server time of the staff application list — scores and places annotated in
its query (one window), its filters, its rows rendered by Django's own changelist from
the ``list_display`` columns — against Django's bare admin changelist of the same model,
through the same stack. Target (issue #20): ≤ 2× the bare changelist."""

from django.test import Client
from django.urls import reverse

from .pages import SUPERUSER, _user
from .runner import Result, Run, benchmark, check, interleaved_median_times

LIMIT = 2.0


def _getter(client: Client, url: str):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


@benchmark("admin list", "2. Admin application list against the bare admin changelist")
def admin_list(run: Run) -> list[Result]:
    from calls.models import Call

    current = Call.objects.filter(status=Call.Status.OPEN).get()
    client = Client()
    client.force_login(_user(SUPERUSER))
    ours = reverse("admin:applications_application_changelist")
    bare = reverse("bench_bare_application_changelist")
    repeat = 3 * run.repeat  # 15 at the default --repeat 5; the test suite's smoke run: 3
    rows = []
    for figure, query in [
        ("all applications", ""),
        ("one call", f"?call__id__exact={current.pk}"),
        (
            "one call, submitted, pairs",
            f"?call__id__exact={current.pk}&status__exact=submitted&applicant=pair",
        ),
        ("one call, sorted by score", f"?call__id__exact={current.pk}&o=5"),
    ]:
        # Ours and the reference in turn, request after request (see the runner).
        mine, reference = interleaved_median_times(
            [
                _getter(client, ours + query),
                _getter(client, bare + query.split("&")[0] if query else bare),
            ],
            repeat,
            warmup=2,
        )
        result = Result(
            "admin list", figure, ours=mine, reference=reference, unit="s", limit=f"≤ {LIMIT}"
        )
        result.passed = check(result.ratio, LIMIT)
        rows.append(result)
    return rows
