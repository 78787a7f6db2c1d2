"""Benchmark 1: the query count of every list page and dashboard, at 50 and 5,000 rows.

Public pages, the member's dashboard and pages, and every admin changelist registered in
``admin.site._registry`` (none is skipped silently: the result lists each one). Each page
is requested once to warm caches, then counted with ``CaptureQueriesContext`` (no page is
cached: every request renders).
"""

from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from .runner import Result, Run, benchmark

MEMBER = "member@demo.eged.kg"
SUPERUSER = "admin@demo.eged.kg"
STAFF = "staff@demo.eged.kg"
REVIEWER = "reviewer@demo.eged.kg"


def _user(email):
    from accounts.models import User

    return User.objects.get(email=email)


def page_urls() -> list[tuple[str, str, str]]:
    """(name, who, url) of every page counted; names are the same at every scale."""
    from applications.models import Application
    from calls.models import Call
    from coalitions.models import Coalition
    from grants.models import Report, TechnicalSupportApplication
    from workshops.models import Event

    current = Call.objects.filter(status=Call.Status.OPEN).get()
    archive = Call.objects.get(slug="eged-2022")
    member = _user(MEMBER)
    coalition = Coalition.objects.for_user(member).order_by("pk").first()
    application = Application.objects.filter(coalition=coalition).order_by("pk").first()
    workshop = Event.objects.get(call=archive, kind=Event.Kind.WORKSHOP)
    support = TechnicalSupportApplication.objects.of_member(member).order_by("pk").first()
    report = Report.objects.of_member(member).order_by("pk").first()
    pages = [
        ("home", None, reverse("portal:home")),
        ("call page", None, reverse("applications:call_detail", args=[current.slug])),
        ("information session", None, reverse("applications:info_session", args=[current.slug])),
        ("dashboard", MEMBER, reverse("portal:dashboard")),
        ("my coalitions", MEMBER, reverse("coalitions:mine")),
        ("coalition profile", MEMBER, reverse("coalitions:detail", args=[coalition.pk])),
        ("member organisations", MEMBER, reverse("coalitions:members", args=[coalition.pk])),
        ("people", MEMBER, reverse("coalitions:people", args=[coalition.pk])),
        ("partner search", MEMBER, reverse("coalitions:partners", args=[coalition.pk])),
        ("application", MEMBER, reverse("applications:detail", args=[application.pk])),
        ("workshop programme", MEMBER, reverse("workshops:programme", args=[workshop.pk])),
        ("support request", MEMBER, reverse("grants:detail", args=[support.pk])),
        ("report", MEMBER, reverse("grants:report", args=[report.pk])),
        ("supported campaigns", None, reverse("grants:public_results", args=[archive.slug])),
        ("admin index", SUPERUSER, reverse("admin:index")),
        (
            "admin review progress",
            STAFF,
            reverse("admin:reviews_reviewassignment_progress") + f"?call={current.pk}",
        ),
        (
            "admin programme overview (staff)",
            STAFF,
            reverse("admin:reports_overview") + f"?call={archive.pk}",
        ),
        (
            "admin applications of the open call (staff)",
            STAFF,
            reverse("admin:applications_application_changelist") + f"?call__id__exact={current.pk}",
        ),
        (
            "admin reviews (reviewer's own)",
            REVIEWER,
            reverse("admin:reviews_reviewassignment_changelist"),
        ),
    ]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        opts = model._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            pages.append((f"admin {opts.label}", SUPERUSER, ""))
            continue
        pages.append((f"admin {opts.label}", SUPERUSER, url))
    return pages


def count_all_pages() -> dict[str, tuple[int, int]]:
    """Page name → (queries, HTTP status)."""
    clients: dict[str | None, Client] = {}
    counts = {}
    for name, who, url in page_urls():
        if not url:
            counts[name] = (-1, 0)
            continue
        if who not in clients:
            clients[who] = Client()
            if who is not None:
                clients[who].force_login(_user(who))
        client = clients[who]
        client.get(url)  # warm: content types, sessions, translations, templates
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = (len(queries), response.status_code)
    return counts


@benchmark("queries", "1. Queries per list page and dashboard: 5,000 rows against 50 rows")
def query_counts(run: Run) -> list[Result]:
    large = count_all_pages()
    small = run.small_counts
    rows = []
    for name, (queries, status) in large.items():
        small_queries, small_status = small.get(name, (None, None))
        note = ""
        if status != 200 or small_status != 200:
            note = f"HTTP {small_status} / {status}"
        passed = queries == small_queries and status == 200 and small_status == 200
        rows.append(
            Result(
                "queries",
                name,
                ours=queries,
                reference=small_queries,
                unit="queries",
                limit="= 1",
                passed=passed,
                note=note,
            )
        )
    return rows
