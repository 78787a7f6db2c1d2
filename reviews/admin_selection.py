"""What an admin of reviewables adds for selection: the score, place and review columns
(read from the values ``reviews.scores.annotate_scores`` put in the list's query, rendered
by Django's own changelist), the review summary on the change page, the filter by review
progress and the actions that assign reviewers."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db.models import F
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import roles
from core.errors import PortalError
from core.http import ChosenObjectsField

from . import permissions, scores, services


def reviewers_queryset():
    return (
        get_user_model()
        .objects.filter(groups__name=roles.REVIEWER, is_active=True)
        .order_by("last_name", "email")
    )


class ReviewerChoiceForm(forms.Form):
    reviewers = ChosenObjectsField(
        label=_("Рецензенты"), queryset=reviewers_queryset(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers_queryset()


class AutoAssignForm(forms.Form):
    per_item = forms.IntegerField(
        label=_("Рецензентов на заявку"), min_value=1, max_value=10, initial=2
    )


class ReviewProgressFilter(admin.SimpleListFilter):
    title = _("оценки")
    parameter_name = "reviews"

    def lookups(self, request, model_admin):
        return [
            ("none", _("нет ни одной")),
            ("partial", _("не все рецензенты оценили")),
            ("complete", _("все рецензенты оценили")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(reviews_done=0)
        if self.value() == "partial":
            return queryset.filter(reviews_done__gt=0, reviews_done__lt=F("reviews_assigned"))
        if self.value() == "complete":
            return queryset.filter(reviews_done__gt=0, reviews_done=F("reviews_assigned"))
        return queryset


def intermediate_page(
    model_admin,
    request,
    queryset,
    *,
    form,
    title,
    action,
    extra=None,
    template="admin/reviews/intermediate_action.html",
):
    """The page between an action and its work: a form about the chosen rows."""
    return render(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "action": action,
            "queryset": queryset,
            "opts": model_admin.model._meta,
            **(extra or {}),
        },
    )


def assignment_messages(made: int, already: int) -> list[tuple[int, str]]:
    """What was new and what was there before, each counted in words that agree."""
    if made:
        count = ngettext(
            "Назначена %(count)d новая рецензия.", "Назначено новых рецензий: %(count)d.", made
        )
        lines = [(messages.SUCCESS, count % {"count": made})]
    else:
        lines = [(messages.WARNING, _("Новых рецензий не назначено."))]
    if already:
        count = ngettext(
            "%(count)d рецензия уже была назначена раньше — она не изменилась.",
            "Уже были назначены раньше и не изменились: %(count)d.",
            already,
        )
        lines.append((messages.INFO, count % {"count": already}))
    return lines


class NarrowChangeList(ChangeList):
    """Django's changelist, reading only the columns the list shows (``list_only``): the
    place window sorts every filtered row, which need not carry the long answers."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        columns = getattr(self.model_admin, "list_only", None)
        return queryset.only(*columns) if columns else queryset


class ReviewSelectionMixin:
    """Columns, actions and the review summary an admin of reviewables adds for selection.

    ``review_stage`` names the criteria used; ``review_pair`` tells pairs apart;
    ``review_ready_statuses`` are the statuses automatic assignment takes.
    """

    review_stage: str
    review_pair = None
    review_ready_statuses: tuple = ()

    def may_see_reviews(self, user) -> bool:
        return permissions.may_see_reviews(user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.may_see_reviews(request.user):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "reviews_summary"]})
            for name, options in fieldsets
            if list(options["fields"]) != ["reviews_summary"]
        ]

    def get_changelist(self, request, **kwargs):
        return NarrowChangeList

    def score_queryset(self, queryset):
        """The scores and each row's place in its call among the rows the list selects."""
        return scores.annotate_scores(queryset, stage=self.review_stage, is_pair=self.review_pair)

    @admin.display(description=_("балл"), ordering="score")
    def score_column(self, obj):
        if obj.score is None:
            return "—"
        if not scores.disagree_strongly(spread=obj.spread, max_total=obj.max_total):
            return f"{obj.score:.2f}"
        return format_html(
            '{} <span title="{}" style="color:#ba2121">⚠</span>',
            f"{obj.score:.2f}",
            _("Рецензенты сильно расходятся в оценках"),
        )

    @admin.display(description=_("место"), ordering=F("score").desc(nulls_last=True))
    def rank_column(self, obj):
        return obj.rank if obj.score is not None else "—"

    @admin.display(description=_("оценок"), ordering="reviews_done")
    def reviews_column(self, obj):
        return f"{obj.reviews_done}/{obj.reviews_assigned}"

    @admin.display(description=_("рецензии"))
    def reviews_summary(self, obj):
        rows = scores.review_summary(obj)
        scored = [row["total"] for row in rows if row["total"] is not None]
        mean = sum(scored) / len(scored) if scored else None
        spread = max(scored) - min(scored) if len(scored) > 1 else None
        criteria = list(scores.criteria_for(call=obj.call, stage=self.review_stage))
        max_total = sum(c.max_points * c.weight for c in criteria)
        html = render_to_string(
            "admin/reviews/_review_summary.html",
            {
                "rows": rows,
                "criteria": criteria,
                "mean": mean,
                "spread": spread,
                "bonus": obj.call.pair_bonus_points if obj.is_pair else 0,
                "disagree": scores.disagree_strongly(spread=spread, max_total=max_total),
                "max_total": max_total,
            },
        )
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    def _intermediate(self, request, queryset, **kwargs):
        return intermediate_page(self, request, queryset, **kwargs)

    @admin.action(description=_("Назначить рецензентов"), permissions=["change"])
    def assign_reviewers(self, request, queryset):
        form = ReviewerChoiceForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return self._intermediate(
                request,
                queryset,
                form=form,
                title=_("Назначить рецензентов"),
                action="assign_reviewers",
            )
        made, already, refused = 0, 0, []
        for reviewed in queryset:
            for reviewer in form.cleaned_data["reviewers"]:
                try:
                    _assignment, created = services.add_reviewer(
                        reviewed=reviewed,
                        reviewer=reviewer,
                        stage=self.review_stage,
                        by=request.user,
                    )
                except PortalError as error:
                    refused.append(f"«{reviewed}»: {error.message}")
                    continue
                made, already = made + created, already + (not created)
        for level, text in assignment_messages(made, already):
            self.message_user(request, text, level)
        for line in refused:
            self.message_user(request, line, messages.WARNING)
        return None

    @admin.action(description=_("Назначить рецензентов автоматически"), permissions=["change"])
    def auto_assign(self, request, queryset):
        form = AutoAssignForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            note = _(
                "Нагрузка распределяется поровну; рецензент не оценивает заявки своей "
                "коалиции и заявки, по которым взял самоотвод."
            )
            return self._intermediate(
                request,
                queryset,
                form=form,
                title=_("Назначить рецензентов автоматически"),
                action="auto_assign",
                extra={"note": note},
            )
        try:
            made = services.auto_assign_reviewers(
                reviewed_items=queryset.filter(status__in=self.review_ready_statuses),
                per_item=form.cleaned_data["per_item"],
                reviewers=list(reviewers_queryset()),
                stage=self.review_stage,
                by=request.user,
            )
        except PortalError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        self.message_user(
            request,
            ngettext("Назначена %d рецензия.", "Назначено рецензий: %d.", made) % made,
            messages.SUCCESS,
        )
        return None
