"""Pairs of coalitions for a call: invitations, answers, dissolving — and the rules that
keep one confirmed pair per coalition and call.

Every function is keyword-only, runs in one transaction and raises ``PortalError`` with
a message a person can read when a rule says no; the pair's status moves through
``core.lifecycle.move``.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from calls.models import Call
from core.errors import PortalError
from core.lifecycle import move
from notifications.services import send_notification

from . import permissions
from .models import Coalition, Partnership


def _move(partnership: Partnership, to: str, *, by: User, coalition: Coalition, at):
    change = move(partnership, to, by=by, at=at)
    change.by_coalition = coalition
    change.save(update_fields=["by_coalition"])


def _lock(*coalitions: Coalition) -> None:
    # Lock both coalitions in a fixed order, so two acceptances at once queue up instead
    # of both seeing "no confirmed pair yet"; the fixed order avoids deadlocks.
    list(
        Coalition.objects.select_for_update()
        .filter(pk__in=[c.pk for c in coalitions])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def involving(coalition: Coalition) -> Q:
    return Q(inviter=coalition) | Q(invitee=coalition)


def confirmed_pair(*, coalition: Coalition, call: Call) -> Partnership | None:
    """The coalition's confirmed pair for the call, if it has one."""
    return (
        Partnership.objects.filter(
            involving(coalition), call=call, status=Partnership.Status.CONFIRMED
        )
        .select_related("inviter", "invitee")
        .first()
    )


def _has_confirmed_pair(coalition: Coalition, call: Call) -> bool:
    return Partnership.objects.filter(
        involving(coalition), call=call, status=Partnership.Status.CONFIRMED
    ).exists()


def _require_open(call: Call, at) -> None:
    if at > call.application_deadline:
        raise PortalError(_("Приём заявок на этот конкурс закрыт: пары больше не меняются."))


def _pair_mail(partnership: Partnership, *, event: str, by: User | None) -> None:
    """E-mail the people of both coalitions (or only the invitee's, for an invitation)."""
    sides = (
        [partnership.invitee] if event == "invited" else [partnership.inviter, partnership.invitee]
    )
    for coalition in sides:
        for person in permissions.people_to_notify(coalition):
            send_notification(
                to=person,
                template=f"emails/pair_{event}",
                context={
                    "partnership": partnership,
                    "coalition": coalition,
                    "partner": partnership.other(coalition),
                    "call": partnership.call,
                    "by": by,
                },
                key=f"pair-{event}:{partnership.pk}:{person.pk}",
            )


def _check_pair(*, inviter: Coalition, invitee: Coalition, by: User) -> None:
    if not permissions.can_edit(by, inviter):
        raise PortalError(_("Приглашать в пару могут владелец и редакторы коалиции."))
    if inviter.pk == invitee.pk:
        raise PortalError(_("Коалиция не может образовать пару сама с собой."))
    if inviter.kind == invitee.kind:
        raise PortalError(
            _("Пару образуют гражданская и экономическая коалиции; у вас один и тот же тип.")
        )


@transaction.atomic
def invite_partner(
    *,
    inviter: Coalition,
    invitee: Coalition,
    call: Call,
    by: User,
    message: str = "",
    at=None,
    notify: bool = True,
) -> Partnership:
    """Propose a pair for a call: civic with economic only, never with itself, and only
    while neither side already has a confirmed pair for that call.

    ``at``: when the invitation is made (now; the demo loads a past call's pairs as made
    before its deadline, and without e-mail: ``notify=False``)."""
    at = at or timezone.now()
    _check_pair(inviter=inviter, invitee=invitee, by=by)
    _require_open(call, at)
    _lock(inviter, invitee)
    if _has_confirmed_pair(inviter, call):
        raise PortalError(
            _(
                "У вашей коалиции уже есть подтверждённая пара на этот конкурс; "
                "сначала её нужно распустить."
            )
        )
    if _has_confirmed_pair(invitee, call):
        raise PortalError(_("У этой коалиции уже есть подтверждённая пара на этот конкурс."))
    open_between = Partnership.objects.filter(call=call, status=Partnership.Status.INVITED).filter(
        involving(inviter) & involving(invitee)
    )
    same = open_between.filter(inviter=inviter, invitee=invitee).first()
    if same is not None:
        return same  # the same invitation again: a double click, a second tab
    if open_between.exists():
        raise PortalError(_("Между вашими коалициями уже есть приглашение, ждущее ответа."))
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                call=call,
                inviter=inviter,
                invitee=invitee,
                message=message,
                invited_by=by,
                created_at=at,
            )
    except IntegrityError as exc:
        raise PortalError(
            _("Между вашими коалициями уже есть приглашение, ждущее ответа.")
        ) from exc
    # Its first status, recorded as it is made (core.lifecycle.move records the moves).
    partnership.status_changes.create(
        from_status="", to_status=Partnership.Status.INVITED, by=by, by_coalition=inviter, at=at
    )
    if notify:
        _pair_mail(partnership, event="invited", by=by)
    return partnership


