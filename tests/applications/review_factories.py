"""Criteria, reviewers and submitted reviews for review tests."""

from decimal import Decimal

from accounts import roles
from applications.models import Application
from calls.models import Criterion, Stage
from reviews import scores
from reviews import services as review
from tests.factories import user_with_role

from .factories import ApplicationFactory, complete


def criteria(call, *specs):
    """``specs``: (max_points, weight) per criterion, numbered in order."""
    return [
        Criterion.objects.create(
            call=call,
            stage=Stage.WORKSHOP,
            number=number,
            name=f"Критерий {number}",
            max_points=max_points,
            weight=Decimal(str(weight)),
        )
        for number, (max_points, weight) in enumerate(specs, start=1)
    ]


def reviewer(**kwargs):
    return user_with_role(roles.REVIEWER, **kwargs)


def submitted_application(call, idea_title="Открытые местные бюджеты", **kwargs) -> Application:
    application = complete(ApplicationFactory(call=call, **kwargs))
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, idea_title=idea_title
    )
    application.refresh_from_db()
    return application


def scored(application, person, points, recommendation="support"):
    """``person`` reviews ``application`` with ``points`` in criterion order."""
    assignment = review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    ordered = scores.criteria_for(call=application.call, stage=Stage.WORKSHOP)
    return review.submit_review(
        assignment=assignment,
        by=person,
        points={c.pk: Decimal(str(p)) for c, p in zip(ordered, points, strict=True)},
        recommendation=recommendation,
    )
