"""Writes and rules of the technical-support application.

Every function is keyword-only, runs in one transaction and raises ``PortalError`` with a
message a person can read when a rule says no. Sending a request is in
``grants.submission``, awards in ``grants.awards``, contracts in ``grants.contracts``.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Application
from calls import form_services
from calls.answer_files import store_uploads
from calls.models import Call, Form
from coalitions.models import Coalition
from core.errors import PortalError
from workshops.models import Event, Participant

from .form_answers import merge_section, section_questions, version_of
from .institutional import DOUBTFUL, INSTITUTIONAL, Verdict, classify, parse_markers
from .models import (
    Activity,
    BudgetLine,
    ExpectedResult,
    TechnicalSupportApplication,
)

CENT = Decimal("0.01")
Status = TechnicalSupportApplication.Status


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def line_total(*, quantity, unit_cost) -> Decimal:
    """Quantity × unit cost, rounded to the tyiyn (half up), as Decimal."""
    return money(Decimal(quantity) * Decimal(unit_cost))


# --- Who may apply, and when ------------------------------------------------------------


def workshop_coalition_ids(call: Call, *, among=None) -> set[int]:
    """Coalitions that took part in the call's workshop: those with participants in one of
    its workshop events; the selected coalitions when the call has no workshop event.
    ``among`` (coalition ids) limits the answer to those coalitions."""
    events = Event.objects.filter(call=call, kind=Event.Kind.WORKSHOP)
    if events.exists():
        participants = Participant.objects.filter(event__in=events)
        if among is not None:
            participants = participants.filter(coalition_id__in=among)
        return set(participants.values_list("coalition_id", flat=True))
    from workshops.services import selected_coalition_ids

    selected = selected_coalition_ids(call)
    return selected if among is None else selected & set(among)


def opens_at(call: Call, *, last_day: dt.date | None = None) -> dt.datetime | None:
    """Applications open when the workshop is over: at midnight (Bishkek) after its last day
    (``last_day``, when the caller has read it)."""
    last_day = (
        last_day
        or (
            Event.objects.filter(call=call, kind=Event.Kind.WORKSHOP)
            .order_by("-ends_on")
            .values_list("ends_on", flat=True)
            .first()
        )
        or call.workshop_end
    )
    if last_day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time()))


def _now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


def accepts_requests(call: Call, *, last_day: dt.date | None = None) -> bool:
    """Open from the end of the workshop until the call's technical-support deadline."""
    start, deadline = opens_at(call, last_day=last_day), call.support_deadline
    if start is None or deadline is None or call.status == Call.Status.ARCHIVED:
        return False
    return start <= _now() <= deadline


