"""Start-up checks of the production settings.

A setting that is missing or wrong stops every process of the portal (web, worker, beat,
``manage.py``) with one line that says what to set — not a traceback an administrator has
to read from the bottom.
"""

import re
import sys

# A host name as people type it in the address bar: labels of letters, digits and hyphens,
# at least one dot, no scheme, port, path or trailing dot.
HOST_NAME = re.compile(
    r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*"
    r"\.([a-z]{2,63}|xn--[a-z0-9-]{1,59})$"
)


# The exit status gunicorn's master takes as "a worker failed to boot": it stops instead of
# starting the worker again and again. Any other process just ends with it.
BOOT_ERROR = 3


class StartupRefused(SystemExit):
    """Raised while the settings load: the process ends after one line on stderr."""

    def __init__(self, message: str):
        self.message = f"EGED cannot start: {message}"
        super().__init__(BOOT_ERROR)


def refuse(message: str):
    refusal = StartupRefused(message)
    print(refusal.message, file=sys.stderr, flush=True)
    raise refusal


def check_domain(domain: str) -> str:
    """The portal's host name (``DOMAIN``), lower-cased; refuses anything else."""
    cleaned = domain.strip().lower()
    if not HOST_NAME.match(cleaned):
        refuse(
            f"DOMAIN={domain!r} is not a host name. Set DOMAIN in .env to the portal's "
            "host name alone, such as eged.dpi.kg (no https://, port or path)."
        )
    return cleaned


def check_production(*, secret_key: str, insecure_key: str, allowed_hosts: list[str]) -> None:
    if not secret_key or secret_key == insecure_key or len(secret_key) < 50:
        refuse(
            "SECRET_KEY must be set to a random string of 50 or more characters when "
            "DEBUG is off (production): set SECRET_KEY in .env, e.g. to the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`. For local "
            "work run `make setup` (its .env has DEBUG=true)."
        )
    if not allowed_hosts:
        refuse(
            "set DOMAIN (the portal's host name, such as eged.dpi.kg) or ALLOWED_HOSTS "
            "in .env: production answers only to its own host names."
        )


def check_proxy(*, trusted_proxies: list[str], ssl_header: str, proxy_count: int) -> None:
    from .proxy import parse_networks

    try:
        parse_networks(trusted_proxies)
    except ValueError as error:
        refuse(
            f"TRUSTED_PROXIES has {str(error)!r}, which is neither an IP address nor a "
            "network: set it to the reverse proxy's addresses, such as 172.30.80.0/24."
        )
    if (ssl_header or proxy_count) and not trusted_proxies:
        refuse(
            "SECURE_PROXY_SSL_HEADER and ALLAUTH_TRUSTED_PROXY_COUNT are believed only "
            "from the reverse proxy: set TRUSTED_PROXIES to its addresses."
        )
    if ssl_header and not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", ssl_header):
        refuse(
            f"SECURE_PROXY_SSL_HEADER={ssl_header!r} is not a header name: set it to the "
            "header the proxy sets, such as X-Forwarded-Proto."
        )


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` → Django's ``("HTTP_X_FORWARDED_PROTO", "https")``."""
    if not name:
        return None
    return ("HTTP_" + name.upper().replace("-", "_"), "https")


def whole_number(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        refuse(f"{name}={value!r} is not a whole number: set it to 0, 1, 2…")
    return number


def check_pairs(*pairs: tuple[str, str, str, str]) -> None:
    """Each (name, value, secret's name, secret): a value given without its secret."""
    for name, value, secret_name, secret in pairs:
        if value and not secret:
            refuse(f"{name} is set but {secret_name} is empty: set {secret_name} in .env.")
