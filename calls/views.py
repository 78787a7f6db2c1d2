"""The public call page: the call, its timeline, priorities, key topics and FAQ, read in
four queries whatever their number and rendered for each request (no page cache)."""

from django.shortcuts import get_object_or_404, render

from .models import Call, call_timeline

TEMPLATE = "calls/call_detail.html"


def call_page_context(call: Call) -> dict:
    return {
        "call": call,
        "timeline": call_timeline(call),
        "priorities": list(call.priorities.all()),
        "key_topics": list(call.key_topics.all()),
        "faq_entries": list(call.faq_entries.all()),
    }


def call_detail(request, slug):
    call = get_object_or_404(Call.objects.published(), slug=slug)
    return render(request, TEMPLATE, call_page_context(call))
