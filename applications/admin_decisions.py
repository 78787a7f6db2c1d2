"""The workshop application's decisions in the admin (shortlist, select, reserve, reject):
what a decision would contradict, deciding each application, what staff are told
afterwards (who could not be told), and the workshop's places per call."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call
from core.errors import PortalError

from . import decisions, later_stages, submission
from .models import Application


@dataclass
class Outcome:
    done: int = 0
    refused: list[str] = field(default_factory=list)
    untold: list[Application] = field(default_factory=list)


def contradictions(queryset, decision: str) -> list[dict]:
    """Per application, what later stages hold that ``decision`` would contradict."""
    rows = []
    for application in queryset:
        if not application.can_move_to(decision):
            continue  # refused anyway, with its own message
        held = later_stages.contradicted_by(application, decision)
        if held:
            rows.append({"application": application, "held": held})
    return rows


def decide_all(queryset, *, decision: str, by, reason: str, confirmed: bool) -> Outcome:
    outcome = Outcome()
    for application in queryset:
        try:
            decisions.decide_application(
                application=application,
                decision=decision,
                by=by,
                reason=reason,
                confirmed=confirmed,
            )
        except PortalError as error:
            outcome.refused.append(f"«{application}»: {error}")
            continue
        outcome.done += 1
        if not submission.application_recipients(application).exists():
            outcome.untold.append(application)
    return outcome


def outcome_messages(outcome: Outcome, decision: str) -> list[tuple[int, str]]:
    label = Application.Status(decision).label
    lines = [
        (
            messages.SUCCESS if outcome.done else messages.WARNING,
            _("Решение «%(decision)s» принято по заявкам: %(count)d.")
            % {"decision": label, "count": outcome.done},
        )
    ]
    lines += [(messages.WARNING, line) for line in outcome.refused]
    if outcome.untold:
        names = ", ".join(f"«{a}» ({a.applicants})" for a in outcome.untold)
        lines.append(
            (
                messages.WARNING,
                _(
                    "Некому сообщить о решении: у коалиций этих заявок нет владельцев или "
                    "редакторов на портале, письмо не отправлено — сообщите им сами: %(names)s."
                )
                % {"names": names},
            )
        )
    return lines


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Причина или комментарий (необязательно, уйдёт заявителям в письме)"),
        required=False,
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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


class DecisionActionsMixin:
    """The workshop application's decisions: shortlist, select, reserve, reject."""

    def _decide(self, request, queryset, decision, action):
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        confirmed = "confirm_later_stages" in request.POST
        contradicted = [] if confirmed else contradictions(queryset, decision)
        if form.is_bound and form.is_valid() and not contradicted:
            outcome = decide_all(
                queryset,
                decision=decision,
                by=request.user,
                reason=form.cleaned_data["reason"],
                confirmed=confirmed,
            )
            for level, text in outcome_messages(outcome, decision):
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
            template="admin/applications/decision.html",
        )

    @admin.action(description=gettext_lazy("Решение: в шорт-лист"), permissions=["change"])
    def shortlist(self, request, queryset):
        return self._decide(request, queryset, Application.Status.SHORTLISTED, "shortlist")

    @admin.action(
        description=gettext_lazy("Решение: отобрать на практикум"), permissions=["change"]
    )
    def select(self, request, queryset):
        return self._decide(request, queryset, Application.Status.SELECTED, "select")

    @admin.action(description=gettext_lazy("Решение: в резерв"), permissions=["change"])
    def reserve(self, request, queryset):
        return self._decide(request, queryset, Application.Status.RESERVE, "reserve")

    @admin.action(description=gettext_lazy("Решение: отклонить"), permissions=["change"])
    def reject(self, request, queryset):
        return self._decide(request, queryset, Application.Status.REJECTED, "reject")
