"""Browser tests: Playwright drives Debian's Chromium (or $CHROMIUM_PATH) headless.

Playwright cannot download its own browser here, so the system Chromium is launched with
flags that keep it off the network. A failing test leaves a screenshot in test-results/.
"""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if chromium_path() is None:
                item.add_marker(
                    pytest.mark.skip(
                        reason="No Chromium: install Debian's chromium or set CHROMIUM_PATH"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Asia/Bishkek"}


@pytest.fixture
def phone(browser, live_server):
    """A page on a 360×740 phone screen, in Russian."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="ru-RU",
        timezone_id="Asia/Bishkek",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for name in ("page", "phone"):
            page = item.funcargs.get(name)
            if page is not None:
                out = Path("test-results") / f"{item.name}-{name}.png"
                out.parent.mkdir(exist_ok=True)
                with contextlib.suppress(Exception):  # the page may already be closed
                    page.screenshot(path=str(out), full_page=True)


def sign_in(context, live_server, user) -> None:
    """Sign a browser context in as ``user`` with a session cookie (sign-in pages, two-factor
    included, have browser tests of their own)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
