"""Every URL the portal serves, requested as each kind of person, against a table of what
each may do.

The URLs come from the resolver, not from a list kept by hand: a new URL with no row in
``PUBLIC`` (or, in the admin, a model with no row in ``ADMIN``) fails
``test_every_url_has_a_row``. Objects belong to one coalition («owner»); everyone else asks
for them by their real, sequential ids, and must get «hidden» (404, or the admin's «does
not exist») — never the object.

Outcomes: OK 200 · LOGIN sent to sign in · HIDDEN 404 · FORBIDDEN 403 · NOT_ALLOWED 405 ·
DONE (a POST accepted: a redirect or the form again, not a refusal).
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import roles
from applications import attachments
from applications.models import Application, DeadlineExtension
from calls.answer_files import store_uploads
from calls.form_seeds import build_2022_forms
from calls.models import InfoSessionRegistration, Stage
from coalitions import services as coalition_services
from coalitions.models import Coalition, Interest, MemberOrganisation, Membership, Partnership
from notifications.services import send_notification
from privacy.models import ErasureLog
from privacy.services import request_erasure
from reviews import services as review
from reviews.models import ScoringReopening
from tests.applications.factories import BISHKEK, CallFactory, complete, member_of
from tests.applications.review_factories import criteria
from tests.coalitions.factories import CoalitionFactory, RegionFactory
from tests.factories import UserFactory, user_with_role
from tests.notifications.factories import ReminderRuleFactory

pytestmark = pytest.mark.django_db

OK, LOGIN, HIDDEN, FORBIDDEN, NOT_ALLOWED, DONE = (
    "ok",
    "login",
    "hidden",
    "forbidden",
    "not allowed",
    "done",
)

ANONYMOUS = "anonymous"
OWNER = "owner"  # a member (owner) of the coalition that owns the objects
OTHER_MEMBER = "other member"  # owner of another coalition
REVIEWER = "assigned reviewer"
OTHER_REVIEWER = "unassigned reviewer"
RECUSED_REVIEWER = "recused reviewer"
STAFF = "programme staff"
FINANCE = "finance"
SUPERUSER = "superuser"
ROLES = [
    ANONYMOUS,
    OWNER,
    OTHER_MEMBER,
    REVIEWER,
    OTHER_REVIEWER,
    RECUSED_REVIEWER,
    STAFF,
    FINANCE,
    SUPERUSER,
]
PEOPLE = [r for r in ROLES if r != ANONYMOUS]
NON_OWNERS = [r for r in PEOPLE if r != OWNER]
REVIEWERS = [REVIEWER, OTHER_REVIEWER, RECUSED_REVIEWER]
ADMIN_USERS = [*REVIEWERS, STAFF, FINANCE, SUPERUSER]


def table(default: str, **by_role: str) -> dict[str, str]:
    """``default`` for everyone signed in, LOGIN for the anonymous, then the exceptions
    (role names with spaces written with underscores)."""
    outcomes = {role: default for role in PEOPLE}
    outcomes[ANONYMOUS] = LOGIN
    for key, value in by_role.items():
        outcomes[key.replace("_", " ")] = value
    return outcomes


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


STAFF_READ = {STAFF: OK, FINANCE: OK, SUPERUSER: OK}
STAFF_CANNOT_WRITE = {STAFF: FORBIDDEN, FINANCE: FORBIDDEN, SUPERUSER: FORBIDDEN}


def only_owner(owner: str = OK, others: str = HIDDEN) -> dict[str, str]:
    return {**table(others), OWNER: owner}


@dataclass
class Row:
    url: "callable"  # world -> path
    expect: dict[str, str]
    method: str = "get"
    data: "callable" = field(default=lambda world: {})
    why: str = ""


# --- The portal's own pages and allauth's ----------------------------------------------
PUBLIC: dict[str, Row] = {
    "portal:home": Row(lambda w: reverse("portal:home"), everyone(OK)),
    "portal:dashboard": Row(lambda w: reverse("portal:dashboard"), table(OK)),
    "healthz": Row(lambda w: reverse("healthz"), everyone(OK)),
    "accounts:profile": Row(lambda w: reverse("accounts:profile"), table(OK)),
    "privacy:download": Row(
        lambda w: reverse("privacy:download"),
        table(OK),
        why="no id in the URL: always the signed-in person's own data",
    ),
    "privacy:request_erasure": Row(
        lambda w: reverse("privacy:request_erasure"),
        table(DONE),
        method="post",
        data=lambda w: {"reason": ""},
        why="anyone signed in may ask for their own data to be erased",
    ),
    "accounts:set_language": Row(
        lambda w: reverse("accounts:set_language"),
        everyone(DONE),
        method="post",
        data=lambda w: {"language": "ky", "next": "/"},
        why="anyone may choose a language",
    ),
    # allauth: sign-in pages open to visitors; signed-in people are sent on.
    "account_login": Row(lambda w: reverse("account_login"), {**table(DONE), ANONYMOUS: OK}),
    "account_signup": Row(lambda w: reverse("account_signup"), {**table(DONE), ANONYMOUS: OK}),
    "account_logout": Row(lambda w: reverse("account_logout"), {**table(OK), ANONYMOUS: DONE}),
    "account_inactive": Row(lambda w: reverse("account_inactive"), everyone(OK)),
    "account_reauthenticate": Row(lambda w: reverse("account_reauthenticate"), table(OK)),
    "account_request_reauthentication_code": Row(
        lambda w: reverse("account_request_reauthentication_code"), table(OK)
    ),
    "account_confirm_reauthentication_code": Row(
        lambda w: reverse("account_confirm_reauthentication_code"),
        table(DONE),
        why="without a code requested first it sends the person back",
    ),
    "account_confirm_login_code": Row(
        lambda w: reverse("account_confirm_login_code"),
        table(DONE),
        why="without a sign-in in progress it sends the person back",
    ),
    "account_email": Row(lambda w: reverse("account_email"), table(OK)),
    "account_email_verification_sent": Row(
        lambda w: reverse("account_email_verification_sent"), everyone(OK)
    ),
    "account_change_password": Row(lambda w: reverse("account_change_password"), table(OK)),
    "account_set_password": Row(lambda w: reverse("account_set_password"), table(DONE)),
    "account_reset_password": Row(lambda w: reverse("account_reset_password"), everyone(OK)),
    "account_reset_password_done": Row(
        lambda w: reverse("account_reset_password_done"), everyone(OK)
    ),
    "account_reset_password_from_key": Row(
        lambda w: reverse("account_reset_password_from_key", args=["1", "wrong-key"]),
        everyone(OK),
        why="a wrong key shows «bad token», nothing of the account",
    ),
    "account_reset_password_from_key_done": Row(
        lambda w: reverse("account_reset_password_from_key_done"), everyone(OK)
    ),
    "account_confirm_email": Row(
        lambda w: reverse("account_confirm_email", args=["wrong-key"]), everyone(OK)
    ),
    # Two-factor authentication (allauth.mfa)
    "mfa_index": Row(lambda w: reverse("mfa_index"), table(OK)),
    "mfa_authenticate": Row(
        lambda w: reverse("mfa_authenticate"),
        table(DONE),
        why="only in the middle of a sign-in; otherwise it sends the person on",
    ),
    "mfa_reauthenticate": Row(
        lambda w: reverse("mfa_reauthenticate"), {**table(DONE), SUPERUSER: OK}
    ),
    "mfa_activate_totp": Row(lambda w: reverse("mfa_activate_totp"), table(DONE)),
    "mfa_deactivate_totp": Row(
        lambda w: reverse("mfa_deactivate_totp"), {**table(HIDDEN), SUPERUSER: DONE}
    ),
    "mfa_view_recovery_codes": Row(lambda w: reverse("mfa_view_recovery_codes"), table(HIDDEN)),
    "mfa_generate_recovery_codes": Row(
        lambda w: reverse("mfa_generate_recovery_codes"), {**table(DONE), SUPERUSER: DONE}
    ),
    "mfa_download_recovery_codes": Row(
        lambda w: reverse("mfa_download_recovery_codes"), table(HIDDEN)
    ),
    # The call's public pages
    "applications:call_detail": Row(
        lambda w: reverse("applications:call_detail", args=[w.call.slug]), everyone(OK)
    ),
    "applications:call_calendar": Row(
        lambda w: reverse("applications:call_calendar", args=[w.call.slug]), everyone(OK)
    ),
    "applications:call_calendar_step": Row(
        lambda w: reverse(
            "applications:call_calendar_step", args=[w.call.slug, "application_deadline"]
        ),
        everyone(OK),
    ),
    "applications:info_session": Row(
        lambda w: reverse("applications:info_session", args=[w.call.slug]), everyone(OK)
    ),
    # A coalition's application
    "applications:start": Row(
        lambda w: reverse("applications:start"),
        {**table(HIDDEN), OWNER: DONE},
        method="post",
        data=lambda w: {"call": w.call.pk, "coalition": w.coalition.pk},
        why="starting for a coalition one cannot edit finds nothing",
    ),
    "applications:detail": Row(
        lambda w: reverse("applications:detail", args=[w.application.pk]),
        {**only_owner(), **STAFF_READ},
        why="staff read applications as they run the call (Application.objects.visible_to)",
    ),
    "applications:section": Row(
        lambda w: reverse("applications:section", args=[w.application.pk, "idea"]),
        {**only_owner(), **STAFF_READ},
    ),
    "applications:submit": Row(
        lambda w: reverse("applications:submit", args=[w.application.pk]),
        {**only_owner(DONE), **STAFF_CANNOT_WRITE},
        method="post",
        why="staff see the application, but only its coalition submits it",
    ),
    "applications:withdraw": Row(
        lambda w: reverse("applications:withdraw", args=[w.application.pk]),
        {**only_owner(DONE), **STAFF_CANNOT_WRITE},
        method="post",
    ),
    "applications:confirm_partner": Row(
        lambda w: reverse("applications:confirm_partner", args=[w.application.pk]),
        only_owner(HIDDEN),
        method="post",
        why="only the partner coalition of a pair's application confirms it",
    ),
    "applications:attachment": Row(
        lambda w: reverse("applications:attachment", args=[w.application.pk, w.attachment.pk]),
        {**only_owner(), **STAFF_READ},
    ),
    "applications:answer_file": Row(
        lambda w: reverse("applications:answer_file", args=[w.application.pk, "budget_plan"]),
        {**only_owner(), **STAFF_READ},
        why="a file answering a question opens as the application's own files do",
    ),
    "applications:staff_attachment": Row(
        lambda w: reverse("applications:staff_attachment", args=[w.attachment.pk]),
        {**everyone(HIDDEN), **STAFF_READ},
        why="reviewers read files in the admin's review page, only when assigned",
    ),
    # Coalitions
    "coalitions:mine": Row(lambda w: reverse("coalitions:mine"), table(OK)),
    "coalitions:create": Row(lambda w: reverse("coalitions:create"), table(OK)),
    "coalitions:switch": Row(
        lambda w: reverse("coalitions:switch"),
        only_owner(DONE),
        method="post",
        data=lambda w: {"coalition": w.coalition.pk},
    ),
    "coalitions:invitation": Row(
        lambda w: reverse("coalitions:invitation", args=[w.invitation.token]),
        {**everyone(OK)},
        why="the link in the e-mail is the secret; it shows whom it invites",
    ),
    "coalitions:detail": Row(
        lambda w: reverse("coalitions:detail", args=[w.coalition.pk]),
        table(OK),
        why="a coalition's public profile, for partner search",
    ),
    "coalitions:edit": Row(
        lambda w: reverse("coalitions:edit", args=[w.coalition.pk]), only_owner()
    ),
    "coalitions:members": Row(
        lambda w: reverse("coalitions:members", args=[w.coalition.pk]), only_owner()
    ),
    "coalitions:member_edit": Row(
        lambda w: reverse("coalitions:member_edit", args=[w.coalition.pk, w.organisation.pk]),
        only_owner(),
    ),
    "coalitions:people": Row(
        lambda w: reverse("coalitions:people", args=[w.coalition.pk]), only_owner()
    ),
    "coalitions:person_action": Row(
        lambda w: reverse(
            "coalitions:person_action", args=[w.coalition.pk, w.editor_membership.pk, "role"]
        ),
        only_owner(DONE),
        method="post",
        data=lambda w: {"role": Membership.Role.VIEWER},
    ),
    "coalitions:invitation_revoke": Row(
        lambda w: reverse("coalitions:invitation_revoke", args=[w.coalition.pk, w.invitation.pk]),
        only_owner(DONE),
        method="post",
    ),
    "coalitions:join": Row(
        lambda w: reverse("coalitions:join", args=[w.coalition.pk]),
        table(OK),
        why="anyone signed in may ask to join; a member is told they already belong",
    ),
    "coalitions:join_decide": Row(
        lambda w: reverse("coalitions:join_decide", args=[w.coalition.pk, w.join_request.pk]),
        only_owner(DONE),
        method="post",
        data=lambda w: {"decision": "decline"},
    ),
    "coalitions:partners": Row(
        lambda w: reverse("coalitions:partners", args=[w.coalition.pk]), only_owner()
    ),
    "coalitions:pair_invite": Row(
        lambda w: reverse("coalitions:pair_invite", args=[w.coalition.pk, w.partner.pk]),
        only_owner(),
    ),
    "coalitions:pair_action": Row(
        lambda w: reverse(
            "coalitions:pair_action", args=[w.coalition.pk, w.partnership.pk, "dissolve"]
        ),
        only_owner(DONE),
        method="post",
    ),
}

# --- The admin ---------------------------------------------------------------------------
NOT_STAFF = {ANONYMOUS: LOGIN, OWNER: LOGIN, OTHER_MEMBER: LOGIN}

ADMIN_SITE: dict[str, Row] = {
    "admin:index": Row(
        lambda w: reverse("admin:index"), {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, OK)}
    ),
    "admin:app_list": Row(
        lambda w: reverse("admin:app_list", args=["reviews"]),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, OK)},
    ),
    "admin:login": Row(
        lambda w: reverse("admin:login"),
        {**dict.fromkeys(ROLES, LOGIN), OWNER: FORBIDDEN, OTHER_MEMBER: FORBIDDEN},
        why="the admin's own form is never served: the portal's sign-in page is",
    ),
    "admin:logout": Row(
        lambda w: reverse("admin:logout"),
        {**dict.fromkeys(NOT_STAFF, HIDDEN), **dict.fromkeys(ADMIN_USERS, NOT_ALLOWED)},
        why="signing out is a POST; for the signed-out the admin has nothing there",
    ),
    "admin:password_change": Row(
        lambda w: reverse("admin:password_change"), {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, OK)}
    ),
    "admin:password_change_done": Row(
        lambda w: reverse("admin:password_change_done"),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, OK)},
    ),
    "admin:jsi18n": Row(
        lambda w: reverse("admin:jsi18n"), {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, OK)}
    ),
    "admin:autocomplete": Row(
        lambda w: (
            reverse("admin:autocomplete")
            + "?app_label=applications&model_name=application&field_name=coalition"
        ),
        {**NOT_STAFF, **dict.fromkeys(REVIEWERS, FORBIDDEN), **STAFF_READ},
        why="coalition names for the application list's filter; reviewers see none",
    ),
    "admin:view_on_site": Row(
        lambda w: reverse("admin:view_on_site", args=[w.coalition_type.pk, w.coalition.pk]),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, HIDDEN)},
        why="no admin model links to a page on the site",
    ),
    "admin:auth_user_password_change": Row(
        lambda w: reverse("admin:auth_user_password_change", args=[w.owner.pk]),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), SUPERUSER: OK},
    ),
    "admin:reviews_reviewassignment_conflict": Row(
        lambda w: reverse("admin:reviews_reviewassignment_conflict", args=[w.assignment.pk]),
        {
            **NOT_STAFF,
            **dict.fromkeys(ADMIN_USERS, HIDDEN),
            REVIEWER: OK,
        },
        why="only the assigned reviewer declares a conflict on their assignment",
    ),
    "admin:reviews_reviewassignment_progress": Row(
        lambda w: reverse("admin:reviews_reviewassignment_progress"),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), STAFF: OK, SUPERUSER: OK},
    ),
    "admin:notifications_reminderrule_preview": Row(
        lambda w: reverse("admin:notifications_reminderrule_preview", args=[w.reminder.pk]),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), **STAFF_READ},
    ),
    "admin:coalitions_coalition_simple_history": Row(
        lambda w: reverse(
            "admin:coalitions_coalition_simple_history",
            args=[w.coalition.pk, w.coalition.history.first().pk],
        ),
        {
            **NOT_STAFF,
            **dict.fromkeys(ADMIN_USERS, FORBIDDEN),
            STAFF: OK,
            FINANCE: OK,
            SUPERUSER: OK,
        },
    ),
    "admin:reviews_reviewassignment_simple_history": Row(
        lambda w: reverse(
            "admin:reviews_reviewassignment_simple_history",
            args=[w.assignment.pk, w.assignment.history.first().pk],
        ),
        {
            **NOT_STAFF,
            **dict.fromkeys(ADMIN_USERS, HIDDEN),
            STAFF: OK,
            SUPERUSER: OK,
            REVIEWER: OK,
        },
        why="one past version of a review: its reviewer and programme staff only",
    ),
}


STAFF_ONLY = {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), STAFF: OK, SUPERUSER: OK}
READ_MONEY = {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), **STAFF_READ}


def admin_url(name, *args):
    return lambda w: reverse(f"admin:{name}", args=[a(w) if callable(a) else a for a in args])


LATER_ADMIN: dict[str, Row] = {
    # Excel: whoever may see a list may export it (personal columns only for staff).
    **{
        f"admin:{name}_export": Row(admin_url(f"{name}_export"), expect)
        for name, expect in [
            ("applications_application", READ_MONEY),
            ("calls_infosessionregistration", READ_MONEY),
            ("coalitions_coalition", READ_MONEY),
            ("workshops_participant", STAFF_ONLY),
            ("grants_technicalsupportapplication", READ_MONEY),
            ("grants_award", READ_MONEY),
            ("grants_contract", READ_MONEY),
            ("grants_spending", READ_MONEY),
            ("grants_report", READ_MONEY),
        ]
    },
    "admin:coalitions_coalition_import": Row(admin_url("coalitions_coalition_import"), STAFF_ONLY),
    "admin:coalitions_coalition_process_import": Row(
        admin_url("coalitions_coalition_process_import"),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), STAFF: DONE, SUPERUSER: DONE},
        method="post",
        why="without a previewed file nothing is imported",
    ),
    "admin:workshops_participant_import": Row(
        admin_url("workshops_participant_import"), STAFF_ONLY
    ),
    "admin:workshops_participant_process_import": Row(
        admin_url("workshops_participant_process_import"),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), STAFF: DONE, SUPERUSER: DONE},
        method="post",
    ),
    "admin:workshops_event_attendance": Row(
        admin_url("workshops_event_attendance", lambda w: w.event.pk), STAFF_ONLY
    ),
    "admin:workshops_event_signin": Row(
        admin_url("workshops_event_signin", lambda w: w.event.pk, "2030-06-13"), STAFF_ONLY
    ),
    "admin:workshops_event_list": Row(
        admin_url("workshops_event_list", lambda w: w.event.pk, "needs"), STAFF_ONLY
    ),
    "admin:workshops_event_list_pdf": Row(
        admin_url("workshops_event_list_pdf", lambda w: w.event.pk, "needs"), STAFF_ONLY
    ),
    "admin:workshops_event_programme_pdf": Row(
        admin_url("workshops_event_programme_pdf", lambda w: w.event.pk), READ_MONEY
    ),
    "admin:workshops_participant_simple_history": Row(
        lambda w: reverse(
            "admin:workshops_participant_simple_history",
            args=[w.participant.pk, w.participant.history.first().pk],
        ),
        STAFF_ONLY,
    ),
    "admin:grants_technicalsupportapplication_award": Row(
        admin_url("grants_technicalsupportapplication_award", lambda w: w.support_request.pk),
        STAFF_ONLY,
    ),
    "admin:grants_technicalsupportapplication_propose": Row(
        lambda w: (
            reverse("admin:grants_technicalsupportapplication_propose") + f"?call={w.past.pk}"
        ),
        STAFF_ONLY,
    ),
    **{
        f"admin:grants_{model}_simple_history": Row(
            lambda w, model=model: reverse(
                f"admin:grants_{model}_simple_history",
                args=[getattr(w, model).pk, getattr(w, model).history.first().pk],
            ),
            READ_MONEY,
        )
        for model in ["award", "contract", "spending", "reallocation", "report"]
    },
    # Erasing personal data: programme staff only, never finance or reviewers.
    "admin:privacy_erasurerequest_erase": Row(
        admin_url("privacy_erasurerequest_erase", lambda w: w.leaving.pk), STAFF_ONLY
    ),
    "admin:privacy_erasurerequest_erase_participant": Row(
        admin_url("privacy_erasurerequest_erase_participant", lambda w: w.participant.pk),
        STAFF_ONLY,
    ),
    "admin:privacy_erasurerequest_refuse": Row(
        admin_url("privacy_erasurerequest_refuse", lambda w: w.erasure_request.pk), STAFF_ONLY
    ),
    "admin:reports_reportjob_download": Row(
        admin_url("reports_reportjob_download", lambda w: w.report_job.pk), READ_MONEY
    ),
    # The programme overview: staff all of it, finance the money part, reviewers nothing.
    "admin:reports_overview": Row(admin_url("reports_overview"), READ_MONEY),
    # Call forms (#21): building, copying and previewing them is programme staff's work.
    "admin:calls_form_copy": Row(admin_url("calls_form_copy"), STAFF_ONLY),
    "admin:calls_formversion_edit": Row(
        admin_url("calls_formversion_edit", lambda w: w.form_version.pk),
        {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN), STAFF: DONE, SUPERUSER: DONE},
        method="post",
        why="a version nobody answered is edited as it is: a redirect to its page",
    ),
    "admin:calls_formversion_preview": Row(
        admin_url("calls_formversion_preview", lambda w: w.form_version.pk), STAFF_ONLY
    ),
    "admin:calls_formversion_preview_frame": Row(
        admin_url("calls_formversion_preview_frame", lambda w: w.form_version.pk), STAFF_ONLY
    ),
}

LATER_PUBLIC: dict[str, Row] = {
    "workshops:participants": Row(
        lambda w: reverse("workshops:participants", args=[w.event.pk, w.coalition.pk]),
        {**only_owner(), STAFF: OK, SUPERUSER: OK},
        why="needs: the coalition's own people and programme staff",
    ),
    **{
        f"workshops:{name}": Row(
            lambda w, name=name: reverse(f"workshops:{name}", args=[w.event.pk]),
            {**only_owner(), **STAFF_READ},
        )
        for name in ["programme", "programme_pdf", "programme_ics"]
    },
    "workshops:certificate": Row(
        lambda w: reverse("workshops:certificate", args=[w.participant.pk]),
        {**only_owner(), STAFF: OK, SUPERUSER: OK},
    ),
    "grants:start": Row(
        lambda w: reverse("grants:start"),
        table(HIDDEN, owner=DONE),
        method="post",
        data=lambda w: {"call": w.past.pk, "coalition": w.coalition.pk},
    ),
    "grants:detail": Row(
        lambda w: reverse("grants:detail", args=[w.support_request.pk]),
        {**only_owner(), **STAFF_READ},
    ),
    "grants:section": Row(
        lambda w: reverse("grants:section", args=[w.support_request.pk, "plan"]),
        {**only_owner(), **STAFF_READ},
    ),
    "grants:submit": Row(
        lambda w: reverse("grants:submit", args=[w.support_request.pk]),
        {**only_owner(DONE), **STAFF_CANNOT_WRITE},
        method="post",
    ),
    "grants:withdraw": Row(
        lambda w: reverse("grants:withdraw", args=[w.support_request.pk]),
        {**only_owner(DONE), **STAFF_CANNOT_WRITE},
        method="post",
    ),
    "grants:contract_download": Row(
        lambda w: reverse("grants:contract_download", args=[w.contract.pk]),
        {**only_owner(), **STAFF_READ},
    ),
    "grants:contract_signed": Row(
        lambda w: reverse("grants:contract_signed", args=[w.contract.pk]),
        {**only_owner(DONE), **STAFF_CANNOT_WRITE},
        method="post",
    ),
    "grants:staff_contract_version": Row(
        lambda w: reverse("grants:staff_contract_version", args=[w.contract_version.pk]),
        {**table(HIDDEN), **dict.fromkeys(REVIEWERS, FORBIDDEN), **STAFF_READ, ANONYMOUS: HIDDEN},
        why="the admin's links to contract files: staff who may read contracts",
    ),
    "grants:staff_contract_scan": Row(
        lambda w: reverse("grants:staff_contract_scan", args=[w.contract.pk]),
        {**table(HIDDEN), **dict.fromkeys(REVIEWERS, FORBIDDEN), **STAFF_READ, ANONYMOUS: HIDDEN},
    ),
    "grants:report": Row(
        lambda w: reverse("grants:report", args=[w.report.pk]), {**only_owner(), **STAFF_READ}
    ),
    "grants:report_file": Row(
        lambda w: reverse("grants:report_file", args=[w.report.pk, w.report_file.pk]),
        {**only_owner(), **STAFF_READ},
    ),
    "grants:public_results": Row(
        lambda w: reverse("grants:public_results", args=[w.past.slug]), everyone(OK)
    ),
}


@dataclass
class Access:
    """Who may open a model's pages in the admin: its list, an object and its history
    (view), the add form and the delete page."""

    view: set[str]
    add: set[str]
    delete: set[str]
    hidden_object: set[str] = field(default_factory=set)  # may list, but not this object
    # The history page of an object outside the person's queryset is «not found».
    hidden_history: set[str] = field(default_factory=set)
    # Outside the person's queryset altogether: the object's pages are «not found».
    not_found: set[str] = field(default_factory=set)


SUPER = {SUPERUSER}
PROGRAMME = {STAFF, SUPERUSER}
READ_PROGRAMME = {STAFF, FINANCE, SUPERUSER}

ADMIN: dict[str, Access] = {
    "auth.group": Access(view=SUPER, add=SUPER, delete=SUPER),
    "account.emailaddress": Access(view=SUPER, add=SUPER, delete=SUPER),
    "accounts.twofactorkey": Access(view=SUPER, add=SUPER, delete=SUPER),
    # Programme staff read people's pages to erase them; only superusers change accounts.
    "accounts.user": Access(view=PROGRAMME, add=SUPER, delete=SUPER),
    # Erasure requests and the log are records: no one adds or deletes them by hand.
    "privacy.erasurerequest": Access(view=PROGRAMME, add=set(), delete=set()),
    "privacy.erasurelog": Access(view=PROGRAMME, add=set(), delete=set()),
    "notifications.outgoingmessage": Access(view=READ_PROGRAMME, add=set(), delete=PROGRAMME),
    "notifications.reminderrule": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "coalitions.coalition": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "coalitions.partnership": Access(view=READ_PROGRAMME, add=set(), delete=PROGRAMME),
    "coalitions.region": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "coalitions.interest": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "coalitions.coalitioninvitation": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "coalitions.joinrequest": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "calls.call": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "calls.infosessionregistration": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "calls.form": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    # Versions are made by the services (a new form, a change, a copy) and kept as history.
    "calls.formversion": Access(view=READ_PROGRAMME, add=set(), delete=set()),
    "applications.deadlineextension": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    # Reopenings of scoring are records: made by the Call admin's action, never by hand.
    "reviews.scoringreopening": Access(view=READ_PROGRAMME, add=set(), delete=set()),
    "applications.application": Access(
        view=READ_PROGRAMME, add=set(), delete=PROGRAMME, hidden_history=set(REVIEWERS)
    ),
    "reviews.reviewassignment": Access(
        view={*PROGRAMME, *REVIEWERS},  # finance is not a reviewer: no reviews, no scores
        add=set(),
        delete=set(),  # never deleted: a reviewer is recused instead
        # Other reviewers do not see anyone's scores.
        hidden_object={OTHER_REVIEWER, RECUSED_REVIEWER},
        not_found={FINANCE},
    ),
    "workshops.event": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "workshops.speaker": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    # Participants' needs are personal data: programme staff only, not finance.
    "workshops.participant": Access(view=PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "workshops.certificate": Access(view=READ_PROGRAMME, add=set(), delete=PROGRAMME),
    "grants.technicalsupportapplication": Access(
        view=READ_PROGRAMME, add=set(), delete=PROGRAMME, hidden_history=set(REVIEWERS)
    ),
    "grants.award": Access(view=READ_PROGRAMME, add=set(), delete=set()),
    "grants.contract": Access(view=READ_PROGRAMME, add=set(), delete=set()),
    "calls.supportterms": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    # Finance records what the support cost and moves money between lines.
    "grants.spending": Access(view=READ_PROGRAMME, add=READ_PROGRAMME, delete=PROGRAMME),
    # Doubtful lines and payments: finance sees them, staff settle them with actions.
    "grants.doubtfulbudgetline": Access(view=READ_PROGRAMME, add=set(), delete=set()),
    "grants.doubtfulspending": Access(view=READ_PROGRAMME, add=set(), delete=set()),
    "grants.reallocation": Access(view=READ_PROGRAMME, add=READ_PROGRAMME, delete=PROGRAMME),
    "grants.report": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
    "reports.reportjob": Access(view=READ_PROGRAMME, add=PROGRAMME, delete=PROGRAMME),
}
ADMIN_ACTIONS = ["changelist", "add", "change", "delete", "history"]


def admin_rows() -> dict[str, Row]:
    rows = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        access = ADMIN.get(label)
        if access is None:
            continue  # test_every_url_has_a_row reports it
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for action in ADMIN_ACTIONS:
            allowed = {"changelist": access.view, "add": access.add, "delete": access.delete}.get(
                action, access.view
            )
            expect = {**NOT_STAFF, **dict.fromkeys(ADMIN_USERS, FORBIDDEN)}
            expect.update(dict.fromkeys(allowed, OK))
            if action == "history":
                expect.update(dict.fromkeys(access.hidden_history, HIDDEN))
            if action in {"change", "delete", "history"}:
                expect.update(dict.fromkeys(access.hidden_object & allowed, HIDDEN))
                if action != "delete":
                    expect.update(dict.fromkeys(access.not_found, HIDDEN))
                args = lambda w, label=label: [w.object_for(label).pk]  # noqa: E731
            else:
                args = lambda w: []  # noqa: E731
            rows[f"{base}_{action}"] = Row(
                lambda w, name=f"{base}_{action}", args=args: reverse(name, args=args(w)), expect
            )
    return rows


# Patterns without a name: Django's own redirects inside the admin.
UNNAMED = [r"(?P<url>.*)$", "<path:object_id>/"]


def named_urls() -> list[str]:
    names = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    route = str(pattern.pattern)
                    assert any(route.endswith(u) for u in UNNAMED), f"unnamed URL {route}"
                    continue
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


ALL_ROWS = {**PUBLIC, **LATER_PUBLIC, **ADMIN_SITE, **LATER_ADMIN, **admin_rows()}


def test_every_url_has_a_row():
    missing = sorted(set(named_urls()) - set(ALL_ROWS))
    assert missing == [], "add these URLs to the permission table: " + ", ".join(missing)
    models = {model._meta.label_lower for model in admin.site._registry}
    assert sorted(models - set(ADMIN)) == [], "add these admin models to ADMIN"
    stale = sorted(set(ALL_ROWS) - set(named_urls()))
    assert stale == [], "rows for URLs that no longer exist: " + ", ".join(stale)
    for name, row in ALL_ROWS.items():
        assert set(row.expect) == set(ROLES), f"{name}: a role without an expected outcome"


class World:
    """One coalition's objects (the «owner»'s) and one person for each role."""

    def __init__(self):
        from django.contrib.contenttypes.models import ContentType

        self.call = CallFactory(slug="open-call")
        criteria(self.call, (10, 1))
        self.coalition = CoalitionFactory(name="Владелец")
        self.coalition_type = ContentType.objects.get_for_model(Coalition)
        self.owner = member_of(self.coalition, email="owner@example.kg")
        editor = UserFactory(email="editor@example.kg")
        self.editor_membership = Membership.objects.create(
            coalition=self.coalition, user=editor, role=Membership.Role.EDITOR
        )
        self.organisation = MemberOrganisation.objects.create(
            coalition=self.coalition, name="ОО «Участник»", sector="civic", organisation_type="ngo"
        )
        self.invitation = coalition_services.invite_person(
            coalition=self.coalition, by=self.owner, email="new@example.kg", role="viewer"
        )
        self.join_request = coalition_services.request_to_join(
            coalition=self.coalition, user=UserFactory(email="asks@example.kg")
        )
        self.partner = CoalitionFactory(name="Партнёр", kind=Coalition.Kind.ECONOMIC)
        member_of(self.partner, email="partner@example.kg")
        self.partnership = Partnership.objects.create(
            call=self.call,
            inviter=self.coalition,
            invitee=self.partner,
            status=Partnership.Status.CONFIRMED,
        )
        self.coalition.description = "Изменено: запись в истории."
        self.coalition.save()
        other = CoalitionFactory(name="Чужая")
        self.people = {OWNER: self.owner, OTHER_MEMBER: member_of(other, email="other@example.kg")}

        self.application = complete(
            Application.objects.create(call=self.call, coalition=self.coalition)
        )
        self.attachment = attachments.add_attachment(
            application=self.application,
            upload=SimpleUploadedFile("план.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            by=self.owner,
        )
        # A file answering a question of the call's form.
        self.application.answers = store_uploads(
            {**self.application.answers, "budget_plan": {"name": "смета.pdf", "size": 15}},
            {"budget_plan": SimpleUploadedFile("смета.pdf", b"%PDF-1.4\n%%EOF\n")},
        )
        self.application.save(update_fields=["answers"])
        # The reviewers work on another coalition's submitted application.
        reviewed = complete(Application.objects.create(call=self.call, coalition=other))
        Application.objects.filter(pk=reviewed.pk).update(status=Application.Status.SUBMITTED)
        for role, email in [
            (REVIEWER, "reviewer@example.kg"),
            (OTHER_REVIEWER, "reviewer2@example.kg"),
            (RECUSED_REVIEWER, "reviewer3@example.kg"),
        ]:
            self.people[role] = user_with_role(roles.REVIEWER, email=email)
        self.people[STAFF] = user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")
        self.people[FINANCE] = user_with_role(roles.FINANCE, email="finance@example.kg")
        self.people[SUPERUSER] = UserFactory(
            email="admin@example.kg", is_staff=True, is_superuser=True
        )
        self.assignment = review.assign_reviewer(
            reviewed=reviewed, reviewer=self.people[REVIEWER], stage=Stage.WORKSHOP, by=None
        )
        recused = review.assign_reviewer(
            reviewed=reviewed, reviewer=self.people[RECUSED_REVIEWER], stage=Stage.WORKSHOP, by=None
        )
        review.declare_conflict(
            assignment=recused, by=self.people[RECUSED_REVIEWER], reason="Родственник"
        )
        ScoringReopening.objects.create(
            call=self.call,
            stage=Stage.WORKSHOP,
            until=self.call.application_deadline,
            reason="Исправить оценку",
            reopened_by=self.people[STAFF],
        )
        # One object of each model the admin shows.
        RegionFactory()
        Interest.objects.create(slug="budget", name="Бюджет")
        DeadlineExtension.objects.create(
            call=self.call, coalition=self.coalition, deadline=self.call.application_deadline
        )
        InfoSessionRegistration.objects.create(
            call=self.call, full_name="Гость", email="guest@example.kg", mode="online"
        )
        self.leaving = UserFactory(email="leaving@example.kg")
        self.erasure_request = request_erasure(person=self.leaving, reason="Уезжаю")
        ErasureLog.objects.create(participant_id_erased=999, counts={"workshop_participants": 1})
        self.reminder = ReminderRuleFactory(call=self.call)
        self.form_version = build_2022_forms(self.call)["application"].versions.get()
        send_notification(
            to=self.owner, template="emails/welcome", context={"user": self.owner}, key="w"
        )
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(self.people[SUPERUSER], "JBSWY3DPEHPK3PXP")
        self._later_programme()
        self.objects = {
            "workshops.participant": self.participant,
            "grants.report": self.report,
            "grants.spending": self.spending,
            "grants.doubtfulbudgetline": self.doubtful_line,
            "grants.doubtfulspending": self.doubtful_spending,
            "grants.reallocation": self.reallocation,
            "auth.group": Group.objects.get(name=roles.REVIEWER),
            "account.emailaddress": EmailAddress.objects.get(user=self.owner),
            "accounts.twofactorkey": Authenticator.objects.first(),
            "accounts.user": self.owner,
            "coalitions.coalition": self.coalition,
            "coalitions.partnership": self.partnership,
            "coalitions.coalitioninvitation": self.invitation,
            "coalitions.joinrequest": self.join_request,
            "calls.call": self.call,
            "calls.form": self.form_version.form,
            "calls.formversion": self.form_version,
            "applications.application": self.application,
            "reviews.reviewassignment": self.assignment,
            "notifications.reminderrule": self.reminder,
            "privacy.erasurerequest": self.erasure_request,
        }

    def _later_programme(self):
        """A past call of the owner's coalition: selected, at the workshop, supported, with a
        contract, spending and a report (the open call stays as the applications need)."""
        from decimal import Decimal

        from grants import implementation, spending
        from grants.contracts import build_contract_version
        from grants.models import Contract, ReportFile
        from reports.models import ReportJob
        from tests.grants.award_factories import awarded
        from tests.workshops.factories import EventFactory
        from workshops.models import Attendance, Certificate, Participant, Speaker
        from workshops.programme import publish_programme

        self.past = CallFactory(
            slug="past-call",
            status="closed",
            budget=Decimal("870000"),
            support_deadline=dt.datetime(2030, 6, 30, 23, 59, tzinfo=BISHKEK),
        )
        selected = complete(Application.objects.create(call=self.past, coalition=self.coalition))
        Application.objects.filter(pk=selected.pk).update(status=Application.Status.SELECTED)
        self.event = EventFactory(call=self.past)
        publish_programme(self.event)
        Speaker.objects.create(call=self.past, name="Спикер", topic="Данные")
        self.participant = Participant.objects.create(
            event=self.event, coalition=self.coalition, full_name="Айгуль", email="a@example.kg"
        )
        for day in self.event.days:
            Attendance.objects.create(participant=self.participant, day=day)
        Certificate.objects.create(participant=self.participant, number="PAST-1")
        award = awarded(call=self.past, coalition=self.coalition, published=True)
        self.award = award
        self.support_request = award.application
        self.contract = Contract.objects.create(
            award=award, call=self.past, sequence=1, number="ТП-1", status=Contract.Status.SENT
        )
        self.contract_version = build_contract_version(award_id=award.pk, revision=award.revision)
        self.contract.signed_scan = SimpleUploadedFile("скан.pdf", b"%PDF-1.4\n%%EOF\n")
        self.contract.signed_scan_name = "скан.pdf"
        self.contract.save()
        first, second, *_rest = award.lines.order_by("budget_line__position")
        self.spending = spending.record_spending(
            award=award,
            line=first,
            spent_on=dt.date(2030, 5, 1),
            amount=Decimal("1000"),
            supplier="ОсОО",
            description="оплата",
        )
        self.doubtful_spending = spending.record_spending(
            award=award,
            line=first,
            spent_on=dt.date(2030, 5, 2),
            amount=Decimal("500"),
            supplier="ОсОО",
            description="Покупка принтера",
        )
        self.doubtful_line = second.budget_line
        type(self.doubtful_line).objects.filter(pk=self.doubtful_line.pk).update(
            cost_flag="equipment"
        )
        self.reallocation = spending.reallocate(
            award=award, from_line=first, to_line=second, amount=Decimal("10"), reason="x", by=None
        )
        self.report = implementation.ensure_schedule(award)[0]
        self.report_file = ReportFile.objects.create(
            report=self.report,
            file=SimpleUploadedFile("data.pdf", b"%PDF-1.4\n%%EOF\n"),
            original_name="data.pdf",
            content_type="application/pdf",
            size=15,
        )
        from reports.programme import run_report_job

        self.report_job = ReportJob.objects.create(call=self.past)
        run_report_job(job_id=self.report_job.pk)

    def object_for(self, label: str):
        if label in self.objects:
            return self.objects[label]
        from django.apps import apps

        instance = apps.get_model(label).objects.first()
        assert instance is not None, f"the test world has no {label}: add one to World"
        return instance


def classify(response, method: str) -> str:
    code = response.status_code
    if code in (301, 302):
        location = urlparse(response["Location"]).path
        if location in (reverse("account_login"), reverse("admin:login")):
            return LOGIN
        if location == reverse("admin:index") and response.wsgi_request.path.startswith("/admin/"):
            return HIDDEN  # the admin's «… does not exist, perhaps it was deleted?»
        return DONE
    outcome = {200: OK, 403: FORBIDDEN, 404: HIDDEN, 405: NOT_ALLOWED}.get(code, f"HTTP {code}")
    if method == "post" and outcome == OK:
        return DONE  # the form again, with its errors: accepted, not refused
    return outcome


@pytest.fixture
def world(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Who may download a PDF is the question here, not its layout: the pages are still
    # rendered as HTML, WeasyPrint's seconds a contract are left to the PDF tests.
    monkeypatch.setattr("core.pdf.html_to_pdf", lambda html: b"%PDF-1.4\n%%EOF\n")
    settings.ADMIN_2FA_REQUIRED = False  # two-factor sign-in has its own tests
    with time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False):
        yield World()


REFUSALS = {LOGIN, HIDDEN, FORBIDDEN}


def signed_in_sessions(client, world) -> dict[str, str]:
    """One session for each person, made before the rows: a row's rollback undoes whatever
    its requests did to a session, so each request starts from a fresh sign-in."""
    sessions = {}
    for role in PEOPLE:
        client.force_login(world.people[role])
        sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        client.cookies.clear()  # not logout(): the session stays in the database
    return sessions


def test_each_role_gets_what_the_table_says(world, client):
    """One world, every row: each row runs in a transaction that is rolled back, so what an
    accepted POST changes never reaches the next row."""
    wrong = {}
    sessions = signed_in_sessions(client, world)
    for name, row in sorted(ALL_ROWS.items()):
        path = row.url(world)
        # Refusals first: a refused POST must change nothing an accepted one relies on.
        order = sorted(ROLES, key=lambda role, row=row: row.expect[role] not in REFUSALS)
        with transaction.atomic():
            for role in order:
                client.cookies.clear()  # what the previous request set, a new session too
                if role != ANONYMOUS:
                    client.cookies[django_settings.SESSION_COOKIE_NAME] = sessions[role]
                response = getattr(client, row.method)(path, row.data(world))
                seen = classify(response, row.method)
                if seen != row.expect[role]:
                    wrong[f"{name} as {role}"] = f"{seen} (table: {row.expect[role]})"
            transaction.set_rollback(True)
    report = "\n".join(f"  {key}: {value}" for key, value in wrong.items())
    assert not wrong, f"{len(wrong)} of {len(ALL_ROWS) * len(ROLES)} requests differ:\n{report}"
