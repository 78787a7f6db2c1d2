"""The staff's second-factor secrets are stored encrypted (MFA_ENCRYPTION_KEY): not in the
database's plain text, not in a backup; signing in with a code still works."""

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from accounts import roles
from accounts.mfa_adapter import PREFIX, decrypt
from tests.accounts.test_admin_two_factor import current_code, sign_in
from tests.backups import needs_pg_tools
from tests.factories import user_with_role

ROOT = Path(__file__).resolve().parents[2]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def staff(db):
    return user_with_role(roles.PROGRAMME_STAFF, email="finance.head@example.kg")


def test_secrets_are_stored_encrypted_and_the_code_still_signs_in(client, settings, staff):
    settings.ADMIN_2FA_REQUIRED = True
    TOTP.activate(staff, SECRET)
    codes = RecoveryCodes.activate(staff)
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    recovery = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    assert totp.data["secret"].startswith(PREFIX) and SECRET not in totp.data["secret"]
    assert recovery.data["seed"].startswith(PREFIX)
    assert len(codes.generate_codes()) == 10

    assert sign_in(client, staff).url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(SECRET)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_changed_key_reads_old_secrets_while_the_old_key_is_listed(staff, settings):
    TOTP.activate(staff, SECRET)
    authenticator = Authenticator.objects.get(user=staff)
    old = settings.MFA_ENCRYPTION_KEYS[0]
    settings.MFA_ENCRYPTION_KEYS = ["a-new-key-" + "x" * 40, old]
    assert TOTP(authenticator).validate_code(current_code(SECRET))
    settings.MFA_ENCRYPTION_KEYS = ["a-new-key-" + "x" * 40]
    with pytest.raises(ImproperlyConfigured, match="MFA_ENCRYPTION_KEY is not the key"):
        TOTP(authenticator).validate_code("123456")


def _readable_contents(archive: Path) -> bytes:
    """Every member's bytes, uncompressed; a PostgreSQL dump as the SQL it restores."""
    parts = []
    with tarfile.open(archive) as tar:
        for member in tar:
            data = tar.extractfile(member).read()
            if member.name == "database.pgdump":
                data = subprocess.run(
                    ["pg_restore", "--file=-"], input=data, capture_output=True, check=True
                ).stdout
            parts.append(data)
    return b"".join(parts)


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_backup_does_not_show_the_secrets(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = user_with_role(roles.PROGRAMME_STAFF, email="finance.head@example.kg")
    TOTP.activate(staff, SECRET)
    RecoveryCodes.activate(staff)
    stored = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    seed = decrypt(stored.data["seed"])  # the recovery codes are worked out from it
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    contents = _readable_contents(archive)
    assert b"finance.head@example.kg" in contents  # the search sees the database's text
    assert SECRET.encode() not in contents
    assert seed.encode() not in contents
    assert PREFIX.encode() in contents


def test_production_refuses_to_start_without_the_key(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "eged.example.kg",
        "MFA_ENCRYPTION_KEY": "",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "eged_portal.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "set MFA_ENCRYPTION_KEY in .env" in lines[0], result.stderr
