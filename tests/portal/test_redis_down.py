"""Redis down: the portal keeps serving pages, signing in and taking forms; e-mail waits
in the database for the sweep; staff are told in the admin that background work is
delayed — and when the worker is down with Redis up, that e-mail is waiting."""

import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from applications.models import Application
from applications.submission import send_submission_receipt
from coalitions.models import Membership
from eged_portal import background
from eged_portal.celery import app as celery_app
from notifications.models import OutgoingMessage
from notifications.services import due_message_ids
from tests.applications.factories import (
    ApplicationFactory,
    CallFactory,
    complete,
    member_of,
)
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

DELAYED = "Фоновые задачи задерживаются"


def _free_port(start=6390, end=6430) -> int:
    for port in range(start, end):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port for a Redis of the test's own")


class OwnRedis:
    """A redis-server of this test's own (never the shared one), to stop and start."""

    def __init__(self, tmp_path):
        self.port, self.tmp_path, self.process = _free_port(), tmp_path, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=0.5).ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail("the test's own redis-server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def queued_tasks(self) -> int:
        return redis.Redis.from_url(self.url).llen("celery")


def _own_redis_server(tmp_path) -> "OwnRedis":
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH (CI has it)")
    server = OwnRedis(tmp_path)
    server.start()
    return server


@pytest.fixture
def own_redis(tmp_path, settings):
    server = _own_redis_server(tmp_path)
    conf = celery_app.conf
    before = (conf.broker_url, conf.broker_transport_options, conf.task_always_eager)
    # Celery keeps its broker connections in pools made for the URL of the time (eager
    # tasks use them too): the test gets pools of its own, the others get theirs back.
    pools = (celery_app._pool, celery_app.amqp._producer_pool)
    celery_app._pool = celery_app.amqp._producer_pool = None
    # The production broker settings (tests without REDIS_URL use the filesystem broker).
    conf.broker_url, conf.task_always_eager = server.url, False
    conf.broker_transport_options = settings.BROKER_REDIS_OPTIONS
    background.forget()
    yield server
    conf.broker_url, conf.broker_transport_options, conf.task_always_eager = before
    celery_app.pool.force_close_all()
    celery_app._pool, celery_app.amqp._producer_pool = pools
    background.forget()
    if server.process.poll() is None:
        server.kill()


def _admin_banner(client) -> list[str]:
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    text = page.content.decode()
    return [part.split("</li>")[0] for part in text.split("data-background-delay>")[1:]]


def test_with_redis_killed_the_portal_serves_and_staff_are_told(
    own_redis, client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = user_with_role(roles.PROGRAMME_STAFF)
    client.force_login(staff)
    assert _admin_banner(client) == []  # all is well
    client.logout()

    own_redis.kill()
    background.forget()
    began = time.monotonic()

    # A visitor, a member signing in, the dashboard, and an application sent.
    assert client.get(reverse("portal:home")).status_code == 200
    member = UserFactory()
    signed_in = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 200
    call = CallFactory(application_deadline=timezone.now() + timedelta(days=3))
    application = complete(ApplicationFactory(call=call))
    member_of(application.coalition, email="owner@example.kg")
    Membership.objects.create(
        coalition=application.coalition, user=member, role=Membership.Role.EDITOR
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("applications:submit", args=[application.pk]))
    assert sent.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    # The receipt task never reached a worker (made here as the worker would): its
    # e-mails wait in the database for the sweep.
    with django_capture_on_commit_callbacks(execute=True):
        send_submission_receipt(application_id=application.pk, version=application.version)
    # Nothing waited on the dead Redis for long (each task sent used to retry for 6 s).
    assert time.monotonic() - began < 8
    waiting = OutgoingMessage.objects.filter(template="emails/application_submitted")
    assert waiting.count() == 2
    assert set(waiting.values_list("status", flat=True)) == {OutgoingMessage.Status.QUEUED}
    later = timezone.now() + timedelta(seconds=settings.MAIL_REQUEUE_AFTER + 1)
    assert set(due_message_ids(now=later)) == set(waiting.values_list("pk", flat=True))

    # Staff see why, and the check is made once for several pages.
    checks = []
    real_check = background.check_broker
    monkeypatch.setattr(
        background, "check_broker", lambda **kw: checks.append(1) or real_check(**kw)
    )
    client.force_login(staff)
    began = time.monotonic()
    banner = _admin_banner(client)
    assert len(banner) == 1 and banner[0].startswith(DELAYED)
    assert "письма сохранены" in banner[0]
    assert _admin_banner(client) == banner
    assert client.get(reverse("admin:notifications_outgoingmessage_changelist")).status_code == 200
    assert len(checks) == 1
    assert time.monotonic() - began < 5

    # Redis is back: the banner goes with the next check.
    own_redis.start()
    background.forget()
    assert _admin_banner(client) == []


def test_when_e_mail_waits_too_long_staff_are_told_the_worker_may_be_down(client, settings):
    settings.MAIL_DELAY_WARNING = 15 * 60
    background.forget()
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    message = OutgoingMessage.objects.create(
        key="k1", to_email="a@example.kg", language="ru", template="t", subject="s", body_text="b"
    )
    OutgoingMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert _admin_banner(client) == []  # ten minutes: not yet

    OutgoingMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )
    background.forget()
    banner = _admin_banner(client)
    assert len(banner) == 1
    assert banner[0].startswith(f"{DELAYED}: 1 письмо ждёт отправки уже 20 мин.")

    # A member never sees it; once it is sent, staff do not either.
    member = UserFactory()
    client.force_login(member)
    assert DELAYED not in client.get(reverse("portal:dashboard")).content.decode()
    OutgoingMessage.objects.filter(pk=message.pk).update(status=OutgoingMessage.Status.SENT)
    background.forget()
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    assert _admin_banner(client) == []
