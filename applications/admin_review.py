"""The review and selection desk in the admin: scores, ranks, reviewers, decisions.

Reviewers see only their own assignments (not by URL either); staff assign reviewers,
follow progress, read every review and decide. All writes go through
``applications.review`` and ``applications.services``.
"""

import datetime as dt
from html import escape as escape_html
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.utils import display_for_value, quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import roles
from calls.models import Call, Stage
from core.errors import PortalError
from core.http import ChosenObjectsField
from reviews.models import ReviewAssignment

from . import admin_decisions as decisions
from . import permissions, review
from .models import Application
from .review_freeze import active_reopening, scoring_closed

PAIR = Q(partner__isnull=False)


def is_programme_staff(user) -> bool:
    return user.is_superuser or user.groups.filter(name=roles.PROGRAMME_STAFF).exists()


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


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина или комментарий (необязательно, уйдёт заявителям в письме)"),
        required=False,
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# What staff read when they review, per reviewable model ("app_label.model" → template
# rendered with ``application``); the grants app adds its technical-support application.
ANSWERS_TEMPLATES = {"applications.application": "applications/_answers.html"}
# Per stage, the reviewables the progress page ranks: stage → (queryset, is_pair).
STAGE_REVIEWABLES = {
    Stage.WORKSHOP: (
        lambda call: (
            Application.objects.filter(call=call)
            .exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
            .select_related("coalition", "partner")
        ),
        PAIR,
    ),
}


def register_reviewable(*, model, stage: str, answers_template: str, queryset, is_pair: Q):
    """Let another app's reviewable use the review desk: the reviewer's page shows its
    answers with ``answers_template``; the progress page ranks ``queryset(call)``."""
    ANSWERS_TEMPLATES[model._meta.label_lower] = answers_template
    STAGE_REVIEWABLES[stage] = (queryset, is_pair)


