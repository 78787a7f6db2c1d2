"""The production stack as docker-compose.yml puts it together: Debian's nginx with the
proxy's own config (deploy/nginx/portal.conf.template) and a self-signed certificate in
front of gunicorn, the Celery worker and beat (compose's commands), on PostgreSQL and Redis.

nginx and gunicorn listen on loopback ports chosen at run time; "other clients" are other
loopback addresses (127.0.0.2, 127.0.0.3, …), which nginx sees as different clients.
"""

import datetime as dt
import http.client
import os
import re
import secrets
import socket
import sys
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
import redis
from django.db import connection
from django.utils import timezone

from applications.models import Application
from coalitions.models import Coalition, Membership
from notifications.models import OutgoingMessage
from tests.applications.factories import CallFactory
from tests.factories import PASSWORD, UserFactory
from tests.notifications.factories import ReminderRuleFactory

from . import nginx
from .helpers import Processes, wait_for
from .test_production_processes import _compose_command

VENV_BIN = Path(sys.executable).parent
HSTS = "max-age=31536000; includeSubDomains; preload"
LIMITED = "Слишком много неудачных попыток"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        nginx.NGINX is None, reason="nginx is not installed (apt-get install nginx; CI does)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """Where everything listens, and requests to it from a chosen loopback client."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.gunicorn, self.http, self.https = _free_port(), _free_port(), _free_port()
        self.cert, self.key = nginx.self_signed_certificate(tmp_path, "localhost")
        self.context = nginx.client_context(self.cert)

    def request(self, method, path, *, client="127.0.0.2", port=None, tls=True, **kwargs):
        port = port or (self.https if tls else self.http)
        options = {"timeout": 20, "source_address": (client, 0)}
        if tls:
            conn = http.client.HTTPSConnection("127.0.0.1", port, context=self.context, **options)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port, **options)
        headers = {"Host": f"localhost:{port}", **kwargs.pop("headers", {})}
        conn.request(method, path, headers=headers, **kwargs)
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        conn.close()
        return response, body


def _own_redis(url: str) -> str:
    """CI's REDIS_URL is database 0, which the rest of the suite uses meanwhile (cache,
    queue): there, take database 12 of the same server; elsewhere the one given."""
    parsed = urlparse(url)
    return parsed._replace(path="/12").geturl() if parsed.path in ("", "/", "/0") else url


def _environment(stack: Stack, static_root: Path) -> dict[str, str]:
    db = connection.settings_dict
    redis_url = _own_redis(os.environ["REDIS_URL"])
    redis.Redis.from_url(redis_url).flushdb()  # no sign-in counts left from a previous run
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DEBUG": "false",
        "SECRET_KEY": "integration-" + "n" * 60,
        "MFA_ENCRYPTION_KEY": "integration-mfa-" + "n" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": f"https://localhost:{stack.https}",
        "SECURE_SSL_REDIRECT": "true",
        "TRUSTED_PROXIES": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "VAR_DIR": str(stack.tmp_path),
        "STATIC_ROOT": str(static_root),  # collected as the image does at build
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(stack.tmp_path / "mail"),
        "REMINDER_INTERVAL": "2",
        "MAIL_SWEEP_INTERVAL": "2",
    }
    for name in ("DOMAIN", "CSRF_TRUSTED_ORIGINS", "AWS_STORAGE_BUCKET_NAME"):
        env[name] = ""
    return env


def _proxy_values(stack: Stack) -> dict[str, str]:
    """Compose's values, but for where this machine listens and its certificate."""
    return {
        **nginx.compose_proxy_values({"DOMAIN": "localhost"}),
        "DOMAIN": "localhost",
        "PUBLIC_ORIGIN": f"https://localhost:{stack.https}",
        "NGINX_HTTP_LISTEN": f"127.0.0.1:{stack.http}",
        "NGINX_HTTPS_LISTEN": f"127.0.0.1:{stack.https}",
        "PORTAL_UPSTREAM": f"127.0.0.1:{stack.gunicorn}",
        "TLS_CERTIFICATE": str(stack.cert),
        "TLS_CERTIFICATE_KEY": str(stack.key),
    }


@pytest.fixture
def stack(tmp_path, production_static):
    stack = Stack(tmp_path)
    processes = Processes(_environment(stack, production_static), tmp_path)
    web = _compose_command("web")
    web[web.index("--bind") + 1] = f"127.0.0.1:{stack.gunicorn}"
    web[web.index("--workers") + 1] = "2"
    beat = [
        arg if not arg.startswith("--schedule=") else f"--schedule={tmp_path}/beat"
        for arg in _compose_command("beat")
    ]
    conf = nginx.write_config(tmp_path / "nginx", _proxy_values(stack))
    try:
        processes.start("web", web)
        processes.start("worker", _compose_command("worker"))
        processes.start("beat", beat)
        processes.start("nginx", nginx.command(tmp_path / "nginx", conf))
        wait_for(
            lambda: stack.request("GET", "/healthz")[0].status == 200, 90, "/healthz", processes
        )
        stack.processes = processes
        yield stack
    finally:
        processes.stop()


def _check_https_pages_static_files_and_headers(stack):
    response, body = stack.request("GET", "/")
    assert response.status == 200
    assert '<html lang="ru">' in body
    assert response.getheader("Strict-Transport-Security") == HSTS
    assert len(response.headers.get_all("Strict-Transport-Security")) == 1, "not doubled"
    csp = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in csp and "upgrade-insecure-requests" in csp
    css = re.search(r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]+\.css)"', body)
    static, text = stack.request("GET", css.group(1))
    assert static.status == 200 and "bootstrap" in text.lower()
    assert "immutable" in static.getheader("Cache-Control")
    # Plain http is sent to the same address on https.
    redirect, _ = stack.request("GET", "/calls/?page=2", tls=False)
    assert redirect.status == 301
    assert redirect.getheader("Location") == f"https://localhost:{stack.https}/calls/?page=2"


