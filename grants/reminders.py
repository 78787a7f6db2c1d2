"""What grants give reminders: each report's due date; grantees with a report due or
overdue, grantees whose contract waits for their signature, and workshop coalitions that
have not applied for technical support."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalitions.models import Membership
from coalitions.permissions import EDIT_ROLES
from notifications import registry
from notifications.registry import Occurrence, Recipient

from .models import Contract, Report, TechnicalSupportApplication

OPEN_REPORT = [Report.Status.DRAFT, Report.Status.CHANGES_REQUESTED]


@registry.reminder_date("report_due", label=_("Срок сдачи отчёта о кампании"))
def report_due_dates(call):
    """One occurrence per report of the call's awards, on its own due date. Only the key
    and the date are read: a report's texts are long, and every dashboard and reminder
    run walks every report of each reminding call (audiences ask ``target.pk`` only)."""
    reports = Report.objects.filter(award__call=call).only("pk", "due_on")
    for report in reports.order_by("due_on", "pk"):
        yield Occurrence(key=f"report:{report.pk}", at=report.due_on, target=report)


def _people(coalition_ids, *, user=None):
    """Owners and editors of the coalitions, each person once, with one of their coalitions."""
    memberships = (
        Membership.objects.filter(
            coalition_id__in=coalition_ids, role__in=list(EDIT_ROLES), user__is_active=True
        )
        .select_related("user", "coalition")
        .order_by("user_id", "coalition_id")
    )
    if user is not None:
        memberships = memberships.filter(user=user)
    seen = set()
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            yield membership


def _recipient(membership, *, link, about=""):
    return Recipient.of_person(membership.user, link=link, about=about)


@registry.audience(
    "grantees_report_due",
    label=_("Грантополучатели с отчётом к сдаче или просроченным"),
    help_text=_(
        "С датой «Срок сдачи отчёта»: владельцы и редакторы коалиций, чей отчёт ещё не "
        "отправлен (или возвращён на исправление); ссылка ведёт к отчёту."
    ),
)
def grantees_report_due(*, rule, occurrence: Occurrence, user=None):
    reports = Report.objects.filter(award__call=rule.call, status__in=OPEN_REPORT)
    if occurrence is not None and isinstance(occurrence.target, Report):
        reports = reports.filter(pk=occurrence.target.pk)
    for report in reports.select_related("award__application").order_by("due_on", "pk"):
        application = report.award.application
        link = reverse("grants:report", kwargs={"pk": report.pk})
        for membership in _people(application.coalition_ids(), user=user):
            yield _recipient(membership, link=link, about=application.title)


@registry.audience(
    "contracts_awaiting_signature",
    label=_("Грантополучатели, не подписавшие договор"),
    help_text=_(
        "Владельцы и редакторы коалиций, которым договор отправлен на подпись, а скан "
        "подписанного договора ещё не загружен."
    ),
)
def contracts_awaiting_signature(*, rule, occurrence: Occurrence, user=None):
    contracts = Contract.objects.filter(call=rule.call, status=Contract.Status.SENT)
    for contract in contracts.select_related("award__application").order_by("pk"):
        application = contract.award.application
        link = reverse("portal:dashboard")
        for membership in _people(application.coalition_ids(), user=user):
            yield _recipient(membership, link=link, about=f"№ {contract.number}")


@registry.audience(
    "workshop_coalitions_without_support_application",
    label=_("Участники практикума без заявки на техническую поддержку"),
    help_text=_(
        "Владельцы и редакторы коалиций, участвовавших в практикуме, которые ещё не "
        "отправили заявку на техническую поддержку (сами или в паре)."
    ),
)
def workshop_coalitions_without_support_application(*, rule, occurrence, user=None):
    from workshops.models import Participant

    participants = Participant.objects.filter(event__call=rule.call)
    applied = TechnicalSupportApplication.objects.filter(call=rule.call).exclude(
        status__in=[
            TechnicalSupportApplication.Status.DRAFT,
            TechnicalSupportApplication.Status.WITHDRAWN,
        ]
    )
    if user is not None:
        # The dashboard asks for one person: their coalitions only, not the whole call's.
        mine = Membership.objects.filter(user=user, role__in=list(EDIT_ROLES)).values(
            "coalition_id"
        )
        participants = participants.filter(coalition_id__in=mine)
    # Without the participants' ordering (by call, coalition name, person): a set is made.
    took_part = set(participants.order_by().values_list("coalition_id", flat=True))
    if not took_part:
        return
    done = set()
    for coalition_id, partner_id in applied.order_by().values_list("coalition_id", "partner_id"):
        done |= {coalition_id, partner_id}
    waiting = took_part - done
    link = reverse("portal:dashboard")
    for membership in _people(waiting, user=user):
        yield _recipient(membership, link=link, about=membership.coalition.name)