def _lock_partnership(partnership: Partnership) -> Partnership:
    _lock(partnership.inviter, partnership.invitee)
    return (
        Partnership.objects.select_for_update()
        .select_related("call", "inviter", "invitee")
        .get(pk=partnership.pk)
    )


@transaction.atomic
def accept_partnership(
    *, partnership: Partnership, by: User, at=None, notify: bool = True
) -> Partnership:
    """The invited coalition confirms the pair — unless either side got paired meanwhile.

    ``at``: when (now; the demo's past pairs pass the moment they were confirmed)."""
    at = at or timezone.now()
    if not permissions.can_edit(by, partnership.invitee):
        raise PortalError(
            _("Ответить на приглашение могут владелец и редакторы приглашённой коалиции.")
        )
    partnership = _lock_partnership(partnership)
    if partnership.status != Partnership.Status.INVITED:
        raise PortalError(_("На это приглашение уже ответили."))
    _require_open(partnership.call, at)
    for coalition in (partnership.invitee, partnership.inviter):
        if _has_confirmed_pair(coalition, partnership.call):
            raise PortalError(
                _("У коалиции «%(name)s» уже есть подтверждённая пара на этот конкурс.")
                % {"name": coalition.name}
            )
    partnership.responded_by = by
    partnership.responded_at = at
    _move(partnership, Partnership.Status.CONFIRMED, by=by, coalition=partnership.invitee, at=at)
    if notify:
        _pair_mail(partnership, event="confirmed", by=by)
    return partnership


@transaction.atomic
def decline_partnership(*, partnership: Partnership, by: User) -> Partnership:
    if not permissions.can_edit(by, partnership.invitee):
        raise PortalError(
            _("Ответить на приглашение могут владелец и редакторы приглашённой коалиции.")
        )
    partnership = _lock_partnership(partnership)
    if partnership.status != Partnership.Status.INVITED:
        raise PortalError(_("На это приглашение уже ответили."))
    partnership.responded_by = by
    partnership.responded_at = timezone.now()
    _move(partnership, Partnership.Status.DECLINED, by=by, coalition=partnership.invitee, at=None)
    _pair_mail(partnership, event="declined", by=by)
    return partnership


@transaction.atomic
def dissolve_partnership(*, partnership: Partnership, by: User) -> Partnership:
    """Either side ends a confirmed pair, but only before the call's application deadline."""
    side = next(
        (c for c in (partnership.inviter, partnership.invitee) if permissions.can_edit(by, c)),
        None,
    )
    if side is None:
        raise PortalError(_("Распустить пару могут владелец и редакторы одной из коалиций."))
    partnership = _lock_partnership(partnership)
    if partnership.status != Partnership.Status.CONFIRMED:
        raise PortalError(_("Распустить можно только подтверждённую пару."))
    if timezone.now() > partnership.call.application_deadline:
        raise PortalError(_("Приём заявок закрыт: после крайнего срока пару распустить нельзя."))
    partnership.dissolved_at = timezone.now()
    _move(partnership, Partnership.Status.DISSOLVED, by=by, coalition=side, at=None)
    _pair_mail(partnership, event="dissolved", by=by)
    return partnership
