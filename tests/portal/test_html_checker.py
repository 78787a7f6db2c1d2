"""The Nu HTML checker (vnu.jar) finds no error on the demo's public and member pages.

The checker is a 30 MB Java program, so it is not kept in the repository; the test runs
when ``java`` and the jar are there (``$VNU_JAR``, or ``var/vnu/vnu.jar``) and is skipped
otherwise. `make vnu` fetches the jar from the npm registry; .ci/run does, so CI runs it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.e2e.every_page import kind_of_page

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("VNU_JAR") or ROOT / "var" / "vnu" / "vnu.jar")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (JAR.exists() and shutil.which("java")),
        reason="The Nu HTML checker needs java and vnu.jar ($VNU_JAR or var/vnu/vnu.jar)",
    ),
]


def links(html: str, base: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href")
            if tag == "a" and href:
                found.append(urljoin(base, href))

    Links().feed(html)
    return found


def crawl(client, starts, limit=60) -> dict[str, str]:
    pages, kinds, queue = {}, set(), list(starts)
    while queue and len(pages) < limit:
        parts = urlsplit(queue.pop(0))
        if parts.netloc not in ("", "testserver"):
            continue
        kind = kind_of_page(parts.path)
        if kind is None or kind in kinds:
            continue
        kinds.add(kind)
        response = client.get(parts.path)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            pages[parts.path] = response.content.decode()
            queue.extend(links(pages[parts.path], "http://testserver" + parts.path))
    return pages


def test_public_and_member_pages_have_no_html_errors(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    pages = crawl(client, ["/", "/accounts/login/", "/accounts/signup/", "/calls/eged-2022/"])
    client.force_login(get_user_model().objects.get(email="member@demo.eged.kg"))
    member = crawl(client, ["/dashboard/", "/coalitions/", "/accounts/profile/"])
    pages |= {f"member{path}": html for path, html in member.items()}
    files = []
    for number, (path, html) in enumerate(pages.items()):
        file = tmp_path / f"{number}.html"
        file.write_text(html)
        files.append((str(file), path))
    checked = subprocess.run(
        ["java", "-jar", str(JAR), "--errors-only", "--format", "json", *[f for f, _ in files]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = dict(files)
    errors = [
        f"{names[urlsplit(m['url']).path]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stderr or '{"messages": []}')["messages"]
    ]
    assert len(pages) > 25, sorted(pages)
    assert errors == [], "\n".join(errors)
