"""The proxy container's start script renders deploy/nginx/portal.conf.template exactly as
tests/integration/test_production_behind_nginx.py does, and refuses a missing value."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration import nginx

START = nginx.ROOT / "deploy" / "nginx" / "start.sh"

pytestmark = pytest.mark.skipif(shutil.which("envsubst") is None, reason="needs gettext's envsubst")


def _run(tmp_path: Path, values: dict[str, str]) -> subprocess.CompletedProcess:
    stub = tmp_path / "nginx"
    stub.write_text('#!/bin/sh\necho "nginx $*" >> "$(dirname "$0")/calls"\n')
    stub.chmod(0o755)
    env = {
        "PATH": os.environ["PATH"],
        "TEMPLATE": str(nginx.TEMPLATE),
        "OUTPUT": str(tmp_path / "portal.conf"),
        "NGINX": str(stub),
        **values,
    }
    return subprocess.run(["sh", str(START)], env=env, capture_output=True, text=True, timeout=30)


def test_the_container_renders_what_the_integration_test_runs(tmp_path):
    values = nginx.compose_proxy_values({"DOMAIN": "eged.dpi.kg"})
    assert values["PUBLIC_ORIGIN"] == "https://eged.dpi.kg"
    assert values["TLS_CERTIFICATE"] == "/etc/letsencrypt/live/eged.dpi.kg/fullchain.pem"
    result = _run(tmp_path, values)
    assert result.returncode == 0, result.stderr
    rendered = (tmp_path / "portal.conf").read_text()
    assert rendered == nginx.render(values)
    assert "${" not in rendered.replace("${...}", ""), "every variable has its value"
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in rendered
    assert "return 301 https://eged.dpi.kg$request_uri;" in rendered
    assert (tmp_path / "calls").read_text().splitlines() == [
        "nginx -t -q",
        "nginx -g daemon off;",
    ]


def test_a_missing_value_stops_the_proxy_saying_which(tmp_path):
    values = nginx.compose_proxy_values({"DOMAIN": "eged.dpi.kg"})
    del values["CLIENT_MAX_BODY_SIZE"]
    result = _run(tmp_path, values)
    assert result.returncode == 1
    assert result.stderr.strip() == "proxy: set CLIENT_MAX_BODY_SIZE (see docker-compose.yml)"
    assert not (tmp_path / "calls").exists()


@pytest.mark.skipif(nginx.NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_debian_nginx_accepts_the_config_with_composes_values(tmp_path):
    cert, key = nginx.self_signed_certificate(tmp_path, "eged.dpi.kg")
    values = nginx.compose_proxy_values({"DOMAIN": "eged.dpi.kg"}) | {
        # What only the containers have: the certificate volume and the `web` host name.
        "TLS_CERTIFICATE": str(cert),
        "TLS_CERTIFICATE_KEY": str(key),
        "PORTAL_UPSTREAM": "127.0.0.1:8000",
    }
    folder = tmp_path / "nginx"
    conf = nginx.write_config(folder, values)
    result = subprocess.run(
        [nginx.NGINX, "-t", "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
