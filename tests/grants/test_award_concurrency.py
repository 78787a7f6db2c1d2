"""Many staff members awarding at the same moment on PostgreSQL: the sum of awards never
exceeds the call's budget (the call's row is locked while awards are added up)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from core.errors import PortalError
from grants import awards
from grants.models import Award
from tests.factories import UserFactory

from .factories import submitted, support_call

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL); CI sets it"
    ),
]

THREADS = 12


@pytest.fixture
def no_pdf(monkeypatch):
    # The contract PDFs are not what this test is about; keep the threads quick.
    monkeypatch.setattr("core.queue.enqueue_on_commit", lambda *args, **kwargs: None)


def _award_all_at_once(requests, staff, amount=None) -> tuple[int, list[str]]:
    barrier = threading.Barrier(len(requests))
    done, refused, errors = [], [], []

    def award(request):
        try:
            connection.ensure_connection()  # connect first, so the awards start together
            barrier.wait(timeout=20)
            awards.award_support(application=request, by=staff, amount=amount)
            done.append(request.pk)
        except PortalError as error:
            refused.append(str(error))
        except Exception as exc:  # reported below: a thread's exception is lost otherwise
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=award, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return len(done), refused


def test_concurrent_awards_never_exceed_the_budget(support_open, no_pdf, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call = support_call(budget=Decimal("870000"))
    requests = [submitted(call, budget=((1, 200000),)) for _ in range(THREADS)]
    staff = UserFactory(is_staff=True)
    done, refused = _award_all_at_once(requests, staff)
    total = sum(Award.objects.filter(call=call).values_list("amount", flat=True))
    assert done == 4  # 4 × 200 000 fit in 870 000; a fifth would not
    assert total == Decimal("800000")
    assert len(refused) == THREADS - 4
    assert all("Бюджет конкурса превышен" in message for message in refused)
    # The contracts are numbered 1…4 with no gap or duplicate.
    numbers = sorted(Award.objects.filter(call=call).values_list("contract__sequence", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_concurrent_changes_of_the_same_awards_stay_within_the_budget(
    support_open, no_pdf, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call = support_call(budget=Decimal("100000"))
    requests = [submitted(call, budget=((1, 30000),)) for _ in range(6)]
    staff = UserFactory(is_staff=True)
    for request in requests[:3]:
        awards.award_support(application=request, by=staff, amount=Decimal("10000"))
    # Everyone raises to the full 30 000 at once: only some fit.
    _award_all_at_once(requests, staff)
    total = sum(Award.objects.filter(call=call).values_list("amount", flat=True))
    assert total <= call.budget
    assert total >= Decimal("90000")  # as many as could fit did