class ReviewSelectionMixin:
    """Columns, actions and the review summary an admin of reviewables adds for selection.

    ``review_stage`` names the criteria used; ``review_pair`` tells pairs apart;
    ``review_ready_statuses`` are the statuses automatic assignment takes.
    """

    review_stage = Stage.WORKSHOP
    review_pair = PAIR
    review_ready_statuses = (Application.Status.SUBMITTED,)

    def may_see_reviews(self, user) -> bool:
        """The app's rule (its ``permissions.py``) for the reviews on the change page."""
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

    def score_queryset(self, queryset):
        # The page is ranked after pagination (``RankedChangeList``): a rank window in the
        # list's query would score and sort every row with all its columns first.
        return review.annotate_scores(
            queryset, stage=self.review_stage, is_pair=self.review_pair, with_rank=False
        )

    def get_changelist(self, request, **kwargs):
        return RankedChangeList

    def action_checkbox(self, obj):
        # The admin's own markup, without rendering a checkbox widget's template per row.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("балл"), ordering="score")
    def score_column(self, obj):
        if obj.score is None:
            return "—"
        if not review.disagree_strongly(spread=obj.spread, max_total=obj.max_total):
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
        rows = review.review_summary(obj)
        scored = [row["total"] for row in rows if row["total"] is not None]
        mean = sum(scored) / len(scored) if scored else None
        spread = max(scored) - min(scored) if len(scored) > 1 else None
        criteria = list(review.criteria_for(call=obj.call, stage=self.review_stage))
        max_total = sum(c.max_points * c.weight for c in criteria)
        html = render_to_string(
            "admin/applications/_review_summary.html",
            {
                "rows": rows,
                "criteria": criteria,
                "mean": mean,
                "spread": spread,
                "bonus": obj.call.pair_bonus_points if obj.is_pair else 0,
                "disagree": review.disagree_strongly(spread=spread, max_total=max_total),
                "max_total": max_total,
            },
        )
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    # --- actions --------------------------------------------------------------------

    def _intermediate(self, request, queryset, *, form, title, action, extra=None):
        return render(
            request,
            "admin/applications/intermediate_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "action": action,
                "queryset": queryset,
                "opts": self.model._meta,
                **(extra or {}),
            },
        )

    @admin.action(description=_("Назначить рецензентов"), permissions=["change"])
    def assign_reviewers(self, request, queryset):
        form = ReviewerChoiceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            made, already, refused = 0, 0, []
            for application in queryset:
                for reviewer in form.cleaned_data["reviewers"]:
                    try:
                        _assignment, created = review.add_reviewer(
                            reviewed=application,
                            reviewer=reviewer,
                            stage=self.review_stage,
                            by=request.user,
                        )
                    except PortalError as error:
                        refused.append(f"«{application}»: {error.message}")
                        continue
                    made, already = made + created, already + (not created)
            for level, text in decisions.assignment_messages(made, already):
                self.message_user(request, text, level)
            for line in refused:
                self.message_user(request, line, messages.WARNING)
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            title=_("Назначить рецензентов"),
            action="assign_reviewers",
        )

    @admin.action(description=_("Назначить рецензентов автоматически"), permissions=["change"])
    def auto_assign(self, request, queryset):
        form = AutoAssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                made = review.auto_assign_reviewers(
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
        return self._intermediate(
            request,
            queryset,
            form=form,
            title=_("Назначить рецензентов автоматически"),
            action="auto_assign",
            extra={
                "note": _(
                    "Нагрузка распределяется поровну; рецензент не оценивает заявки своей "
                    "коалиции и заявки, по которым взял самоотвод."
                )
            },
        )


class DecisionActionsMixin:
    """The workshop application's decisions: shortlist, select, reserve, reject."""

    def _decide(self, request, queryset, decision, action):
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        confirmed = "confirm_later_stages" in request.POST
        contradicted = [] if confirmed else decisions.contradictions(queryset, decision)
        if form.is_bound and form.is_valid() and not contradicted:
            outcome = decisions.decide_all(
                queryset,
                decision=decision,
                by=request.user,
                reason=form.cleaned_data["reason"],
                confirmed=confirmed,
            )
            for level, text in decisions.outcome_messages(outcome, decision):
                self.message_user(request, text, level)
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            title=_("Решение: %(decision)s") % {"decision": Application.Status(decision).label},
            action=action,
            extra={
                "capacity": selection_capacity(queryset),
                "contradicted": contradicted,
            },
        )

    @admin.action(description=_("Решение: в шорт-лист"), permissions=["change"])
    def shortlist(self, request, queryset):
        return self._decide(request, queryset, Application.Status.SHORTLISTED, "shortlist")

    @admin.action(description=_("Решение: отобрать на практикум"), permissions=["change"])
    def select(self, request, queryset):
        return self._decide(request, queryset, Application.Status.SELECTED, "select")

    @admin.action(description=_("Решение: в резерв"), permissions=["change"])
    def reserve(self, request, queryset):
        return self._decide(request, queryset, Application.Status.RESERVE, "reserve")

    @admin.action(description=_("Решение: отклонить"), permissions=["change"])
    def reject(self, request, queryset):
        return self._decide(request, queryset, Application.Status.REJECTED, "reject")


