"""Who may do what in grants (beyond the admin's model permissions), asked alike by the
admin's pages and the exports. The reviews of a request are read as the workshop's
applications' (``reviews.permissions.may_see_reviews``); settling doubtful lines and
payments is programme staff's."""


def can_settle_budget_lines(user) -> bool:
    """Accept or refuse a doubtful line of a request: programme staff."""
    return bool(user and user.is_active and user.has_perm("grants.change_doubtfulbudgetline"))


def can_settle_spending(user) -> bool:
    """Accept or refuse a doubtful payment: programme staff (finance records, staff decide)."""
    return bool(user and user.is_active and user.has_perm("grants.change_doubtfulspending"))
