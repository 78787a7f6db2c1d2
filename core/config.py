"""Blocks of settings that are data rather than choices, built here so that
eged_portal/settings.py reads as the list of what the environment decides."""

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

# Browser features the portal never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def content_security_policy(*, https: bool) -> dict:
    """Scripts only from the portal's own static files (or carrying the response's nonce):
    no inline handlers, no eval, nothing from another host. Style attributes are allowed
    because the Django admin, its add-ons and the e-mail preview use them; <style> elements
    need the nonce. Everything else is the portal's own origin."""
    directives = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
    if https:
        directives["upgrade-insecure-requests"] = True
    return {"DIRECTIVES": directives}


def s3_storage(env) -> dict:
    """Uploads on S3-compatible storage (django-storages): private, no public ACL, links
    signed for a few minutes, files never overwritten. ``env(name, default)`` reads the
    environment as settings.py does."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            "location": env("AWS_LOCATION", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }


BROKER_REDIS_OPTIONS = {
    "visibility_timeout": 3600,
    # A request that enqueues work while Redis is down gives up at once (the sweep re-finds
    # the work) instead of retrying for seconds on every task it sends.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
}


def broker_transport_options(broker_url: str, var_dir) -> dict:
    """Redis's options, or the folders of kombu's filesystem transport (made here)."""
    if broker_url != "filesystem://":
        return BROKER_REDIS_OPTIONS
    queue, processed = var_dir / "celery-queue", var_dir / "celery-processed"
    for folder in (queue, processed):
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(processed),
        "store_processed": False,
    }
