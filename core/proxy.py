"""The portal behind its reverse proxy (docker-compose.yml's nginx, deploy/nginx/).

Only the proxy's addresses (``TRUSTED_PROXIES``) may say, through ``X-Forwarded-*``
headers, that a request came over https (``SECURE_PROXY_SSL_HEADER``) or from which client
(``ALLAUTH_TRUSTED_PROXY_COUNT``, so the sign-in limit counts each real client). From any
other address those headers are dropped before Django or allauth read them.

``/healthz`` is answered before the host name is checked: the container's healthcheck
asks it on 127.0.0.1, which is not one of the portal's allowed hosts.
"""

import ipaddress
from functools import cached_property

from django.conf import settings

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def parse_networks(values: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """``TRUSTED_PROXIES`` as networks; a bare address is a network of one. Raises
    ValueError naming the entry that is neither."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(value) from None
    return networks


def is_trusted_proxy(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class TrustedProxyMiddleware:
    """Drops forwarded headers that do not come from the portal's own proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def networks(self):
        return parse_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", ""), self.networks):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
