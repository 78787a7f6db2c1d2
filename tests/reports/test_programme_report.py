"""The donors' programme report: its figures against hand-computed ones, and how staff
start it in the admin, watch it and download it (or run it from the command line).

Hand-worked pipeline of the call (regions Чуй, Ош, Нарын):
- A: civic coalition alone, submitted, targets Чуй
- B: pair, selected, targets Чуй and Ош
- C: economic coalition alone, selected, targets Ош
- D: civic coalition alone, draft, no region yet
- E: pair, rejected, targets Чуй
and, in another call (never counted), a selected civic application for Нарын.

Expected (applications, pairs, single, selected):
all 5, 2, 3, 2 · submitted 1, 0, 1, 0 · selected 2, 1, 1, 2 · draft 1, 0, 1, 0 ·
rejected 1, 1, 0, 0 · pair 2, 2, 0, 1 · civic alone 2, 0, 2, 0 · economic alone 1, 0, 1, 1 ·
Чуй 3, 2, 1, 1 · Ош 2, 1, 1, 2 · Нарын 0, 0, 0, 0
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from applications.models import Application
from coalitions.models import Coalition
from notifications.models import OutgoingMessage
from reports import programme
from reports.models import ReportJob
from reports.tasks import sweep_report_jobs
from tests.applications.factories import ApplicationFactory, CallFactory
from tests.coalitions.factories import CoalitionFactory, RegionFactory
from tests.factories import user_with_role
from tests.workbooks import headers, open_workbook, sheet_rows

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call():
    chui = RegionFactory(name="Чуй", order=1)
    osh = RegionFactory(name="Ош", order=2)
    naryn = RegionFactory(name="Нарын", order=3)
    call, other = CallFactory(slug="eged-2030"), CallFactory()

    def application(status, regions, pair=False, kind=Coalition.Kind.CIVIC, in_call=call):
        partner = CoalitionFactory(kind=Coalition.Kind.ECONOMIC) if pair else None
        made = ApplicationFactory(
            call=in_call, coalition=CoalitionFactory(kind=kind), partner=partner, status=status
        )
        made.regions.set(regions)

    application(S.SUBMITTED, [chui])
    application(S.SELECTED, [chui, osh], pair=True)
    application(S.SELECTED, [osh], kind=Coalition.Kind.ECONOMIC)
    application(S.DRAFT, [])
    application(S.REJECTED, [chui], pair=True)
    application(S.SELECTED, [naryn], in_call=other)
    return call


def figures(content):
    rows = sheet_rows(open_workbook(content)["Заявки"])
    return {
        (row["разрез"], row["значение"]): (
            row["заявок"],
            row["из них пар"],
            row["из них одиночных коалиций"],
            row["из них отобрано"],
        )
        for row in rows
    }


def build(call) -> bytes:
    target = io.BytesIO()
    programme.build_programme_report(call=call, target=target)
    return target.getvalue()


def test_pipeline_figures_match_the_hand_count(call):
    content = build(call)
    sheet = open_workbook(content)["Заявки"]
    assert headers(sheet) == [
        "разрез",
        "значение",
        "заявок",
        "из них пар",
        "из них одиночных коалиций",
        "из них отобрано",
    ]
    assert sheet.freeze_panes == "A2"
    got = figures(content)
    assert got[("всего", "все заявки")] == (5, 2, 3, 2)
    assert got[("статус", "подана")] == (1, 0, 1, 0)
    assert got[("статус", "отобрана")] == (2, 1, 1, 2)
    assert got[("статус", "черновик")] == (1, 0, 1, 0)
    assert got[("статус", "отклонена")] == (1, 1, 0, 0)
    assert got[("статус", "в резерве")] == (0, 0, 0, 0)
    assert got[("заявитель", "пара коалиций")] == (2, 2, 0, 1)
    assert got[("заявитель", "одна коалиция: гражданская")] == (2, 0, 2, 0)
    assert got[("заявитель", "одна коалиция: экономическая")] == (1, 0, 1, 1)
    assert got[("целевой регион", "Чуй")] == (3, 2, 1, 1)
    assert got[("целевой регион", "Ош")] == (2, 1, 1, 2)
    assert got[("целевой регион", "Нарын")] == (0, 0, 0, 0)


def test_a_registered_sheet_builder_adds_its_sheet(call, monkeypatch):
    from core.xlsx import Column

    monkeypatch.setattr(programme, "SHEETS", dict(programme.SHEETS))

    @programme.register_sheet("extra", "Дополнительно", order=999)
    def extra(writer, call):
        writer.sheet("Дополнительно", [Column("конкурс")]).append([call.slug])

    book = open_workbook(build(call))
    assert book.sheetnames[:2] == ["Сводка", "Заявки"]
    assert book.sheetnames[-1] == "Дополнительно"
    assert sheet_rows(book["Дополнительно"]) == [{"конкурс": "eged-2030"}]


def test_staff_start_the_report_watch_it_and_download_it(
    client, call, django_capture_on_commit_callbacks
):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    client.force_login(staff)
    start = client.get(reverse("admin:reports_reportjob_add"))
    assert "Собрать отчёт" in start.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:reports_reportjob_add"), {"call": call.pk})
    assert response.status_code == 302

    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.requested_by) == (ReportJob.Status.DONE, 100, staff)
    listing = client.get(reverse("admin:reports_reportjob_changelist")).content.decode()
    assert "Скачать .xlsx" in listing
    assert 'http-equiv="refresh"' not in listing  # nothing is building any more

    download = client.get(reverse("admin:reports_reportjob_download", args=[job.pk]))
    assert download.status_code == 200
    assert 'filename="eged-report-eged-2030-' in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert figures(content)[("всего", "все заявки")] == (5, 2, 3, 2)
    assert OutgoingMessage.objects.filter(key=f"report-ready:{job.pk}", to_email=staff.email)


def test_a_report_being_built_shows_its_progress(client, call):
    ReportJob.objects.create(call=call, status=ReportJob.Status.RUNNING, progress=40, step="Заявки")
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    listing = client.get(reverse("admin:reports_reportjob_changelist")).content.decode()
    assert '<progress value="40" max="100">' in listing
    assert "— Заявки" in listing
    assert 'http-equiv="refresh"' in listing


def test_running_a_job_twice_builds_it_once(call):
    job = ReportJob.objects.create(call=call)
    programme.run_report_job(job_id=job.pk)
    first = ReportJob.objects.get().file.name
    programme.run_report_job(job_id=job.pk)
    assert ReportJob.objects.get().file.name == first


def test_a_failed_build_is_recorded(call, monkeypatch):
    monkeypatch.setattr(programme, "SHEETS", dict(programme.SHEETS))

    @programme.register_sheet("broken", "Сломанный", order=99)
    def broken(writer, call):
        raise RuntimeError("нет данных")

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    before = set(ALL_TEMP_FILES)
    job = programme.run_report_job(job_id=ReportJob.objects.create(call=call).pk)
    assert job.status == ReportJob.Status.FAILED
    assert "нет данных" in job.error
    # The sheets written before the failure are closed and their files deleted, not left
    # to the worker's exit (and to a ValueError when they are collected).
    assert set(ALL_TEMP_FILES) == before


def test_finance_download_but_do_not_start_reports(client, call):
    job = ReportJob.objects.create(call=call)
    programme.run_report_job(job_id=job.pk)
    client.force_login(user_with_role(roles.FINANCE))
    assert client.get(reverse("admin:reports_reportjob_add")).status_code == 403
    download = client.get(reverse("admin:reports_reportjob_download", args=[job.pk]))
    assert download.status_code == 200


def test_management_command_writes_the_same_report(call, tmp_path):
    output = tmp_path / "report.xlsx"
    call_command("programme_report", "--call", "eged-2030", "--output", str(output))
    assert figures(output.read_bytes())[("целевой регион", "Ош")] == (2, 1, 1, 2)


def test_management_command_names_the_calls_when_the_slug_is_wrong(call, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="eged-2030"):
        call_command("programme_report", "--call", "nope", "--output", str(tmp_path / "x.xlsx"))


def test_a_job_whose_worker_died_is_swept_up_and_built_once(call, settings):
    """The worker was killed mid-build: the job stays «running» without a heartbeat; the
    sweep hands it over again, it is built from the start and its e-mail goes once."""
    settings.REPORT_REQUEUE_AFTER = 600
    staff = user_with_role(roles.PROGRAMME_STAFF)
    job = ReportJob.objects.create(
        call=call,
        requested_by=staff,
        status=ReportJob.Status.RUNNING,
        progress=40,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    # While its heartbeat is fresh nobody else builds it, nor does the sweep hand it over.
    assert programme.run_report_job(job_id=job.pk).status == ReportJob.Status.RUNNING
    assert programme.lost_report_job_ids() == []

    later = timezone.now() + dt.timedelta(minutes=11)
    assert programme.lost_report_job_ids(now=later) == [job.pk]
    with time_machine.travel(later, tick=False):
        assert sweep_report_jobs() == 1  # tasks run inline in tests: built now
        assert sweep_report_jobs() == 0
    job.refresh_from_db()
    assert (job.status, job.progress) == (ReportJob.Status.DONE, 100)
    assert open_workbook(job.file.open("rb").read())
    assert OutgoingMessage.objects.filter(key=f"report-ready:{job.pk}").count() == 1


def test_a_queued_job_whose_task_was_lost_is_swept_up(call, settings):
    settings.REPORT_REQUEUE_AFTER = 600
    job = ReportJob.objects.create(call=call)
    assert programme.lost_report_job_ids() == []
    assert programme.lost_report_job_ids(now=timezone.now() + dt.timedelta(minutes=11)) == [job.pk]
