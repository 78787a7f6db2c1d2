"""The staff's second-factor secrets (TOTP secrets, recovery-code seeds) are kept encrypted.

allauth stores them in ``mfa.Authenticator.data`` and passes each through its adapter's
``encrypt``/``decrypt``. Here they are Fernet tokens (AES with an HMAC) under a key from
``MFA_ENCRYPTION_KEY``, so neither a database dump nor a backup shows them. A value
written before encryption (no prefix) is still read; migration
``accounts.0002_encrypt_mfa_secrets`` encrypts those.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"


def _fernet_key(secret: str) -> bytes:
    """A Fernet key from any string (a long random one): SHA-256 of it, in base64."""
    digest = hashlib.sha256(b"eged-mfa-encryption:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def cipher() -> MultiFernet:
    """The first key encrypts; every key listed decrypts (for changing keys)."""
    keys = settings.MFA_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEY must be set.")
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def encrypt(text: str) -> str:
    if text.startswith(PREFIX):
        return text
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption; the migration encrypts these
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A second-factor secret cannot be decrypted: MFA_ENCRYPTION_KEY is not the key "
            "it was encrypted with (list the old key after the new one)."
        ) from error


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)
