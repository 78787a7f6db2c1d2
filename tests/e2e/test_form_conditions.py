"""A question of the call's report form shown only when an earlier answer is «Да»: it
appears and disappears as the coalition answers, on a phone, and what was typed into it
is kept when it is hidden."""

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from calls import form_services
from calls.models import Form, Question
from grants.models import Report
from tests.calls.factories import add_question
from tests.grants.award_factories import awarded, owner_of

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_conditional_question_follows_the_answer_and_keeps_its_text(phone, live_server):
    award = awarded()
    version = form_services.current_version(award.call, Form.Kind.REPORT)
    data = version.sections.get(key="data")
    add_question(version, "media", Question.Type.YES_NO, section=data, label="Были ли публикации")
    add_question(
        version,
        "media_links",
        Question.Type.LONG_TEXT,
        section=data,
        label="Ссылки на публикации",
        condition_key="media",
        condition_value="yes",
    )
    report = Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31))
    page = phone
    sign_in(page.context, live_server, owner_of(award))
    page.goto(f"{live_server.url}/support/reports/{report.pk}/")

    links = page.get_by_label("Ссылки на публикации")
    expect(links).to_be_hidden()
    page.get_by_role("radio", name="Да").check()
    expect(links).to_be_visible()
    links.fill("https://example.kg/news/1")
    page.get_by_role("radio", name="Нет").check()
    expect(links).to_be_hidden()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Черновик сохранён")

    for _attempt in range(50):  # the last change's autosave may still be on its way
        report.refresh_from_db()
        if report.answers.get("media") is False:
            break
        time.sleep(0.1)
    assert report.answers["media"] is False
    assert report.answers["media_links"] == "https://example.kg/news/1"
