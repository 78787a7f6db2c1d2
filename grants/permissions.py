"""Who may read what of a technical-support request — asked alike by the admin's pages and
the exports: the reviews (reviewer names, points per criterion) as for the workshop's
applications; finance reads the request, the money and the score, not who scored what."""

from applications import permissions as application_permissions


def may_see_reviews(user) -> bool:
    return application_permissions.may_see_reviews(user)
