"""A selected coalition confirms its attendee and her needs on a phone, staff mark five days
of attendance in the admin grid, and the coalition downloads her certificate."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from tests.e2e.conftest import sign_in
from tests.factories import user_with_role
from tests.pdfs import pdf_text
from tests.workshops.factories import workshop_with_selected_coalition
from workshops.models import Attendance, Participant

pytestmark = pytest.mark.django_db(transaction=True)


def test_confirm_attendees_mark_attendance_download_certificate(
    browser, phone, live_server, tmp_path
):
    event, _coalition, owner = workshop_with_selected_coalition()
    staff = user_with_role(roles.PROGRAMME_STAFF)
    page = phone

    # The coalition confirms its attendee from the dashboard, on a phone.
    sign_in(page.context, live_server, owner)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Семинар-практикум", exact=True)).to_be_visible()
    page.get_by_role("link", name="Участники и их нужды").click()
    first = page.locator("[data-participant]").first
    expect(first.get_by_label("Имя и фамилия")).to_have_value("Айгуль Садыкова")
    first.get_by_label("Откуда приезжает (город, село)").fill("г. Ош")
    first.get_by_label(re.compile("с 12 на 13 июня")).check()
    first.get_by_label("Питание").select_option(label="вегетарианское")
    first.get_by_label("Согласие на фото и видео").check()
    page.get_by_role("button", name="Подтвердить участников").click()
    expect(page.locator(".alert-success")).to_contain_text("Участники и их нужды сохранены")
    participant = Participant.objects.get(event=event)
    assert (participant.arriving_from, participant.nights, participant.diet) == (
        "г. Ош",
        ["2030-06-12"],
        "vegetarian",
    )

    # Staff mark her present on each of the five days.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    admin = desk.new_page()
    sign_in(desk, live_server, staff)
    admin.goto(f"{live_server.url}/admin/workshops/event/{event.pk}/attendance/")
    row = admin.locator(f'tr[data-participant="{participant.pk}"]')
    for box in row.locator('input[type="checkbox"]').all():
        box.check()
    admin.get_by_role("button", name="Сохранить посещаемость").click()
    expect(admin.locator(".messagelist")).to_contain_text("изменено отметок — 5")
    assert Attendance.objects.filter(participant=participant, present=True).count() == 5
    desk.close()

    # Back on the phone, the certificate is on the dashboard.
    page.goto(f"{live_server.url}/dashboard/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Сертификат: Айгуль Садыкова").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "Айгуль Садыкова" in text and "Сертификат участника" in text