class RankedChangeList(ChangeList):
    """The admin list with each row's place in its call among the filtered rows."""

    def get_queryset(self, request, exclude_parameters=None):
        # The list reads a few columns; the answers and the call's texts in three
        # languages would be read, joined and sorted for every filtered row.
        queryset = super().get_queryset(request, exclude_parameters)
        columns = getattr(self.model_admin, "list_only", None)
        return queryset.only(*columns) if columns else queryset

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Each row links to its change page with the list's filters to return to. The
        # admin adds them per row through ``add_preserved_filters``, which resolves every
        # row's URL to learn it is not the list (~300 calls a row); the same query string
        # is added here once, and the admin is given nothing more to add.
        self.row_link_query, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = self._change_url(result)
        return f"{url}?{self.row_link_query}" if self.row_link_query else url

    def _change_url(self, result):
        # One reverse() per page instead of one per row: the change URL of a stand-in key,
        # then the row's key in its place.
        if not hasattr(self, "_change_url_parts"):
            standin = super().url_for_result(self.model(pk=0))
            end = "/0/change/"
            self._change_url_parts = (
                (standin[: -len(end)], "change/") if standin.endswith(end) else None
            )
        if self._change_url_parts is None:
            return super().url_for_result(result)
        start, end = self._change_url_parts
        return f"{start}/{quote(getattr(result, self.pk_attname))}/{end}"

    def rows(self) -> list | None:
        """The page's rows, each a list of cells, written as the admin's ``items_for_result``
        writes them for these columns (the checkbox, ``__str__`` and display methods), with
        a few calls a cell where the admin makes ~60: the columns are looked up once a page
        instead of once a cell. None for a list this does not write (editable, a pop-up, a
        column that is the model's field or a yes/no icon): the admin writes those rows."""
        columns = self._row_columns()
        if columns is None:
            return None
        query = urlencode(dict(parse_qsl(self.row_link_query)))  # as add_preserved_filters
        default_empty = self.model_admin.get_empty_value_display()
        rows = []
        for result in self.result_list:
            cells = []
            for read, empty, css, tag, name in columns:
                try:
                    value = read(result)
                except ObjectDoesNotExist:  # a related row that is gone: the admin's dash
                    shown, css = _html(default_empty), f"field-{name}"
                else:
                    if isinstance(value, str) and value.strip() == "":
                        value = ""
                    shown = _html(display_for_value(value, empty))
                    if isinstance(value, (dt.date, dt.time)):
                        css = f"{css} nowrap"
                if tag:
                    try:
                        url = self._change_url(result)
                    except NoReverseMatch:
                        pass
                    else:
                        url = escape_html(f"{url}?{query}" if query else url)
                        shown = f'<a href="{url}">{shown}</a>'
                cell = f'<{tag or "td"} class="{css}">{shown}</{tag or "td"}>'
                cells.append(mark_safe(cell))  # noqa: S308 — its parts are escaped above
            rows.append(ResultList(None, cells))
        return rows

    def _row_columns(self) -> list | None:
        if getattr(self, "formset", None) is not None or self.is_popup:
            return None
        empty = self.model_admin.get_empty_value_display()
        links = self.list_display_links
        columns, linked = [], False
        for name in self.list_display:
            if not isinstance(name, str) or _is_field(self.opts, name):
                return None
            if name == "__str__":
                read, attr = str, self.model.__str__
            elif hasattr(self.model_admin, name):
                read = attr = getattr(self.model_admin, name)
            else:
                return None
            if getattr(attr, "boolean", False):
                return None
            link = links is not None and ((not links and not linked) or name in links)
            tag = ("td" if linked else "th") if link else ""
            linked = linked or link
            css = "action-checkbox" if name == "action_checkbox" else f"field-{name}"
            columns.append((read, getattr(attr, "empty_value_display", empty), css, tag, name))
        return columns

    def get_results(self, request):
        super().get_results(request)
        # The page's rows are picked by a narrow query (same filters, order and slice;
        # from the index alone where it can be), then read by their ids: picking them
        # with all their columns read every filtered row's columns before sorting.
        ids = list(self.result_list.values_list("pk", flat=True))
        rows = self.queryset.order_by().in_bulk(ids)
        self.result_list = [rows[pk] for pk in ids if pk in rows]
        review.rank_rows(
            self.result_list,
            queryset=self.queryset,
            stage=self.model_admin.review_stage,
            is_pair=self.model_admin.review_pair,
        )


def _html(value) -> str:
    """``conditional_escape`` without its lazy-text wrapper (called for every cell)."""
    return value.__html__() if hasattr(value, "__html__") else escape_html(str(value))


def _is_field(opts, name: str) -> bool:
    try:
        opts.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def selection_capacity(queryset) -> list[dict]:
    """Per call of the rows: the workshop's places and how many are selected so far."""
    return calls_capacity(Call.objects.filter(pk__in=queryset.order_by().values("call_id")))