def _check_gunicorn_ignores_forwarded_headers_from_others(stack):
    direct = {"port": stack.gunicorn, "tls": False, "client": "127.0.0.5"}
    spoofed, _ = stack.request(
        "GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, **direct
    )
    assert spoofed.status == 301, "the header is not believed from a client"
    assert spoofed.getheader("Location") == f"https://localhost:{stack.gunicorn}/accounts/login/"
    through_proxy, _ = stack.request("GET", "/accounts/login/")
    assert through_proxy.status == 200
    # The compose healthcheck asks on 127.0.0.1, which is not an allowed host.
    health, body = stack.request("GET", "/healthz", headers={"Host": "127.0.0.1:8000"}, **direct)
    assert health.status == 200 and '"broker": "ok"' in body


def _sign_in(stack, client, email, password, spoofed_for=None):
    response, body = stack.request("GET", "/accounts/login/", client=client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "Referer": f"https://localhost:{stack.https}/accounts/login/",
    }
    if spoofed_for:
        headers["X-Forwarded-For"] = spoofed_for
    form = {"csrfmiddlewaretoken": token, "login": email, "password": password}
    return stack.request(
        "POST", "/accounts/login/", client=client, body=urlencode(form), headers=headers
    )


def _check_the_sign_in_limit_counts_each_real_client(stack):
    person = UserFactory()
    # One client fails eleven times, claiming another address each time …
    for attempt in range(11):
        response, body = _sign_in(
            stack, "127.0.0.2", f"{secrets.token_hex(4)}@example.kg", "wrong", f"10.9.8.{attempt}"
        )
        assert response.status == 200
    assert LIMITED in body, "the proxy's address for the client is the one counted"
    # … and another client of the same proxy still signs in.
    response, _ = _sign_in(stack, "127.0.0.3", person.email, PASSWORD)
    assert response.status == 302, response.status
    assert "sessionid=" in response.getheader("Set-Cookie")


def _check_uploads_as_large_as_the_forms_allow_reach_django(stack):
    # A form Django reads to the end (its CSRF token is in it), so the answer is Django's
    # page, never a reset connection that nginx would turn into a 502; from an address the
    # sign-in limit has not counted.
    client = "127.0.0.4"
    response, body = stack.request("GET", "/accounts/login/", client=client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "login": "nobody@example.kg", "password": "x"})
    ten_megabytes = f"{form}&padding={'x' * (10 * 1024 * 1024)}"
    response, body = stack.request(
        "POST",
        "/accounts/login/",
        client=client,
        body=ten_megabytes,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"https://localhost:{stack.https}/accounts/login/",
        },
    )
    assert response.status == 200 and 'name="login"' in body, "Django answered, not nginx's 413"
    conn = http.client.HTTPSConnection("127.0.0.1", stack.https, context=stack.context)
    conn.putrequest("POST", "/accounts/login/", skip_host=True)
    conn.putheader("Host", "localhost")
    conn.putheader("Content-Length", str(40 * 1024 * 1024))
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()


def _check_404_in_russian(stack):
    response, body = stack.request("GET", "/no-such-page/")
    assert response.status == 404
    assert response.getheader("Content-Language") == "ru"
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert 'lang="ru"' in body and re.search(r"[А-Яа-яЁё]{4,}", title), title


def _draft_due_now_for_a_kyrgyz_reader() -> str:
    """A draft whose deadline reminder is due; its owner reads the portal in Kyrgyz."""
    call = CallFactory(
        application_deadline=timezone.localtime() + dt.timedelta(days=2), info_session_at=None
    )
    ReminderRuleFactory(call=call, offsets="-3, -1, 0")
    owner = UserFactory(language="ky", email="kyz@example.kg")
    coalition = Coalition.objects.create(name="Коалиция Нарын", kind=Coalition.Kind.CIVIC)
    Membership.objects.create(coalition=coalition, user=owner, role=Membership.Role.OWNER)
    Application.objects.create(call=call, coalition=coalition)
    return owner.email


def _check_the_worker_writes_kyrgyz_in_kyrgyz(stack):
    email = _draft_due_now_for_a_kyrgyz_reader()

    def sent():
        return OutgoingMessage.objects.filter(
            to_email=email, status=OutgoingMessage.Status.SENT
        ).exists()

    wait_for(sent, 90, "the worker to send the Kyrgyz reminder", stack.processes)
    message = OutgoingMessage.objects.get(to_email=email)
    assert message.language == "ky"
    mail = "".join(f.read_text() for f in (stack.tmp_path / "mail").iterdir())
    assert email in mail
    # The footer comes from the compiled Kyrgyz catalogue (locale/ky/…/django.mo).
    assert "EGED программасынын командасы" in message.body_text


def test_nginx_gunicorn_worker_and_beat_serve_the_portal_safely(stack):
    _check_https_pages_static_files_and_headers(stack)
    _check_gunicorn_ignores_forwarded_headers_from_others(stack)
    _check_the_sign_in_limit_counts_each_real_client(stack)
    _check_uploads_as_large_as_the_forms_allow_reach_django(stack)
    _check_404_in_russian(stack)
    _check_the_worker_writes_kyrgyz_in_kyrgyz(stack)
