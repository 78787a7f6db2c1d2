from django.shortcuts import get_object_or_404, render

from .models import Call, call_timeline


def call_detail(request, slug):
    call = get_object_or_404(Call.objects.published(), slug=slug)
    return render(
        request,
        "applications/call_detail.html",
        {
            "call": call,
            "timeline": call_timeline(call),
            "priorities": call.priorities.all(),
            "key_topics": call.key_topics.all(),
        },
    )
