"""«Ход оценки»: per call and stage, each reviewer's assigned, submitted and recused
reviews, and the stage's reviewables ranked by score (the window of
``reviews.scores.annotate_scores``)."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Stage

from . import registry, scores
from .models import ReviewAssignment


def progress_page(model_admin, request):
    calls = Call.objects.order_by("-application_deadline")
    call = calls.filter(pk=request.GET.get("call") or 0).first() or calls.first()
    stage = request.GET.get("stage")
    stage = stage if stage in registry.stages() else Stage.WORKSHOP
    assignments = ReviewAssignment.objects.filter(call=call, stage=stage)
    by_reviewer = (
        assignments.values("reviewer__email", "reviewer__first_name", "reviewer__last_name")
        .annotate(
            assigned=Count("pk", filter=Q(status=ReviewAssignment.Status.ASSIGNED)),
            submitted=Count("pk", filter=Q(status=ReviewAssignment.Status.SUBMITTED)),
            recused=Count("pk", filter=Q(status=ReviewAssignment.Status.RECUSED)),
        )
        .order_by("reviewer__last_name", "reviewer__email")
    )
    reviewable = registry.for_stage(stage)
    meta = reviewable.model._meta
    ranked = scores.annotate_scores(
        reviewable.listed(call), stage=stage, is_pair=reviewable.is_pair
    ).order_by(*scores.BY_RANK)
    return render(
        request,
        "admin/reviews/review_progress.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Ход оценки"),
            "calls": calls,
            "call": call,
            "stage": stage,
            "change_url_name": f"admin:{meta.app_label}_{meta.model_name}_change",
            "stages": [(value, Stage(value).label) for value in registry.stages()],
            "by_reviewer": by_reviewer,
            "applications": list(ranked),
            "opts": model_admin.model._meta,
        },
    )