def _format(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j E Y, H:i:s")


def ensure_open(application: TechnicalSupportApplication) -> None:
    if application.status not in TechnicalSupportApplication.EDITABLE:
        raise PortalError(_("По заявке уже принято решение: её больше нельзя менять."))
    call = application.call
    if not accepts_requests(call):
        start = opens_at(call)
        if start is not None and _now() < start:
            raise PortalError(
                _("Приём заявок на техническую поддержку начнётся %(start)s (время Бишкека).")
                % {"start": _format(start)}
            )
        if call.support_deadline is None:
            raise PortalError(_("Срок приёма заявок на техническую поддержку ещё не объявлен."))
        raise PortalError(
            _(
                "Приём заявок на техническую поддержку закрыт: крайний срок был %(deadline)s "
                "(время Бишкека)."
            )
            % {"deadline": _format(call.support_deadline)}
        )


def applicants_for(
    *, call: Call, coalition: Coalition
) -> tuple[Coalition, Coalition | None, Application | None]:
    """The coalition (and its pair, when both took part in the workshop as a pair) that may
    ask for support; ``PortalError`` when the coalition did not take part."""
    took_part = workshop_coalition_ids(call)
    if coalition.pk not in took_part:
        raise PortalError(
            _(
                "Подать заявку на техническую поддержку могут только коалиции, которые "
                "участвовали в семинаре-практикуме этого конкурса."
            )
        )
    workshop_application = (
        Application.objects.filter(call=call, status=Application.Status.SELECTED)
        .filter(Q(coalition=coalition) | Q(partner=coalition, partner_confirmed_at__isnull=False))
        .select_related("coalition", "partner")
        .first()
    )
    if (
        workshop_application is not None
        and workshop_application.partner_id
        and workshop_application.partner_confirmed_at
        and {workshop_application.coalition_id, workshop_application.partner_id} <= took_part
    ):
        return workshop_application.coalition, workshop_application.partner, workshop_application
    return coalition, None, workshop_application


def request_of(call: Call, coalition: Coalition) -> TechnicalSupportApplication | None:
    return (
        TechnicalSupportApplication.objects.filter(call=call)
        .filter(Q(coalition=coalition) | Q(partner=coalition))
        .select_related("coalition", "partner")
        .first()
    )


@transaction.atomic
def start_support_request(*, call: Call, coalition: Coalition, by) -> TechnicalSupportApplication:
    """Open a draft for a coalition that took part in the workshop (for the pair, when it
    took part as a pair). One request per coalition per call."""
    if not Coalition.objects.editable_by(by).filter(pk=coalition.pk).exists():
        raise PortalError(_("Начать заявку могут только владелец или редактор коалиции."))
    lead, partner, workshop_application = applicants_for(call=call, coalition=coalition)
    if not accepts_requests(call):
        raise PortalError(_("Сейчас заявки на техническую поддержку не принимаются."))
    for member in (lead, partner):
        if member is not None and request_of(call, member) is not None:
            raise PortalError(
                _("Коалиция «%(name)s» уже участвует в заявке на техническую поддержку.")
                % {"name": member.name}
            )
    version = form_services.ensure_version(call, Form.Kind.SUPPORT_REQUEST)
    try:
        with transaction.atomic():
            return TechnicalSupportApplication.objects.create(
                call=call,
                coalition=lead,
                partner=partner,
                workshop_application=workshop_application,
                title=workshop_application.idea_title if workshop_application else "",
                form_version=version,
                answers=_carried_over(workshop_application, version),
                created_by=by,
            )
    except IntegrityError as exc:
        raise PortalError(_("Коалиция уже участвует в заявке на техническую поддержку.")) from exc


# The workshop application's answers a new request starts from, when its form asks them.
CARRIED_OVER = ("decision_makers",)


def _carried_over(workshop_application, version) -> dict:
    if workshop_application is None:
        return {}
    asked = {q.key for q in form_services.questions_of(version) if not q.is_fixed}
    document = workshop_application.answers
    return {key: document[key] for key in CARRIED_OVER if key in asked and key in document}


# --- Institutional costs ----------------------------------------------------------------


def cost_verdict(*, call: Call, text: str) -> Verdict:
    """Fine, doubtful or institutional (see ``grants.institutional``), with the call's own
    extra markers."""
    from .contracts import terms_for

    return classify(text, markers=parse_markers(terms_for(call).excluded_cost_words))


def institutional_cost_message(*, call: Call, description: str, verdict: Verdict) -> str:
    from .contracts import terms_for

    return _(
        "«%(description)s»: это институциональные расходы организации (%(why)s), их не "
        "поддерживают. Условия конкурса: «%(rule)s» Поддержка даётся в натуральной форме: "
        "эксперт, материалы, мероприятия, менторство. Если строка нужна кампании, опишите, "
        "для какого её мероприятия или результата."
    ) % {
        "description": description,
        "why": verdict.label,
        "rule": terms_for(call).excluded_costs_rule.strip(),
    }


def check_budget_line(*, call: Call, description: str, unit: str = "") -> Verdict:
    """Refuse a line for the organisation's own costs (staff pay, office, utilities,
    equipment for it, overheads); a doubtful line is let through, flagged for staff."""
    verdict = cost_verdict(call=call, text=f"{description} {unit}")
    if verdict.kind == INSTITUTIONAL:
        raise PortalError(
            institutional_cost_message(call=call, description=description, verdict=verdict)
        )
    return verdict


def _flag_rows(call: Call, rows: list[dict], before) -> None:
    """Check each row; a doubtful one keeps the decision staff made on the same line
    (same description and unit) before it was saved again."""
    decided = {
        (line.description.strip(), line.unit.strip()): line
        for line in before
        if line.cost_flag and line.cost_decision
    }
    for row in rows:
        verdict = check_budget_line(
            call=call, description=row["description"], unit=row.get("unit", "")
        )
        row["cost_flag"] = verdict.reason if verdict.kind == DOUBTFUL else ""
        row.update(cost_decision="", cost_decision_reason="", cost_decided_by=None)
        row["cost_decided_at"] = None
        earlier = decided.get((row["description"].strip(), (row.get("unit") or "").strip()))
        if row["cost_flag"] and earlier is not None:
            for name in DECISION_FIELDS:
                row[name] = getattr(earlier, name)


DECISION_FIELDS = ("cost_decision", "cost_decision_reason", "cost_decided_by", "cost_decided_at")


# --- Saving answers ---------------------------------------------------------------------

ROW_MODELS = {"activities": Activity, "results": ExpectedResult, "budget_lines": BudgetLine}


def locked_request(application) -> TechnicalSupportApplication:
    """The request's row, locked until the transaction ends."""
    return (
        TechnicalSupportApplication.objects.select_for_update(of=("self",))
        .select_related("call", "form_version__form")
        .get(pk=application.pk)
    )


def request_version(application: TechnicalSupportApplication):
    """The form version the request answers (a draft follows the call's newest one)."""
    return version_of(
        application,
        Form.Kind.SUPPORT_REQUEST,
        application.call,
        is_draft=application.status == Status.DRAFT,
    )


@transaction.atomic
def save_support_section(
    *,
    application: TechnicalSupportApplication,
    section: str,
    answers: dict,
    by,
    uploads: dict | None = None,
) -> TechnicalSupportApplication:
    """Store one section's answers as typed (a draft may be incomplete): the answers to
    the section's questions into the request's document (other sections' answers, and
    answers to questions a condition hides, are kept), the fixed blocks into their tables.

    Rows replace the previous rows, so saving twice never duplicates them. Budget lines
    for institutional costs are refused; line totals and the requested total are computed
    here, in Decimal.
    """
    application = locked_request(application)
    ensure_open(application)
    version = request_version(application)
    fixed = {q.fixed for q in section_questions(version, section) if q.is_fixed}
    document = merge_section(version, application.answers, section, answers)
    document = store_uploads(document, uploads or {})
    changed = document != application.answers
    application.answers = document
    update = ["answers"]
    if "title" in fixed and "title" in answers:
        changed |= application.title != answers["title"]
        application.title = answers["title"]
        update.append("title")
    for name in ROW_MODELS:
        if name in fixed and name in answers:
            changed |= _replace_rows(application, name, answers[name])
            if name == "budget_lines":
                update.append("requested_total")
    if changed and application.status == Status.SUBMITTED:
        application.has_unsent_changes = True
    application.save(update_fields=[*update, "has_unsent_changes", "updated_at"])
    return application


def _replace_rows(application: TechnicalSupportApplication, name: str, answered) -> bool:
    """The block's rows become ``answered``; whether they changed."""
    rows = [dict(row) for row in answered]
    related = getattr(application, name)
    if name == "budget_lines":
        _flag_rows(application.call, rows, related.all())
        for row in rows:
            row["total"] = line_total(quantity=row["quantity"], unit_cost=row["unit_cost"])
    keys = list(rows[0]) if rows else []
    before = [{k: getattr(obj, k) for k in keys} for obj in related.all()]
    changed = before != rows or len(before) != related.count()
    related.all().delete()
    ROW_MODELS[name].objects.bulk_create(
        ROW_MODELS[name](application=application, position=i, **row) for i, row in enumerate(rows)
    )
    if name == "budget_lines":
        application.requested_total = sum((r["total"] for r in rows), start=Decimal("0"))
    return changed
