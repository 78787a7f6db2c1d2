"""docker-compose.yml cannot run here (no Docker engine); check it against the settings."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service: str) -> str:
    command = SERVICES[service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_the_whole_stack_is_there():
    assert set(SERVICES) == {"web", "worker", "beat", "db", "redis"}


def test_web_migrates_then_serves_with_gunicorn():
    command = _command("web")
    assert command.index("migrate --noinput") < command.index("gunicorn")
    assert "collectstatic --noinput" in command
    assert "gunicorn eged_portal.wsgi:application --bind 0.0.0.0:8000" in command
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


def test_worker_and_beat_run_the_portals_celery_app():
    assert _command("worker").startswith("celery -A eged_portal worker")
    assert _command("beat").startswith("celery -A eged_portal beat")
    schedule = re.search(r"--schedule=(\S+)", _command("beat")).group(1)
    beat_volumes = [v.split(":")[1] for v in SERVICES["beat"]["volumes"]]
    assert any(schedule.startswith(path) for path in beat_volumes), "beat keeps its schedule"


def test_portal_services_point_at_postgres_and_redis_in_production_mode():
    for name in ("web", "worker", "beat"):
        service = SERVICES[name]
        env = service["environment"]
        assert env["DEBUG"] == "false"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert any(v.endswith(":/app/var/media") for v in service["volumes"]), "uploads persist"


def test_data_services_keep_their_data_and_report_health():
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    assert "redisdata:/data" in SERVICES["redis"]["volumes"]
    for name in ("db", "redis"):
        assert SERVICES[name]["healthcheck"]["test"]
    assert set(COMPOSE["volumes"]) >= {"pgdata", "redisdata", "media"}


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
    assert "pip install ." in dockerfile
