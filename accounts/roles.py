"""The staff roles of the programme, as permission groups.

Groups are kept in step with the models on every ``migrate``: programme staff may change
everything of the programme, finance may read it and change money, reviewers may only read
what is assigned to them (the admin narrows their querysets further).
"""

from django.apps import apps as global_apps

REVIEWER = "reviewer"
PROGRAMME_STAFF = "programme_staff"
FINANCE = "finance"

ROLE_LABELS = {
    REVIEWER: "Рецензенты",
    PROGRAMME_STAFF: "Сотрудники программы (ИПР)",
    FINANCE: "Финансы",
}

PROGRAMME_APPS = [
    "calls",
    "coalitions",
    "reviews",
    "applications",
    "workshops",
    "grants",
    "notifications",
    "reports",
    "privacy",
]
# Programme staff look people up in the admin to erase their personal data on request
# (read only: accounts and roles stay with superusers).
PROGRAMME_STAFF_EXTRA: list[tuple[str, str]] = [("accounts", "view_user")]
# Models whose amounts finance staff record themselves; later issues add to this list.
FINANCE_EDITABLE_MODELS: set[str] = {"grants.spending", "grants.reallocation"}
# Personal data finance has no need to read (participants' needs, contacts).
# Finance is not a reviewer either: reviews and scores stay with reviewers and staff.
FINANCE_HIDDEN_MODELS: set[str] = {
    "workshops.participant",
    "workshops.historicalparticipant",
    "reviews.reviewassignment",
    "reviews.historicalreviewassignment",
    "reviews.score",
    "reviews.historicalscore",
    "privacy.erasurerequest",
    "privacy.erasurerequeststatuschange",
    "privacy.erasurelog",
}
# Models reviewers open in the admin; their querysets are restricted to their assignments,
# and they change only their own reviews (the admin class checks the reviewer).
REVIEWER_VIEWABLE_MODELS: set[str] = {"reviews.reviewassignment"}
REVIEWER_EDITABLE_MODELS: set[str] = {"reviews.reviewassignment"}


def _codenames_for(role: str) -> list[tuple[str, str]]:
    wanted: list[tuple[str, str]] = []
    for app_label in PROGRAMME_APPS:
        try:
            config = global_apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            name = model._meta.model_name
            if role == PROGRAMME_STAFF:
                actions = ["view", "add", "change", "delete"]
            elif role == FINANCE:
                hidden = f"{app_label}.{name}" in FINANCE_HIDDEN_MODELS
                actions = [] if hidden else ["view"]
                if f"{app_label}.{name}" in FINANCE_EDITABLE_MODELS:
                    actions += ["add", "change"]
            else:
                actions = ["view"] if f"{app_label}.{name}" in REVIEWER_VIEWABLE_MODELS else []
                if f"{app_label}.{name}" in REVIEWER_EDITABLE_MODELS:
                    actions.append("change")
            wanted += [(app_label, f"{action}_{name}") for action in actions]
    if role == PROGRAMME_STAFF:
        wanted += PROGRAMME_STAFF_EXTRA
    return wanted


def ensure_role_groups(sender=None, **kwargs):
    from django.contrib.auth.models import Group, Permission

    for role in ROLE_LABELS:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = _codenames_for(role)
        permissions = [
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in=[*PROGRAMME_APPS, "accounts"]
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)
