"""A coalition submits its final report on the portal, staff accept it in the admin, finance
has recorded all spending, the grant closes and the public page shows the result."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts import roles
from grants import implementation
from grants.models import Report
from tests.e2e.conftest import sign_in
from tests.factories import user_with_role
from tests.grants.award_factories import awarded, owner_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_final_report_accepted_grant_closed_result_published(browser, phone, live_server):
    award = awarded(published=True)
    owner = owner_of(award)
    report = Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31))
    implementation.mark_spending_complete(award=award, by=user_with_role(roles.FINANCE))
    staff = user_with_role(roles.PROGRAMME_STAFF)
    page = phone

    # The coalition fills in the report from the dashboard, on a phone, and sends it.
    sign_in(page.context, live_server, owner)
    page.goto(f"{live_server.url}/dashboard/")
    page.locator(f'[data-report="{report.pk}"]').click()
    page.get_by_label("Что сделано").fill("Два круглых стола и слушания в кенеше.")
    page.get_by_label("Расходы публикуются — индикатор").fill("5 айылов")
    page.get_by_label("Слушания в кенеше").fill("1 слушание")
    page.get_by_label("Результаты адвокации и СМИ").fill("Кенеш обязал публиковать расходы.")
    page.get_by_role("button", name="Отправить отчёт").click()
    expect(page.locator("[data-report-status]")).to_have_text("отправлен")

    # Staff accept it in the admin.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    admin = desk.new_page()
    sign_in(desk, live_server, staff)
    admin.goto(f"{live_server.url}/admin/grants/report/")
    admin.locator(f'input[name="_selected_action"][value="{report.pk}"]').check()
    admin.locator('select[name="action"]').select_option("accept")
    admin.get_by_role("button", name="Выполнить").click()
    admin.get_by_role("button", name="Принять").click()
    expect(admin.locator(".messagelist")).to_contain_text("Готово")
    desk.close()

    award.refresh_from_db()
    assert award.closed_at is not None

    # Anyone can see the result on the public page.
    page.goto(f"{live_server.url}/support/results/{award.call.slug}/")
    campaign = page.locator("[data-campaign]")
    expect(campaign).to_contain_text(award.application.title)
    expect(campaign).to_contain_text("5 айылов")
    expect(campaign).to_contain_text("завершена")
