"""The donor workbook's «Сводка» sheet (the overview's figures with native Excel charts,
read back as Excel and LibreOffice would) and the public results page's figures."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl.chart import BarChart
from pypdf import PdfReader

from coalitions.models import Region
from core.money import som
from grants.models import Award, AwardLine
from reports import programme
from tests.grants.award_factories import awarded
from tests.reports.overview_counts import build, expected
from tests.workbooks import open_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook(call) -> bytes:
    target = io.BytesIO()
    programme.build_programme_report(call=call, target=target)
    return target.getvalue()


def blocks(sheet) -> dict[str, list[tuple]]:
    """The sheet's titled tables: title → its rows (the header row first)."""
    found, current = {}, None
    for row in sheet.iter_rows(min_row=3, values_only=True):
        cells = [value for value in row if value is not None]
        if not cells:
            current = None
        elif current is None:
            current = found.setdefault(cells[0], [])
        else:
            current.append(tuple(cells))
    return found


def test_the_summary_sheet_holds_the_overview_figures_with_a_chart_each(travel):
    call = build(travel)
    want = expected(call)
    book = open_workbook(workbook(call))
    assert book.sheetnames[0] == "Сводка"
    sheet = book["Сводка"]
    tables = blocks(sheet)
    funnel = dict(tables["Воронка программы"][1:])
    assert [str(value) for value in funnel.values()] == [
        want[f"funnel:{key}"]
        for key in (
            "registered",
            "paired",
            "applied",
            "selected",
            "attended",
            "asked",
            "awarded",
            "final_accepted",
        )
    ]
    regions = {row[0]: row[1:] for row in tables["Заявки по целевым регионам"][1:]}
    for region in Region.objects.all():
        key = f"regions:region-{region.slug}"
        assert [str(v) for v in regions[region.name]] == [want[f"{key}:{n}"] for n in range(3)]
    reviewers = tables["Ход оценки по рецензентам"][1:]
    # The donor's copy names no reviewer.
    assert [row[0] for row in reviewers] == [f"Рецензент {n}" for n in range(1, len(reviewers) + 1)]
    assert sorted(str(v) for row in reviewers for v in row[1:]) == sorted(
        value for key, value in want.items() if key.startswith("reviewers:")
    )
    kinds = {row[0]: row[1:] for row in tables["Поддержка по видам"][1:]}
    assert som(kinds["эксперт"][0]) == want["money:kind-expert:0"]
    assert som(kinds["мероприятие"][1]) == want["money:kind-event:1"]
    budget = dict(tables["Бюджет конкурса"][1:])
    assert som(budget["остаток бюджета"]) == want["budget:left"]
    assert som(budget["израсходовано"]) == want["budget:spent"]
    reports = {row[0]: row[1:] for row in tables["Отчёты о кампаниях"][1:]}
    assert [str(v) for v in reports["промежуточный"]] == [
        want[f"reports:reports-interim:{n}"] for n in range(5)
    ]
    charts = sheet._charts
    assert len(charts) == 7 and all(isinstance(chart, BarChart) for chart in charts)
    assert charts[1].grouping == "stacked"  # pairs and single coalitions, one bar


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_summary_and_prints_its_figures(travel, tmp_path):
    call = build(travel)
    source = tmp_path / "report.xlsx"
    source.write_bytes(workbook(call))
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    reader = PdfReader(tmp_path / "report.pdf")
    first = reader.pages[0].extract_text()
    assert f"Сводка: {call.title}" in first
    assert "Воронка программы" in first
    text = " ".join(page.extract_text() for page in reader.pages[:3])
    for words in ("Заявки по целевым регионам", "Ход оценки по рецензентам", "870"):
        assert words in text
    # The charts are drawn: their titles are in the printed pages too (once as the table's
    # title, once as the chart's).
    assert text.count("Бюджет конкурса") >= 2


def test_the_public_page_counts_published_campaigns_by_region_and_kind(client):
    chui, osh = (
        Region.objects.create(slug="t-chui", name="Чуй"),
        Region.objects.create(slug="t-osh", name="Ош"),
    )
    first = awarded(published=True)
    call = first.call
    call.status = call.Status.CLOSED
    call.save(update_fields=["status"])
    second = awarded(call=call, published=True)
    hidden = awarded(call=call, published=False)
    from tests.applications.factories import ApplicationFactory

    for award, places in ((first, [chui, osh]), (second, [chui]), (hidden, [osh])):
        application = ApplicationFactory(call=call, coalition=award.application.coalition)
        application.regions.set(places)
        award.application.workshop_application = application
        award.application.save(update_fields=["workshop_application"])
    awarded(call=call, published=True)  # no workshop application: no region
    page = client.get(reverse("grants:public_results", args=[call.slug])).content.decode()
    published = Award.objects.filter(call=call, published=True)
    assert published.count() == 3
    assert 'data-figure="Чуй">2<' in page
    assert 'data-figure="Ош">1<' in page
    assert 'data-figure="регион не указан">1<' in page
    lines = AwardLine.objects.filter(award__in=published, budget_line__support_type="event")
    total = sum((line.amount for line in lines), Decimal(0))
    assert f'data-figure="мероприятие:amount">{som(total)}<' in page
    assert 'data-figure="мероприятие:campaigns">3<' in page
    assert 'data-chart="public-regions"' in page and "<svg" in page
