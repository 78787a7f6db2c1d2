"""The Redis cache: one client per connection pool, and it survives Redis being down.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache operation, and
building one registers some 170 response callbacks: on the benchmark machine that cost
0.3 ms of CPU, as much as the rest of a cache hit. A client holds nothing but its pool and
may be shared, so it is built once per pool (the pools are Django's, per process).

The cache holds nothing the portal cannot lose (allauth's sign-in rate limits, cached
roles). When Redis cannot be reached, each process falls back to a cache of its own
memory — rate limits still count, per process — and does not ask Redis again for
``RETRY_AFTER`` seconds, so that a Redis outage neither breaks sign-in nor adds a
connection timeout to every request.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]


class FallbackRedisCache(RedisCache):
    RETRY_AFTER = 30.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._fallback = LocMemCache(f"fallback-{server}", {"TIMEOUT": params.get("TIMEOUT")})
        self._down_until = 0.0

    def reachable(self) -> bool:
        """Whether Redis answered last time (this process is not on its own memory)."""
        return time.monotonic() >= self._down_until

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning("Redis cache unreachable, using process memory: %s", exc)
                self._down_until = time.monotonic() + self.RETRY_AFTER
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
