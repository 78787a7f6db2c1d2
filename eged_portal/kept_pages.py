"""Pages rendered once and kept in the cache, served to later requests with their own CSRF
token and CSP nonce.

A page is rendered with a random stand-in for the token and the nonce; every request gets a
copy in which the stand-ins are replaced by its own (the CSP header names that nonce).
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

from . import table_versions

logger = logging.getLogger(__name__)


def render_with_stand_ins(request, template: str, context: dict) -> dict:
    """The page, with stand-ins where the request's CSRF token and CSP nonce go."""
    stand_ins = {"csrf": uuid.uuid4().hex, "nonce": uuid.uuid4().hex}
    lazy_nonce = getattr(request, "csp_nonce", "")
    request.csp_nonce = stand_ins["nonce"]
    try:
        context = context | {"csrf_token": stand_ins["csrf"], "CSP_NONCE": stand_ins["nonce"]}
        html = render_to_string(template, context, request)
    finally:
        request.csp_nonce = lazy_nonce
    return {"html": html, **stand_ins}


def serve(request, copy: dict) -> HttpResponse:
    html = copy["html"].replace(copy["csrf"], get_token(request))
    if copy["nonce"] in html:
        html = html.replace(copy["nonce"], str(getattr(request, "csp_nonce", "")))
    return HttpResponse(html)


def cache_reachable() -> bool:
    """Whether pages may be kept now: ``KEPT_PAGES`` is on (one cache all processes share)
    and the cache has not fallen back to this process's memory (Redis down), where a version
    replaced is not seen by the other processes."""
    if not settings.KEPT_PAGES:
        return False
    reachable = getattr(cache, "reachable", None)
    return reachable() if reachable is not None else True


def _may_keep(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not len(get_messages(request))  # read without marking them shown
        and cache_reachable()
    )


def personal_page(
    request, *, key: str, template: str, context, tables: frozenset[str], timeout: int
) -> HttpResponse:
    """One person's page, kept under ``key`` while none of ``tables`` has been written
    (see ``table_versions``) and for ``timeout`` seconds at most, which bounds what changes
    with time alone. ``context`` is called to build the page's context.

    ``tables`` must name every table the page reads; a render that reads another is
    served and not kept (and logged, for the list to be completed)."""
    if not _may_keep(request):
        return HttpResponse(render_to_string(template, context(), request))
    try:
        versions = table_versions.current(tables)
        copy = cache.get(key)
    except Exception:
        logger.exception("Kept page %s: the cache did not answer", key)
        return HttpResponse(render_to_string(template, context(), request))
    if not cache_reachable():  # Redis failed just now: what was read is this process's own
        return HttpResponse(render_to_string(template, context(), request))
    if copy is not None and copy["versions"] == versions and timezone.now() < copy["expires"]:
        return serve(request, copy)
    with table_versions.reading() as reads:
        copy = render_with_stand_ins(request, template, context())
    unlisted = reads.tables - tables - table_versions.NOT_VERSIONED
    if unlisted:
        logger.warning("Kept page %s read tables it does not list: %s", key, sorted(unlisted))
        return serve(request, copy)
    copy |= {"versions": versions, "expires": timezone.now() + timedelta(seconds=timeout)}
    try:
        cache.set(key, copy, timeout)
    except Exception:
        logger.exception("Kept page %s: the cache did not answer", key)
    return serve(request, copy)
