import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from applications import selectors as application_selectors
from calls.models import Call
from calls.views import call_page_context
from coalitions import selectors as coalition_selectors

from .background import check_broker

logger = logging.getLogger(__name__)


def home(request):
    call = Call.objects.current()
    context = call_page_context(call) if call is not None else {"call": None}
    return render(request, "portal/home.html", context)


@login_required
def dashboard(request):
    """The member's dashboard, rendered for each request: the person's coalitions and
    applications are read once and handed to each block's selectors, so the page costs the
    same queries whatever the person has (tests/portal/test_dashboard_queries.py)."""
    call = Call.objects.current()
    member = coalition_selectors.member(request.user)
    context = {
        "call": call,
        "member": member,
        **coalition_selectors.dashboard_context(request, member, call=call),
        "member_applications": application_selectors.member_applications(member),
    }
    return render(request, "portal/dashboard.html", context)


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


class HealthzMiddleware:
    """Answers ``/healthz`` whatever the Host header says (it never builds a URL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
