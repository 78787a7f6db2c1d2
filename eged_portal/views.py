import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from applications.call_page import call_page_context
from calls.models import Call

from . import kept_pages
from .background import check_broker

logger = logging.getLogger(__name__)


def home(request):
    call = Call.objects.current()
    context = call_page_context(call) if call is not None else {"call": None}
    return render(request, "portal/home.html", context)


# Every table the member's dashboard reads (tests/portal/test_kept_dashboard.py keeps the
# list whole: a render that reads another table is served but not kept).
DASHBOARD_TABLES = frozenset(
    {
        "account_emailaddress",
        "accounts_user",
        "applications_application",
        "applications_application_key_topics",
        "applications_application_priorities",
        "applications_application_regions",
        "calls_call",
        "applications_deadlineextension",
        "calls_infosessionregistration",
        "applications_jointorganisation",
        "applications_proposedattendee",
        "coalitions_coalition",
        "coalitions_coalition_interests",
        "coalitions_coalition_regions",
        "coalitions_coalitioninvitation",
        "coalitions_interest",
        "coalitions_membership",
        "coalitions_partnership",
        "coalitions_region",
        "grants_award",
        "grants_contract",
        "grants_report",
        "grants_technicalsupportapplication",
        "notifications_outgoingmessage",
        "notifications_reminderrule",
        "workshops_attendance",
        "workshops_event",
        "workshops_participant",
    }
)
# Seconds a kept dashboard lives at most: what changes with time alone (a deadline passing,
# a report falling late, tomorrow's reminder dates) shows within this.
DASHBOARD_TIMEOUT = 60


@login_required
def dashboard(request):
    """The member's dashboard, kept per person, language and chosen coalition while none of
    the tables it reads has been written (``kept_pages.personal_page``)."""
    from coalitions.views import SESSION_KEY, dashboard_context

    def context():
        # The person as they are now: the middleware read them before the versions, and a
        # change committed in between would be kept under the new version.
        request.user.refresh_from_db()
        call = Call.objects.current()
        return {"call": call, **dashboard_context(request, call=call)}

    key = ":".join(
        str(part)
        for part in (
            "dashboard",
            request.user.pk,
            request.LANGUAGE_CODE,
            request.session.get(SESSION_KEY, ""),
            timezone.localdate(),
        )
    )
    return kept_pages.personal_page(
        request,
        key=key,
        template="portal/dashboard.html",
        context=context,
        tables=DASHBOARD_TABLES,
        timeout=DASHBOARD_TIMEOUT,
    )


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    return check_broker(timeout=2)


@never_cache
def healthz(request):
    """Whether the portal can reach its database and its Celery broker."""
    checks = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:
            logger.warning("Health check %s failed: %s", name, exc)
            checks[name] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
