"""The public call page, rendered once for every anonymous visitor and kept in the cache.

The page is the same for every visitor without a session in one language, on one day, on
one side of the deadline — except the CSRF token of the language form and the CSP nonce.
So it is rendered with a random stand-in for each, kept in the cache, and every request gets
a copy with its own token and nonce (the CSP header names that nonce). Serving the copy
needs no query and one cache round trip (the version; the page itself is fetched from the
cache only when this process has not served that version yet).

A copy is served only while it is true:

- its *version* is the call's current one: a token replaced whenever staff save or delete
  the call, one of its priorities, key topics or FAQ entries — at once and again after the
  commit (a request served between the write and the commit reads the old rows and keeps
  them under the token it read, which the commit replaces);
- it was rendered today in Bishkek (the timeline's current step, the information session
  still ahead) and on the same side of the application deadline, to the second;
- the request has no session and no messages (a signed-in person sees their menu, anyone
  may have a message waiting) and no query string (the language form sends the path back).

Everyone else gets the page rendered as before.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from calls.models import Call, FaqEntry, KeyTopic, Priority, call_timeline
from eged_portal.kept_pages import cache_reachable, render_with_stand_ins, serve

logger = logging.getLogger(__name__)

TEMPLATE = "applications/call_detail.html"
# Seconds a copy is kept: it bounds how long the new translations or templates of a
# deployment wait; changes by staff show at once through the version.
TIMEOUT = 600


def _version_key(slug: str) -> str:
    return f"call-page:{slug}:version"


def _page_key(slug: str, language: str) -> str:
    return f"call-page:{slug}:{language}"


def call_page_context(call: Call) -> dict:
    return {
        "call": call,
        "timeline": call_timeline(call),
        "priorities": call.priorities.all(),
        "key_topics": call.key_topics.all(),
        "faq_entries": call.faq_entries.all(),
    }


def _shared(request) -> bool:
    """Whether this request may get the copy every anonymous visitor gets."""
    return (
        cache_reachable()
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _accepting(*, is_open: bool, deadline) -> bool:
    return is_open and timezone.now() <= deadline


def _current(copy: dict | None, version: str | None) -> bool:
    return (
        copy is not None
        and version is not None
        and copy["version"] == version
        and copy["day"] == timezone.localdate()
        and timezone.now() < copy["expires"]
        and copy["accepting"] == _accepting(is_open=copy["open"], deadline=copy["deadline"])
    )


# The last copy this process served, per call and language: most requests then fetch only
# the version from the cache, not the page (a few hundred bytes instead of ~14 KB).
_served: dict[tuple[str, str], dict] = {}


def cached_call_page(request, slug: str) -> HttpResponse | None:
    """The kept copy of the call's page for this request, or None when there is none (or it
    is out of date, or this request needs its own page)."""
    if not _shared(request):
        return None
    version_key, page_key = _version_key(slug), _page_key(slug, request.LANGUAGE_CODE)
    try:
        version = cache.get(version_key)
        copy = _served.get((slug, request.LANGUAGE_CODE))
        if not _current(copy, version):
            copy = cache.get(page_key)
    except Exception:  # the page is still served, rendered, when the cache is down
        logger.exception("Call page %s: the cache did not answer", slug)
        return None
    if not cache_reachable() or not _current(copy, version):  # not what Redis holds
        return None
    _served[slug, request.LANGUAGE_CODE] = copy
    return serve(request, copy)


def render_call_page(request, slug: str) -> HttpResponse:
    """The published call's page (404 if there is none); for a request without a session,
    also kept for the next ones. The call is read after the version: a save that
    committed before the read has replaced the version, so the copy kept under it holds
    what the save wrote."""

    def own_page() -> HttpResponse:
        call = get_object_or_404(Call.objects.published(), slug=slug)
        return HttpResponse(render_to_string(TEMPLATE, call_page_context(call), request))

    if not _shared(request):
        return own_page()
    try:
        version = cache.get(_version_key(slug))
        if version is None:
            cache.add(_version_key(slug), uuid.uuid4().hex, TIMEOUT)
            version = cache.get(_version_key(slug))
    except Exception:
        logger.exception("Call page %s: the cache did not answer", slug)
        return own_page()
    if not cache_reachable():  # Redis failed just now: that version is this process's own
        return own_page()
    call = get_object_or_404(Call.objects.published(), slug=slug)
    copy = {
        "version": version,
        "day": timezone.localdate(),
        # Also the bound on a copy kept in this process: a version replaced while the
        # cache was down (saved to a process's own memory) is forgotten by then too.
        "expires": timezone.now() + timedelta(seconds=TIMEOUT),
        "open": call.status == Call.Status.OPEN,
        "deadline": call.application_deadline,
        "accepting": call.is_accepting_applications,
        **render_with_stand_ins(request, TEMPLATE, call_page_context(call)),
    }
    try:
        cache.set(_page_key(call.slug, request.LANGUAGE_CODE), copy, TIMEOUT)
    except Exception:
        logger.exception("Call page %s: the cache did not answer", call.slug)
    return serve(request, copy)


def forget_call_page(slug: str) -> None:
    """Replace the page's version now and after the commit: the next request renders anew."""

    def replace():
        try:
            cache.set(_version_key(slug), uuid.uuid4().hex, TIMEOUT)
        except Exception:  # a staff member's save goes on; a kept copy lives TIMEOUT at most
            logger.exception("Call page %s: the cache did not take the new version", slug)

    replace()
    transaction.on_commit(replace)


@receiver(pre_save, sender=Call, dispatch_uid="call_page.call_renamed")
def _call_renamed(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        old = Call.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old and old != instance.slug:
            forget_call_page(old)


@receiver(post_save, sender=Call, dispatch_uid="call_page.call_saved")
@receiver(post_delete, sender=Call, dispatch_uid="call_page.call_deleted")
def _call_changed(sender, instance, **kwargs):
    forget_call_page(instance.slug)


@receiver(post_save, sender=Priority, dispatch_uid="call_page.priority_saved")
@receiver(post_delete, sender=Priority, dispatch_uid="call_page.priority_deleted")
@receiver(post_save, sender=KeyTopic, dispatch_uid="call_page.key_topic_saved")
@receiver(post_delete, sender=KeyTopic, dispatch_uid="call_page.key_topic_deleted")
@receiver(post_save, sender=FaqEntry, dispatch_uid="call_page.faq_saved")
@receiver(post_delete, sender=FaqEntry, dispatch_uid="call_page.faq_deleted")
def _part_changed(sender, instance, **kwargs):
    slug = Call.objects.filter(pk=instance.call_id).values_list("slug", flat=True).first()
    if slug:
        forget_call_page(slug)
