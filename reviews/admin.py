"""The reviewers' desk in the admin: each reviewer sees and scores only their own
assignments (not by URL either) and may declare a conflict of interest; staff read every
review, recuse reviewers and follow the progress of a call's reviews. All writes go
through ``reviews.services``."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from calls.form_services import readable_answers
from core.errors import PortalError

from . import (
    admin_scoring,  # noqa: F401 — registers the reopenings' list
    permissions,
    registry,
    scores,
    services,
)
from .admin_progress import progress_page
from .freeze import active_reopening, scoring_closed
from .models import ReviewAssignment


class ReviewForm(forms.ModelForm):
    """One field per criterion of the call, in its range, then the overall recommendation."""

    class Meta:
        model = ReviewAssignment
        fields = ["recommendation", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recommendation" not in self.fields:
            self.criteria = []  # staff reading someone's review: nothing to score
            return
        self.fields["recommendation"].required = True
        self.criteria = list(
            scores.criteria_for(call=self.instance.call, stage=self.instance.stage)
        )
        existing = {s.criterion_id: s for s in self.instance.scores.all()}
        answers = _answers_of(self.instance.reviewed)
        fields = {}
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.number}. {criterion.tr('name')} (0–{criterion.max_points}, "
                f"× {criterion.weight.normalize()})",
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                initial=score.points if score else None,
                help_text=_beside(criterion, answers),
                error_messages={
                    "required": _("Оцените этот критерий."),
                    "max_value": _("Не больше %(limit_value)s баллов."),
                    "min_value": _("Не меньше %(limit_value)s баллов."),
                },
            )
            fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Комментарий к критерию"),
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}
        self.scoring_closed = scoring_closed(self.instance)
        if self.scoring_closed:
            for field in self.fields.values():
                field.disabled = True  # shown as scored, not sent again

    def clean(self):
        cleaned = super().clean()
        closed = scoring_closed(self.instance)
        if closed:
            raise forms.ValidationError(closed)
        if self.instance.status == ReviewAssignment.Status.RECUSED:
            raise forms.ValidationError(_("Вы взяли самоотвод по этой заявке и не оцениваете её."))
        return cleaned


def _answers_of(reviewed) -> dict:
    """The reviewed object's answers by question key, with the question texts they
    answered (an application or a support request answers its call's form)."""
    version = getattr(reviewed, "form_version", None)
    if version is None:
        return {}
    return {row.key: row for row in readable_answers(version, reviewed.answers)}


def _beside(criterion, answers: dict):
    """The criterion's guidance and, beside it, the answers to the questions it judges."""
    named = [answers[key] for key in criterion.question_keys if key in answers]
    shown = format_html_join(
        "",
        '<div class="criterion-answer"><strong>{}</strong><br>{}</div>',
        ((row.label, linebreaksbr(row.text)) for row in named),
    )
    return format_html("{}{}", criterion.tr("guidance"), shown)


class ReviewedChangeList(ChangeList):
    """Fetches what the page's rows review with one query per reviewable model — whichever
    models the page happens to hold — so the list costs the same queries at any size."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        wanted: dict[int, set] = {}
        for row in self.result_list:
            wanted.setdefault(row.content_type_id, set()).add(row.object_id)
        for reviewable in registry.reviewables():
            model = reviewable.model
            content_type = ContentType.objects.get_for_model(model)
            # [0] when the page holds none: the query runs anyway and finds nothing.
            ids = wanted.get(content_type.pk) or {0}
            found = {obj.pk: obj for obj in model._default_manager.filter(pk__in=ids)}
            for row in self.result_list:
                if row.content_type_id == content_type.pk:
                    row.reviewed = found.get(row.object_id)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(SimpleHistoryAdmin):
    form = ReviewForm
    list_display = ["reviewed_link", "call", "reviewer", "status", "recommendation", "submitted_at"]
    list_filter = ["status", "call", "stage"]
    list_select_related = ["call", "reviewer"]
    search_fields = ["reviewer__email", "reviewer__last_name"]
    actions = ["staff_recuse"]
    change_form_template = "admin/reviews/reviewassignment/change_form.html"

    def get_queryset(self, request):
        # "reviewed" (a generic relation) is fetched for the whole page by the changelist.
        queryset = super().get_queryset(request).select_related("call", "reviewer")
        if permissions.may_manage_reviews(request.user):
            return queryset
        return queryset.filter(reviewer=request.user).exclude(
            status=ReviewAssignment.Status.RECUSED
        )

    def has_add_permission(self, request):
        return False

    def get_changelist(self, request, **kwargs):
        return ReviewedChangeList

    def history_view(self, request, object_id, extra_context=None):
        # simple_history falls back to the history of objects outside the queryset (meant
        # for deleted ones), which would show another reviewer's scores to whoever guesses
        # the id: only assignments this person may open have a history page for them.
        try:
            visible = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The same for one past version of an assignment.
        try:
            visible = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False  # a review is never deleted: a reviewer is recused instead

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.reviewer_id != request.user.pk:
            return False  # only the reviewer scores; staff read
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.may_manage_reviews(request.user):
            actions.pop("staff_recuse", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        return ["reviewed_answers", "status", "others"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.reviewer_id == request.user.pk:
            kwargs["fields"] = ["recommendation", "comment"]
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = []
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.reviewer_id == request.user.pk:
            criteria_fields = []
            for criterion in scores.criteria_for(call=obj.call, stage=obj.stage):
                criteria_fields += [f"points_{criterion.pk}", f"comment_{criterion.pk}"]
            return [
                (_("Заявка"), {"fields": ["reviewed_answers"]}),
                (_("Ваша оценка"), {"fields": [*criteria_fields, "recommendation", "comment"]}),
                (_("Оценки других рецензентов"), {"fields": ["others"]}),
            ]
        return [
            (_("Заявка"), {"fields": ["reviewed_answers"]}),
            (None, {"fields": ["status", "others"]}),
        ]

    @admin.display(description=_("заявка"))
    def reviewed_link(self, obj):
        return str(obj.reviewed)

    @admin.display(description=_("ответы заявителя"))
    def reviewed_answers(self, obj):
        template = registry.for_model(obj.content_type.model_class()).answers_template
        html = render_to_string(
            template,
            {"application": obj.reviewed, "attachment_url_name": "staff", "show_contacts": False},
        )
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.viewer = request.user  # whose eyes: others' scores wait for one's own
        return obj

    @admin.display(description=_("оценки других рецензентов"))
    def others(self, obj):
        viewer = getattr(obj, "viewer", None)
        own_done = obj.status == ReviewAssignment.Status.SUBMITTED
        if viewer is not None and obj.reviewer_id == viewer.pk and not own_done:
            return _("Оценки других рецензентов станут видны после того, как вы отправите свою.")
        rows = [
            row for row in scores.review_summary(obj.reviewed) if row["assignment"].pk != obj.pk
        ]
        criteria = list(scores.criteria_for(call=obj.call, stage=obj.stage))
        html = render_to_string(
            "admin/reviews/_review_summary.html",
            {"rows": rows, "criteria": criteria, "compact": True},
        )
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(_("Такой рецензии нет среди ваших."))
        own = obj.reviewer_id == request.user.pk
        extra_context = {
            **(extra_context or {}),
            "scoring_closed": scoring_closed(obj) if own else None,
            "reopened": active_reopening(call_id=obj.call_id, stage=obj.stage) if own else None,
            "conflict_url": reverse("admin:reviews_reviewassignment_conflict", args=[obj.pk])
            if permissions.can_review(request.user, obj)
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        points = {c.pk: form.cleaned_data[f"points_{c.pk}"] for c in form.criteria}
        comments = {c.pk: form.cleaned_data.get(f"comment_{c.pk}", "") for c in form.criteria}
        try:
            services.submit_review(
                assignment=obj,
                by=request.user,
                points=points,
                comments=comments,
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data.get("comment", ""),
            )
        except PortalError as error:
            raise PermissionDenied(error.message) from error

    def get_urls(self):
        return [
            path(
                "<int:pk>/conflict/",
                self.admin_site.admin_view(self.conflict_view),
                name="reviews_reviewassignment_conflict",
            ),
            path(
                "progress/",
                self.admin_site.admin_view(self.progress_view),
                name="reviews_reviewassignment_progress",
            ),
            *super().get_urls(),
        ]

    def conflict_view(self, request, pk):
        assignment = self.get_queryset(request).filter(pk=pk, reviewer=request.user).first()
        if assignment is None:
            raise Http404(_("Такой рецензии нет среди ваших."))
        form = ConflictForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            recused = services.declare_conflict(
                assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
            )
            self.message_user(
                request,
                _(
                    "Конфликт интересов заявлен: заявка снята с вас, сотрудники назначат другого "
                    "рецензента."
                ),
                messages.SUCCESS,
            )
            if recused.submitted_at:
                self.message_user(
                    request,
                    _(
                        "Ваша отправленная оценка сохранена как запись с отметкой об отводе и в "
                        "средний балл заявки больше не входит."
                    ),
                    messages.INFO,
                )
            return redirect("admin:reviews_reviewassignment_changelist")
        return render(
            request,
            "admin/reviews/intermediate_action.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Заявить конфликт интересов"),
                "form": form,
                "opts": self.model._meta,
                "single": assignment,
            },
        )

    def progress_view(self, request):
        if not permissions.may_manage_reviews(request.user):
            raise PermissionDenied
        return progress_page(self, request)

    @admin.action(description=_("Отвести рецензента (конфликт интересов)"), permissions=["view"])
    def staff_recuse(self, request, queryset):
        if not permissions.may_manage_reviews(request.user):
            raise PermissionDenied
        for assignment in queryset:
            services.recuse_reviewer(assignment=assignment, by=request.user, reason="")
        self.message_user(request, _("Рецензенты отведены."), messages.SUCCESS)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("В чём конфликт интересов"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Опишите, в чём конфликт интересов.")},
    )
