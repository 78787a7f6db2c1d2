import pytest

from eged_portal import views

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_fails_when_the_broker_is_down(client, monkeypatch):
    def broker_down():
        raise ConnectionRefusedError("redis down")

    monkeypatch.setattr(views, "_check_broker", broker_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error: ConnectionRefusedError"
    assert response.json()["database"] == "ok"
