"""Uploads on S3-compatible storage, switched on by the environment.

The S3 here is moto's server, an emulator of Amazon's API started on a loopback port for
the test — not a real object store (docs/deploy.md says the same).
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "eged-uploads"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret"}

THROUGH_THE_PORTAL = """
import json, django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import storages
default_storage = storages["default"]
name = default_storage.save("applications/7/устав.pdf", ContentFile(b"%PDF-1.4 charter"))
again = default_storage.save("applications/7/устав.pdf", ContentFile(b"%PDF-1.4 other"))
with default_storage.open(name) as stored:
    content = stored.read().decode()
print(json.dumps({
    "backend": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "name": name, "again": again, "content": content, "url": default_storage.url(name),
    "exists": default_storage.exists(name), "size": default_storage.size(name),
}))
default_storage.delete(again)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_endpoint(tmp_path):
    server = Path(sys.executable).parent / "moto_server"
    port = _free_port()
    log = (tmp_path / "moto.log").open("w")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            break
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.3)
    yield endpoint, client
    process.terminate()
    process.wait(timeout=10)
    log.close()


def _portal(tmp_path, code, **env_overrides):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eged_portal.settings", "DEBUG": "true"}
    env.update(VAR_DIR=str(tmp_path), MEDIA_ROOT=str(tmp_path / "media"), **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_bucket_name_puts_uploads_on_s3(tmp_path, s3_endpoint):
    endpoint, client = s3_endpoint
    result = _portal(
        tmp_path,
        THROUGH_THE_PORTAL,
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        **KEYS,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["backend"] == "storages.backends.s3.S3Storage"
    assert seen["content"] == "%PDF-1.4 charter" and seen["exists"] and seen["size"] == 16
    assert seen["again"] != seen["name"], "a second upload of the same name keeps the first"
    # Private: a signed link that expires, under the bucket's media/ folder.
    assert seen["url"].startswith(f"{endpoint}/{BUCKET}/media/applications/7/")
    assert "X-Amz-Signature=" in seen["url"] and "X-Amz-Expires=300" in seen["url"]
    stored = client.get_object(Bucket=BUCKET, Key=f"media/{seen['name']}")
    assert stored["Body"].read() == b"%PDF-1.4 charter"
    listed = client.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert [item["Key"] for item in listed] == [f"media/{seen['name']}"]
    assert not (tmp_path / "media").exists(), "nothing written to the local folder"


def test_without_a_bucket_uploads_stay_in_the_media_folder(tmp_path):
    result = _portal(tmp_path, THROUGH_THE_PORTAL, AWS_STORAGE_BUCKET_NAME="")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert (tmp_path / "media" / seen["name"]).read_bytes() == b"%PDF-1.4 charter"
