"""`load_demo` on a production database: refused unless told --allow-production, and then
every demo login gets a new random password instead of the README's."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import User
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_refused_when_debug_is_off(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo")
    assert not User.objects.filter(email__endswith="@demo.eged.kg").exists()


def test_allowed_in_production_with_new_random_passwords(settings):
    settings.DEMO_ALLOWED = False
    earlier = UserFactory(email="admin@demo.eged.kg")  # loaded once with the README's password
    earlier.set_password(DEMO_PASSWORD)
    earlier.save()
    out = io.StringIO()
    call_command("load_demo", allow_production=True, stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD not in text
    printed = dict(re.findall(r"^\s+(\S+@demo\.eged\.kg)\s+(\S+) ", text, re.M))
    assert set(printed) == {user[0] for user in DEMO_USERS}
    assert len(set(printed.values())) == len(printed)  # each its own
    for email, password in printed.items():
        person = User.objects.get(email=email)
        assert person.check_password(password)
        assert not person.check_password(DEMO_PASSWORD)
        assert len(password) >= 16


def test_a_production_process_refuses_before_touching_anything(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "k" * 64,
        "ALLOWED_HOSTS": "eged.dpi.kg",
        "MFA_ENCRYPTION_KEY": "m" * 40,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("CommandError: DEBUG is off")