def calls_capacity(calls) -> list[dict]:
    """Per call: the workshop's places and how many are selected so far (one query)."""
    selected = Count("applications", filter=Q(applications__status=Application.Status.SELECTED))
    return [
        {"call": call, "selected": call.selected, "capacity": call.workshop_capacity}
        for call in calls.annotate(selected=selected)
        .only("title", "workshop_capacity")
        .order_by("-application_deadline", "pk")
    ]


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
            review.criteria_for(call=self.instance.call, stage=self.instance.stage)
        )
        existing = {s.criterion_id: s for s in self.instance.scores.all()}
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
                help_text=criterion.tr("guidance"),
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


class ReviewedChangeList(ChangeList):
    """Fetches what the page's rows review with one query per reviewable model — whichever
    models the page happens to hold — so the list costs the same queries at any size."""

    def get_results(self, request):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        super().get_results(request)
        self.result_list = list(self.result_list)
        wanted: dict[int, set] = {}
        for row in self.result_list:
            wanted.setdefault(row.content_type_id, set()).add(row.object_id)
        for label in ANSWERS_TEMPLATES:
            model = apps.get_model(label)
            content_type = ContentType.objects.get_for_model(model)
            # [0] when the page holds none: the query runs anyway and finds nothing.
            ids = wanted.get(content_type.pk) or {0}
            found = {obj.pk: obj for obj in model._default_manager.filter(pk__in=ids)}
            for row in self.result_list:
                if row.content_type_id == content_type.pk:
                    row.reviewed = found.get(row.object_id)


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
        if is_programme_staff(request.user):
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
        if not is_programme_staff(request.user):
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
            for criterion in review.criteria_for(call=obj.call, stage=obj.stage):
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
        template = ANSWERS_TEMPLATES.get(
            obj.content_type.app_label + "." + obj.content_type.model, "applications/_answers.html"
        )
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
            row for row in review.review_summary(obj.reviewed) if row["assignment"].pk != obj.pk
        ]
        criteria = list(review.criteria_for(call=obj.call, stage=obj.stage))
        html = render_to_string(
            "admin/applications/_review_summary.html",
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
            if obj.reviewer_id == request.user.pk and obj.status != ReviewAssignment.Status.RECUSED
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        points = {c.pk: form.cleaned_data[f"points_{c.pk}"] for c in form.criteria}
        comments = {c.pk: form.cleaned_data.get(f"comment_{c.pk}", "") for c in form.criteria}
        try:
            review.submit_review(
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
            recused = review.declare_conflict(
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
            "admin/applications/intermediate_action.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Заявить конфликт интересов"),
                "form": form,
                "opts": self.model._meta,
                "single": assignment,
            },
        )

    def progress_view(self, request):
        if not is_programme_staff(request.user):
            raise PermissionDenied
        calls = Call.objects.order_by("-application_deadline")
        call = calls.filter(pk=request.GET.get("call") or 0).first() or calls.first()
        stage = request.GET.get("stage")
        stage = stage if stage in STAGE_REVIEWABLES else Stage.WORKSHOP
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
        reviewables, is_pair = STAGE_REVIEWABLES[stage]
        meta = reviewables(call).model._meta
        applications = list(
            review.annotate_scores(
                reviewables(call), stage=stage, is_pair=is_pair, with_rank=False
            ).order_by(F("score").desc(nulls_last=True), "-wins_ties", "pk")
        )
        review.assign_ranks(applications)
        return render(
            request,
            "admin/applications/review_progress.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Ход оценки"),
                "calls": calls,
                "call": call,
                "stage": stage,
                "change_url_name": f"admin:{meta.app_label}_{meta.model_name}_change",
                "stages": [(value, Stage(value).label) for value in STAGE_REVIEWABLES],
                "by_reviewer": by_reviewer,
                "applications": applications,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Отвести рецензента (конфликт интересов)"), permissions=["view"])
    def staff_recuse(self, request, queryset):
        if not is_programme_staff(request.user):
            raise PermissionDenied
        for assignment in queryset:
            review.recuse_reviewer(assignment=assignment, by=request.user, reason="")
        self.message_user(request, _("Рецензенты отведены."), messages.SUCCESS)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("В чём конфликт интересов"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Опишите, в чём конфликт интересов.")},
    )
