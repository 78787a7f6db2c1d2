"""Who may do what in grants (beyond the admin's model permissions), asked alike by the
admin's pages and the exports: the reviews of a request as for the workshop's
applications (finance reads the request, the money and the score, not who scored what);
settling doubtful lines and payments is programme staff's."""

from applications import permissions as application_permissions


def may_see_reviews(user) -> bool:
    return application_permissions.may_see_reviews(user)


def can_settle_budget_lines(user) -> bool:
    """Accept or refuse a doubtful line of a request: programme staff."""
    return bool(user and user.is_active and user.has_perm("grants.change_doubtfulbudgetline"))


def can_settle_spending(user) -> bool:
    """Accept or refuse a doubtful payment: programme staff (finance records, staff decide)."""
    return bool(user and user.is_active and user.has_perm("grants.change_doubtfulspending"))
