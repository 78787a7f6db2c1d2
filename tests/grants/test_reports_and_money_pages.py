import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from grants import implementation
from grants.models import Report, ReportFile, Spending
from tests.applications.factories import member_of
from tests.coalitions.factories import CoalitionFactory
from tests.factories import UserFactory, user_with_role

from .award_factories import awarded, owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _report(award, **kwargs):
    return Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31), **kwargs)


def _form(report, **answers):
    data = {
        "activities": "Провели слушания.",
        "data_collected": "",
        "advocacy_outcomes": "Кенеш принял решение.",
        "challenges": "",
        "next_steps": "",
    }
    for expected in report.award.application.results.all():
        data[f"achieved_{expected.pk}"] = "3 айыла"
        data[f"comment_{expected.pk}"] = ""
    return data | answers


def test_the_coalition_autosaves_then_submits_its_report(client):
    award = awarded()
    report = _report(award)
    client.force_login(owner_of(award))
    url = reverse("grants:report", args=[report.pk])

    page = client.get(url).content.decode()
    assert "Расходы публикуются — индикатор: айылов, публикующих расходы, цель: 5" in page
    response = client.post(url, _form(report, autosave="1"))
    assert json.loads(response.content)["saved"] is True
    report.refresh_from_db()
    assert report.answers["activities"] == "Провели слушания." and report.status == "draft"

    response = client.post(url, _form(report, submit="1"), follow=True)

    assert "Отчёт отправлен" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.results.get(expected__position=0).achieved == "3 айыла"


