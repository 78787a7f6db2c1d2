import os

import pytest


def pytest_collection_modifyitems(config, items):
    real_servers = os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "REDIS_URL"
    )
    for item in items:
        if "integration" in item.nodeid:
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.xdist_group("integration"))
            if "test_production_" in item.nodeid and not real_servers:
                item.add_marker(
                    pytest.mark.skip(
                        reason="Needs DATABASE_URL (PostgreSQL) and REDIS_URL; CI sets both"
                    )
                )
