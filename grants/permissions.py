"""Who may do what in grants (beyond the admin's model permissions)."""


def can_settle_budget_lines(user) -> bool:
    """Accept or refuse a doubtful line of a request: programme staff."""
    return bool(user and user.is_active and user.has_perm("grants.change_doubtfulbudgetline"))


def can_settle_spending(user) -> bool:
    """Accept or refuse a doubtful payment: programme staff (finance records, staff decide)."""
    return bool(user and user.is_active and user.has_perm("grants.change_doubtfulspending"))