def test_a_file_is_kept_private_and_a_bad_one_is_refused_without_losing_the_text(client):
    award = awarded()
    report = _report(award)
    client.force_login(owner_of(award))
    url = reverse("grants:report", args=[report.pk])
    fake = SimpleUploadedFile("data.pdf", b"not really a pdf", content_type="application/pdf")

    response = client.post(url, _form(report, upload=fake, activities="Мой текст"))

    page = response.content.decode()
    assert "не принят" in page and "Мой текст" in page
    assert not ReportFile.objects.exists()
    good = SimpleUploadedFile("data.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    client.post(url, _form(report, upload=good))
    attached = ReportFile.objects.get()
    assert (
        attached.file.name.startswith("private/grants/reports/")
        and "data" not in attached.file.name
    )
    download = client.get(reverse("grants:report_file", args=[report.pk, attached.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]

    client.force_login(member_of(CoalitionFactory()))
    assert (
        client.get(reverse("grants:report_file", args=[report.pk, attached.pk])).status_code == 404
    )


def test_a_coalition_sees_only_its_own_reports_even_by_guessing_ids(client):
    mine, theirs = awarded(), awarded()
    mine_report, their_report = _report(mine), _report(theirs)
    client.force_login(owner_of(mine))

    assert client.get(reverse("grants:report", args=[mine_report.pk])).status_code == 200
    assert client.get(reverse("grants:report", args=[their_report.pk])).status_code == 404
    assert client.post(reverse("grants:report", args=[their_report.pk]), {}).status_code == 404
    client.force_login(user_with_role(roles.REVIEWER))
    assert client.get(reverse("grants:report", args=[mine_report.pk])).status_code == 404
    client.force_login(user_with_role(roles.FINANCE))  # reads reports, cannot change them
    assert client.get(reverse("grants:report", args=[mine_report.pk])).status_code == 200
    client.post(reverse("grants:report", args=[mine_report.pk]), {"activities": "Финансы"})
    mine_report.refresh_from_db()
    assert "activities" not in mine_report.answers
    client.force_login(UserFactory())
    assert client.get(reverse("grants:report", args=[mine_report.pk])).status_code == 404


def test_both_coalitions_of_a_pair_see_their_report_on_the_dashboard_and_no_one_else(client):
    partner = CoalitionFactory()
    pair_award, other_award = awarded(partner=partner), awarded()
    report = _report(pair_award)
    _report(other_award)
    lead_member, partner_member = owner_of(pair_award), member_of(partner)
    lead_member.coalition_memberships.create(coalition=CoalitionFactory(), role="owner")

    for person in (lead_member, partner_member):
        assert list(Report.objects.of_member(person)) == [report]
        client.force_login(person)
        page = client.get(reverse("portal:dashboard")).content.decode()
        assert f'data-report="{report.pk}"' in page
    client.force_login(owner_of(other_award))
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'data-report="{report.pk}"' not in page
    assert not Report.objects.of_member(UserFactory()).exists()


def test_a_submitted_report_is_read_only_for_the_coalition(client):
    award = awarded()
    report = _report(award, status="submitted", answers={"activities": "Отправлено"})
    client.force_login(owner_of(award))

    response = client.post(
        reverse("grants:report", args=[report.pk]), _form(report, activities="Подмена"), follow=True
    )

    assert "нельзя изменить" in response.content.decode()
    report.refresh_from_db()
    assert report.answers["activities"] == "Отправлено"


def test_finance_records_spending_in_the_admin_and_overspending_is_refused_with_the_form_kept(
    client,
):
    award = awarded()
    event = award.lines.get(budget_line__support_type="event")
    client.force_login(user_with_role(roles.FINANCE))
    url = reverse("admin:grants_spending_add")
    data = {
        "award": award.pk,
        "line": event.pk,
        "spent_on": "01.09.2030",
        "amount": "70000",
        "supplier": "Отель «Ала-Тоо»",
        "description": "Аренда зала",
    }

    refused = client.post(url, data)

    page = refused.content.decode()
    assert refused.status_code == 200 and "осталось 60" in page
    assert "Отель «Ала-Тоо»" in page  # what was typed is still in the form
    assert not Spending.objects.exists()
    done = client.post(url, data | {"amount": "59000"}, follow=True)
    assert done.status_code == 200
    spending = Spending.objects.get()
    assert (
        spending.amount == Decimal("59000")
        and spending.recorded_by.groups.filter(name=roles.FINANCE).exists()
    )
    # Finance sees the money of the award but is not a reviewer.
    award_page = client.get(reverse("admin:grants_award_change", args=[award.pk]))
    assert "потрачено 59\u00a0000\u00a0сом" in award_page.content.decode()
    assert client.get(reverse("admin:reviews_reviewassignment_changelist")).status_code == 403


def form_key(response):
    return re.search(r'name="form_key" value="([0-9a-f-]{36})"', response.content.decode())[1]


def test_the_spending_form_sent_twice_records_one_spending_and_a_new_form_another(client):
    award = awarded()
    event = award.lines.get(budget_line__support_type="event")
    client.force_login(user_with_role(roles.FINANCE))
    url = reverse("admin:grants_spending_add")
    key = form_key(client.get(url))
    data = {
        "award": award.pk,
        "line": event.pk,
        "spent_on": "01.09.2030",
        "amount": "1000",
        "supplier": "Такси",
        "description": "Проезд",
        "form_key": key,
    }

    first = client.post(url, data)
    again = client.post(url, data)

    assert first.status_code == again.status_code == 302
    assert Spending.objects.count() == 1
    another_key = form_key(client.get(url))
    assert another_key != key
    client.post(url, data | {"form_key": another_key})
    assert Spending.objects.count() == 2


def test_staff_ask_for_changes_with_a_comment_in_the_admin(client):
    award = awarded()
    owner_of(award)
    report = _report(award)
    report = implementation.save_report(
        report=report,
        answers={"activities": "Сделано", "advocacy_outcomes": "Решение"},
        results={e.pk: ("1", "") for e in award.application.results.all()},
        by=None,
    )
    implementation.submit_report(report=report, by=None)
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    url = reverse("admin:grants_report_changelist")
    action = {"action": "ask_for_changes", "_selected_action": [report.pk]}

    form_page = client.post(url, action)
    assert "Что нужно исправить?" in form_page.content.decode()
    client.post(url, action | {"apply": "1", "comment": "Приложите протокол"}, follow=True)

    report.refresh_from_db()
    assert (report.status, report.staff_comment) == ("changes_requested", "Приложите протокол")
    assert (
        client.post(
            url, {"action": "accept", "_selected_action": [report.pk], "apply": "1"}, follow=True
        ).status_code
        == 200
    )
    report.refresh_from_db()
    assert report.status == "changes_requested"  # a report being corrected cannot be accepted


def test_the_public_page_shows_published_campaigns_without_personal_data(client):
    award = awarded(published=True)
    owner = owner_of(award)
    owner.first_name = "Айгуль"
    owner.save()
    hidden = awarded(call=award.call)

    page = client.get(reverse("grants:public_results", args=[award.call.slug])).content.decode()

    assert award.application.title in page and award.application.coalition.name in page
    assert "160\u00a0000\u00a0сом" in page
    assert hidden.application.coalition.name not in page
    assert owner.email not in page and "Айгуль" not in page
