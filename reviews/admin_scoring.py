"""Staff reopen a call's frozen scoring, recorded: the Call admin's action and the list of
every reopening (read only)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from calls.models import Stage
from core.errors import PortalError

from . import freeze
from .models import ScoringReopening


class ReopenScoringForm(forms.Form):
    stage = forms.ChoiceField(label=_("Этап"), choices=Stage.choices, initial=Stage.WORKSHOP)
    until = forms.DateTimeField(
        label=_("Открыть до (время Бишкека)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Укажите, до какого момента оценка открыта."),
            "invalid": _("Укажите дату и время, например 2027-06-30 18:00."),
        },
    )
    reason = forms.CharField(
        label=_("Почему оценка открывается заново"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишите, почему оценка открывается заново.")},
    )


class ReopenScoringMixin:
    """The Call admin's action «Открыть оценку заново»."""

    actions = ["reopen_scoring"]

    @admin.action(description=_("Открыть оценку заново (с записью)"), permissions=["change"])
    def reopen_scoring(self, request, queryset):
        form = ReopenScoringForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            for call in queryset:
                try:
                    freeze.reopen_scoring(
                        call=call,
                        stage=data["stage"],
                        until=data["until"],
                        reason=data["reason"],
                        by=request.user,
                    )
                except PortalError as error:
                    form.add_error(None, error.message)
                    break
                self.message_user(
                    request,
                    _gettext("Оценка по конкурсу «%(call)s» открыта заново и записана.")
                    % {"call": call},
                    messages.SUCCESS,
                )
            else:
                return None
        return render(
            request,
            "admin/reviews/reopen_scoring.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Открыть оценку заново"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
            },
        )


@admin.register(ScoringReopening)
class ScoringReopeningAdmin(admin.ModelAdmin):
    """Every reopening of scoring: who, when, why, until when. A record: never changed."""

    list_display = ["call", "stage", "until", "reopened_by", "reopened_at", "reason"]
    list_filter = ["call", "stage"]
    list_select_related = ["call", "reopened_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
