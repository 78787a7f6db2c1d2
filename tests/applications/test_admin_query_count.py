"""The staff application list costs the same number of queries at 10 and at 500 rows."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from applications.models import Application
from coalitions.models import Coalition
from reviews import tallies
from reviews.models import ReviewAssignment, Score
from tests.factories import user_with_role

from .factories import CallFactory
from .review_factories import criteria, reviewer


def build(call, count, reviewers, crits):
    coalitions = Coalition.objects.bulk_create(
        Coalition(name=f"Коалиция {call.pk}-{i}", kind=Coalition.Kind.CIVIC) for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call, coalition=c, idea_title=f"Идея {i}", status=Application.Status.SUBMITTED
        )
        for i, c in enumerate(coalitions)
    )
    content_type = ContentType.objects.get_for_model(Application)
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            call=call,
            stage="workshop_application",
            content_type=content_type,
            object_id=a.pk,
            reviewer=r,
            status=ReviewAssignment.Status.SUBMITTED,
        )
        for a in applications
        for r in reviewers
    )
    Score.objects.bulk_create(
        Score(assignment=s, criterion=c, points=(s.pk + c.pk) % 10)
        for s in assignments
        for c in crits
    )
    # Written in bulk, past the review services: store the scores as they would.
    tallies.refresh_tallies(Application, [a.pk for a in applications])


def count_queries(client, call):
    url = reverse("admin:applications_application_changelist") + f"?call__id__exact={call.pk}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + "&all=")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_rows(client):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    reviewers = [reviewer() for _ in range(3)]
    small, large = CallFactory(), CallFactory()
    for call, count in ((small, 10), (large, 500)):
        crits = criteria(call, (10, 1), (10, 2))
        build(call, count, reviewers, crits)
    client.force_login(staff)
    client.get(reverse("admin:applications_application_changelist"))  # warm caches

    at_10, page_10 = count_queries(client, small)
    at_500, page_500 = count_queries(client, large)
    assert at_10 == at_500, (at_10, at_500)
    assert "Идея 499" in page_500 or "Идея 0" in page_500
    assert "3/3" in page_10


@pytest.mark.django_db
def test_the_priorities_filter_offers_the_filtered_calls_priorities(client):
    from calls.models import Priority

    ours, other = CallFactory(), CallFactory()
    Priority.objects.create(call=ours, number=99, title="Бюджет айыл окмоту")
    Priority.objects.create(call=other, number=99, title="Чужой приоритет")
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    url = reverse("admin:applications_application_changelist")

    filtered = client.get(url, {"call__id__exact": ours.pk}).content.decode()
    everything = client.get(url).content.decode()

    assert "Бюджет айыл окмоту" in filtered and "Чужой приоритет" not in filtered
    assert "Бюджет айыл окмоту" in everything and "Чужой приоритет" in everything
