"""Who may read what of an application — asked alike by the admin's pages and the exports.

- Applicants' contacts (the proposed attendees' e-mails and phones): programme staff and
  superusers; finance and reviewers work without them.
- The reviews (each reviewer's name, points per criterion, comments): programme staff and
  superusers. Finance sees the mean score and the rank a list shows, never who scored what.
"""

from accounts import roles


def may_see_applicant_contacts(user) -> bool:
    return roles.may_see_personal_data(user)


def may_see_reviews(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=roles.PROGRAMME_STAFF).exists()
