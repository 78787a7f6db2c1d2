"""The portal's Redis cache backend: Django's, with one client per connection pool."""

import os
import uuid

import pytest

from eged_portal.cache import FallbackRedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="Needs REDIS_URL (Redis); CI sets it"
)


def test_the_cache_stores_and_reuses_its_client():
    cache = FallbackRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.set("page", {"html": "<p>Конкурс</p>"}, 30)
        assert cache.get_many(["page", "missing"]) == {"page": {"html": "<p>Конкурс</p>"}}
        assert cache.add("page", "other", 30) is False
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
    finally:
        cache.delete_many(["page"])
