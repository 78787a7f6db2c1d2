"""Sending a technical-support request (and sending it again), withdrawing it, and staff
declining it."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.sections import MissingAnswer
from calls.form_services import freeze, problems, sections_of
from core.errors import PortalError
from core.lifecycle import move

from .institutional import INSTITUTIONAL
from .models import TechnicalSupportApplication
from .services import (
    cost_verdict,
    ensure_open,
    institutional_cost_message,
    locked_request,
    request_version,
)

Status = TechnicalSupportApplication.Status


def missing_answers(application: TechnicalSupportApplication) -> list[MissingAnswer]:
    """Everything the request still needs before it can be submitted, in form order: the
    checks of the blocks the rules rely on (title, activities, results, budget lines) and
    the answers the form version requires (``calls.form_services.problems``); each names
    its section and field so the list links to it."""
    version = request_version(application)
    missing: list[MissingAnswer] = []
    found: dict[str, list[str]] = {}
    for problem in problems(version, application.answers, final=True):
        found.setdefault(problem.question, []).append(problem.message)
    for section, questions in sections_of(version):
        for question in questions:
            if question.is_fixed:
                check = _FIXED_CHECKS.get(question.fixed)
                texts = [text for _field, text in check(application, question)] if check else []
            else:
                texts = found.get(question.key, [])
            missing += [MissingAnswer(section.key, question.key, str(text)) for text in texts]
    return missing


def _title_problems(application: TechnicalSupportApplication, question):
    if not application.title.strip():
        yield "title", _("Заполните поле «%(label)s».") % {"label": question.tr("label")}


def _activity_problems(application: TechnicalSupportApplication, question=None):
    end = application.call.implementation_end
    activities = list(application.activities.all())
    if not activities:
        yield "activities", _("Добавьте хотя бы одно мероприятие с датами.")
    for number, activity in enumerate(activities, start=1):
        if activity.starts_on is None or activity.ends_on is None:
            yield (
                "activities",
                _("Мероприятие %(number)s: укажите даты начала и окончания.") % {"number": number},
            )
        elif end and activity.ends_on > end:
            yield (
                "activities",
                _("Мероприятие %(number)s заканчивается после %(end)s.")
                % {"number": number, "end": date_format(end, "j E Y")},
            )


def _result_problems(application: TechnicalSupportApplication, question=None):
    results = list(application.results.all())
    if not results:
        yield "results", _("Опишите хотя бы один ожидаемый результат.")
    for number, result in enumerate(results, start=1):
        if not (result.indicator.strip() and result.target.strip()):
            yield (
                "results",
                _("Результат %(number)s: укажите индикатор и целевое значение.")
                % {"number": number},
            )


def _budget_problems(application: TechnicalSupportApplication, question=None):
    call = application.call
    lines = list(application.budget_lines.all())
    if not lines:
        yield "budget_lines", _("Добавьте хотя бы одну строку бюджета.")
    for line in lines:
        verdict = cost_verdict(call=call, text=f"{line.description} {line.unit}")
        if verdict.kind == INSTITUTIONAL:
            yield (
                "budget_lines",
                institutional_cost_message(
                    call=call, description=line.description, verdict=verdict
                ),
            )


# What each block the rules rely on checks before the request is sent.
_FIXED_CHECKS = {
    "title": _title_problems,
    "activities": _activity_problems,
    "results": _result_problems,
    "budget_lines": _budget_problems,
}


@transaction.atomic
def submit_support_request(
    *, application: TechnicalSupportApplication, by
) -> TechnicalSupportApplication:
    """Send the request (or send it again after changes) before the support deadline.
    Sending a request that is sent and unchanged does nothing (two tabs, a double click)."""
    application = locked_request(application)
    if application.status == Status.SUBMITTED and not application.has_unsent_changes:
        return application
    ensure_open(application)
    missing = missing_answers(application)
    if missing:
        raise PortalError(
            _("Заявка не отправлена: не хватает ответов (%(count)s). Проверьте список ниже.")
            % {"count": len(missing)}
        )
    note = _("повторная отправка") if application.status == Status.SUBMITTED else ""
    freeze(application.form_version)  # from now on staff's changes make a new version
    application.version += 1
    application.submitted_at = timezone.now()
    application.has_unsent_changes = False
    move(
        application,
        Status.SUBMITTED,
        by=by,
        note=note,
        update_fields=["version", "submitted_at", "has_unsent_changes", "updated_at"],
    )
    return application


@transaction.atomic
def withdraw_support_request(
    *, application: TechnicalSupportApplication, by
) -> TechnicalSupportApplication:
    application = locked_request(application)
    ensure_open(application)
    move(application, Status.WITHDRAWN, by=by, update_fields=["updated_at"])
    return application


@transaction.atomic
def decline_support_request(
    *, application: TechnicalSupportApplication, by, reason: str = ""
) -> TechnicalSupportApplication:
    """Staff decide not to support a submitted request (one without an award)."""
    application = locked_request(application)
    if hasattr(application, "award"):
        raise PortalError(_("По заявке уже присуждена поддержка."))
    move(application, Status.NOT_SUPPORTED, by=by, note=reason, update_fields=["updated_at"])
    return application
