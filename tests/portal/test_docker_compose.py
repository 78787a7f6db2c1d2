"""docker-compose.yml cannot run here (no Docker engine); check it against the compose
specification's JSON schema and against the settings. tests/integration/test_behind_nginx.py
runs its proxy config and commands."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service: str) -> str:
    command = SERVICES[service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_the_file_follows_the_compose_specification():
    check = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(check), "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_whole_stack_is_there():
    assert set(SERVICES) == {"proxy", "migrate", "web", "worker", "beat", "db", "redis", "certbot"}
    assert SERVICES["certbot"]["profiles"] == ["certbot"], "run by hand, not by `up`"


def test_migrations_run_once_before_web_worker_and_beat():
    assert _command("migrate") == "python manage.py migrate --noinput"
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        waits_for = SERVICES[name]["depends_on"]["migrate"]["condition"]
        assert waits_for == "service_completed_successfully"
        assert "migrate" not in _command(name)


def test_web_serves_with_gunicorn_behind_the_proxy_only():
    web = SERVICES["web"]
    assert _command("web").startswith("gunicorn eged_portal.wsgi:application --bind 0.0.0.0:8000")
    assert "ports" not in web, "gunicorn publishes no port"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert set(web["networks"]) == {"backend", "proxied"}
    assert COMPOSE["networks"]["proxied"]["internal"] is True
    proxy = SERVICES["proxy"]
    assert proxy["ports"] == ["80:80", "443:443"]
    assert set(proxy["networks"]) == {"edge", "proxied"}
    assert proxy["environment"]["PORTAL_UPSTREAM"] == "web:8000"
    # Django believes forwarded headers from the proxy's network only.
    subnet = COMPOSE["networks"]["proxied"]["ipam"]["config"][0]["subnet"]
    for name in ("migrate", "web", "worker", "beat"):
        env = SERVICES[name]["environment"]
        assert env["TRUSTED_PROXIES"] == subnet
        assert env["SECURE_PROXY_SSL_HEADER"] == "X-Forwarded-Proto"
        assert env["ALLAUTH_TRUSTED_PROXY_COUNT"] == "1"


def test_the_proxy_renders_the_template_the_integration_test_runs():
    dockerfile = (ROOT / "deploy" / "nginx" / "Dockerfile").read_text()
    assert "apt-get install" in dockerfile and " nginx " in dockerfile  # Debian's nginx
    assert "COPY portal.conf.template /etc/nginx/templates/" in dockerfile
    template = (ROOT / "deploy" / "nginx" / "portal.conf.template").read_text()
    names = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    assert names == set(SERVICES["proxy"]["environment"]), "every variable is given"


def test_the_proxy_takes_the_largest_request_the_forms_allow(settings):
    size = SERVICES["proxy"]["environment"]["CLIENT_MAX_BODY_SIZE"]
    megabytes = int(size.removesuffix("m"))
    largest = settings.APPLICATION_ATTACHMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert megabytes * 1024 * 1024 >= largest


def test_the_worker_runs_at_a_lower_cpu_priority():
    assert _command("worker").startswith("nice -n 10 celery -A eged_portal worker")
    # nice counts only inside the container's own CPU group: the group's weight is lower.
    services = COMPOSE["services"]
    assert int(services["worker"]["cpu_shares"]) < int(services["web"].get("cpu_shares", 1024))


def test_worker_and_beat_run_the_portals_celery_app():
    assert "celery -A eged_portal worker" in _command("worker")
    assert _command("beat").startswith("celery -A eged_portal beat")
    schedule = re.search(r"--schedule=(\S+)", _command("beat")).group(1)
    beat_volumes = [v.split(":")[1] for v in SERVICES["beat"]["volumes"]]
    assert any(schedule.startswith(path) for path in beat_volumes), "beat keeps its schedule"


def test_portal_services_point_at_postgres_and_redis_in_production_mode():
    for name in ("migrate", "web", "worker", "beat"):
        service = SERVICES[name]
        env = service["environment"]
        assert env["DEBUG"] == "false"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert any(v.endswith(":/app/var/media") for v in service["volumes"]), "uploads persist"
        assert "backups:/app/var/backups" in service["volumes"]
        assert env["BACKUP_DIR"] == "/app/var/backups"
        if name != "migrate":
            assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_secrets_and_the_domain_must_be_set():
    """Compose itself stops with one line when .env lacks them (``${NAME:?message}``)."""
    text = (ROOT / "docker-compose.yml").read_text()
    assert "${DOMAIN:?Set DOMAIN in .env" in text
    assert "${POSTGRES_PASSWORD:?Set POSTGRES_PASSWORD in .env" in text
    assert "POSTGRES_PASSWORD:-" not in text, "no default password"


def test_data_services_keep_their_data_and_report_health():
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    assert "redisdata:/data" in SERVICES["redis"]["volumes"]
    for name in ("db", "redis"):
        assert SERVICES[name]["healthcheck"]["test"]
    assert set(COMPOSE["volumes"]) >= {"pgdata", "redisdata", "media", "backups", "certs"}


def test_every_variable_the_settings_read_is_documented_in_env_example():
    settings_source = (ROOT / "eged_portal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"} <= read


def test_dockerfile_installs_weasyprint_libraries_and_cyrillic_fonts():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango-1.0-0" in dockerfile
    assert "fonts-dejavu-core" in dockerfile  # DejaVu covers Cyrillic


def test_the_image_installs_the_lock_and_builds_translations_and_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    build = dockerfile[dockerfile.index("COPY . .") :]
    assert "manage.py compile_translations" in build
    assert "manage.py collectstatic --noinput" in build
    assert "DEBUG=false" in build, "the manifest storage production uses"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "**/*.mo" in ignored, "compiled from the .po files at build, never stale"


def test_the_images_build_step_runs_with_its_own_settings(tmp_path):
    """The build's RUN line (production settings with build-only values) loads the settings
    and does its work: a setting production newly requires must be given there too."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    run = next(line for line in dockerfile.splitlines() if line.startswith("RUN DEBUG=false"))
    settings = dict(re.findall(r"\b([A-Z_]+)=(\S+)", run.split(" sh -c ")[0]))
    command = re.search(r"sh -c\s+'([^']+)'", run).group(1)
    env = {
        "PATH": os.environ["PATH"],
        **settings,
        "VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    python = str(Path(sys.executable).parent)
    env["PATH"] = f"{python}:{env['PATH']}"
    subprocess.run(["sh", "-c", command], cwd=ROOT, env=env, check=True, timeout=300)
    assert (tmp_path / "static" / "staticfiles.json").exists()
