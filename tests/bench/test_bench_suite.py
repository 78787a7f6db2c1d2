"""The benchmark suite keeps working: the generator builds a tiny programme twice and
every list page, dashboard and admin changelist costs the same queries at both sizes."""

import pytest
from django.contrib import admin

from bench import admin_list, contracts, generate, pages
from bench.runner import Run

# The generator starts from an empty database (``flush``); PostgreSQL refuses TRUNCATE inside
# a test's transaction, so this test runs outside one.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("bench")]


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """The flushes recreate content types with new ids: later tests must not see old ones."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


def test_generator_and_query_counts(settings):
    # The demo's people get real password hashes; this test needs none of their strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    generate.generate(scale=0.001, log=lambda *_: None)
    small = pages.count_all_pages()
    built = generate.generate(scale=0.01, log=lambda *_: None)
    assert built.counts["applications"] == 50
    assert built.counts["reviews"] == 200
    assert built.counts["support applications"] == 3
    assert built.counts["budget lines"] == 30
    assert built.counts["awards"] == 2 and built.counts["contracts"] == 2
    assert built.counts["spending entries"] == 20 and built.counts["reports"] == 4
    assert built.counts["reallocations"] == 2

    results = pages.query_counts(Run(scale=0.01, repeat=1, small_scale=0.001, small_counts=small))

    measured = {result.figure for result in results}
    for model in admin.site._registry:
        assert f"admin {model._meta.label}" in measured
    assert {"home", "dashboard", "call page", "partner search"} <= measured
    over = [(r.figure, r.reference, r.ours, r.note) for r in results if not r.passed]
    assert not over, over

    # The timed benchmarks run on it too, each giving its figure beside its reference.
    settings.ROOT_URLCONF = "bench.urls"
    settings.ADMIN_2FA_REQUIRED = False
    run = Run(scale=0.01, repeat=1, small_scale=0.001)
    unprinted = contracts.unprinted_contracts()
    assert len(unprinted) == 2
    timed = [*admin_list.admin_list(run), contracts.per_contract(run, unprinted)]
    assert len(timed) == 5
    for result in timed:
        assert result.ours > 0 and result.reference > 0, result
