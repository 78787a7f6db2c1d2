"""Issue 19: the call page and the demo call, as a newcomer reads them.

The information session's full link (passcode included), its format and place; the
seed's «предварительно» notes; the «сейчас» badge only on a step under way; the FAQ; the
texts in Kyrgyz and English; one currency label per language; demo dates on weekdays and
the demo's open call still open on its deadline day.
"""

import datetime as dt
import html

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from applications import demo
from applications.demo_texts import faq_for
from calls.models import Call, call_timeline

from .factories import BISHKEK, CallFactory

pytestmark = pytest.mark.django_db

SPRING_2027 = dt.datetime(2027, 3, 1, 12, 0, tzinfo=BISHKEK)


def page(call, language="ru") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return html.unescape(client.get(call.get_absolute_url()).content.decode())


@pytest.fixture
def demo_call():
    with time_machine.travel(SPRING_2027, tick=False):
        _archive, current = demo.load_calls()
        yield current


def test_the_info_session_link_keeps_its_passcode_and_the_page_shows_format_and_place(demo_call):
    assert demo_call.slug == "eged-2027"
    text = page(demo_call)
    link = "https://us02web.zoom.us/j/81087235181?pwd=RWJJdlNaYU5URE9BUDFZbVNPN3FpQT09"
    assert demo_call.info_session_link == link
    assert f'href="{link}"' in text
    assert "Формат: онлайн и очно" in text
    assert "Место: Бишкек, офис ИПР" in text


def test_the_seeds_tentative_notes_are_shown(demo_call):
    text = page(demo_call)
    assert (
        text.count("Даты предварительные и могут быть уточнены.") == 3
    )  # workshop, support, selection
    assert "Даты и место проведения семинара будут уточнены дополнительно." in text
    english = page(demo_call, "en")
    assert "The workshop's dates and venue will be confirmed later." in english
    assert english.count("(tentative)") == 3


def test_the_now_badge_marks_only_a_step_under_way():
    call = CallFactory()  # info 16 May, deadline 25 May, workshop 13–17 June 2030

    def current(day):
        steps = call_timeline(call, today=day)
        return [step.key for step in steps if step.is_current]

    assert current(dt.date(2030, 1, 10)) == []  # the meeting is months ahead
    assert current(dt.date(2030, 5, 16)) == ["info_session"]
    assert current(dt.date(2030, 5, 20)) == ["application_deadline"]
    assert current(dt.date(2030, 6, 1)) == []  # the workshop is two weeks ahead
    assert current(dt.date(2030, 6, 14)) == ["workshop"]
    with time_machine.travel(dt.datetime(2030, 1, 10, 12, 0, tzinfo=BISHKEK), tick=False):
        assert "сейчас" not in page(call)
    with time_machine.travel(dt.datetime(2030, 6, 14, 12, 0, tzinfo=BISHKEK), tick=False):
        text = page(call)
    badge = text.index("сейчас")
    assert text.rindex("Семинар-практикум", 0, badge) > text.rindex("Крайний срок", 0, badge)


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_the_demo_carries_a_faq_in_each_language(demo_call, language):
    column = {"ru": 0, "ky": 1, "en": 2}[language]
    text = page(demo_call, language)
    entries = faq_for(demo_call)
    assert len(entries) == 6
    for entry in entries:
        assert entry[column] in text  # the question
        assert entry[column + 3].split(";")[0][:60] in text  # the answer
    assert "abuzurmankulova@dpi.kg" in entries[-1][column + 3]


def test_in_kyrgyz_and_english_the_call_page_has_no_russian_text_of_the_call(demo_call):
    russian = [
        demo.CALL_2022["title"],
        demo.CALL_2022["summary"],
        demo.CALL_2022["description"][:80],
        demo.CALL_2022["requirements"][:80],
        demo.CALL_2022["funders"][:60],
        'timeline-label">Информационная встреча',
        'timeline-label">Крайний срок приёма заявок',
        "Вопросы и ответы",
        "коалиций, всего около",
        "Место: Бишкек, офис ИПР",
        *[ru for ru, _ky, _en in demo.PRIORITIES + demo.KEY_TOPICS],
        *[entry[0] for entry in faq_for(demo_call)],
    ]
    for language, column in (("ky", 1), ("en", 2)):
        text = page(demo_call, language)
        for phrase in russian:
            assert phrase not in text, (language, phrase)
        for row in demo.PRIORITIES + demo.KEY_TOPICS:
            assert row[column] in text
    assert demo.TEXTS["description_ky"][:80] in page(demo_call, "ky")


def test_amounts_carry_one_currency_label_per_language(demo_call):
    assert "870\u00a0000\u00a0KGS" in page(demo_call, "en")
    assert "сом" not in page(demo_call, "en")
    assert "870\u00a0000\u00a0сом" in page(demo_call, "ky")
    assert "870\u00a0000\u00a0сом" in page(demo_call, "ru")


@pytest.mark.parametrize("year", range(2023, 2036))
def test_no_demo_event_falls_on_a_weekend(year):
    timeline = demo.timeline_for(year)
    moments = [
        timeline["info_session_at"].date(),
        timeline["application_deadline"].date(),
        timeline["support_deadline"].date(),
        timeline["selection_start"],
        timeline["selection_end"],
    ]
    start, end = timeline["workshop_start"], timeline["workshop_end"]
    moments += [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    assert [day for day in moments if day.weekday() >= 5] == []
    assert all(day.year == year for day in moments)
    assert abs((timeline["info_session_at"].date() - dt.date(year, 5, 16)).days) <= 3


def test_on_deadline_day_the_demo_keeps_that_years_call_open():
    deadline = demo.timeline_for(2027)["application_deadline"]
    evening = deadline.replace(hour=23, minute=0, second=0)
    with time_machine.travel(evening, tick=False):
        assert demo.next_open_year() == 2027
        _archive, current = demo.load_calls()
        assert current.slug == "eged-2027" and current.is_accepting_applications
    with time_machine.travel(evening + dt.timedelta(days=1), tick=False):
        assert demo.next_open_year() == 2028
    assert Call.objects.filter(status=Call.Status.OPEN).count() == 1


def test_an_online_only_session_offers_no_place():
    call = CallFactory(info_session_format=Call.SessionFormat.ONLINE)
    with time_machine.travel(dt.datetime(2030, 5, 10, 9, 0, tzinfo=BISHKEK), tick=False):
        text = page(call)
        form = html.unescape(Client().get(f"/calls/{call.slug}/info-session/").content.decode())
    assert "Формат: онлайн" in text and "Бишкек, офис ИПР" not in text
    assert "Бишкек, офис ИПР" not in form and 'value="offline"' not in form


def test_a_kept_page_shows_a_moved_session_at_once():
    from .test_date_changes import _staff_save

    call = CallFactory()
    with time_machine.travel(dt.datetime(2030, 5, 10, 9, 0, tzinfo=BISHKEK), tick=False):
        assert "Формат: онлайн и очно" in page(call)  # kept for the next visitors
        assert "Формат: онлайн и очно" in page(call)
        _staff_save(call, info_session_format=Call.SessionFormat.ONLINE)
        text = page(call)
    assert "Формат: онлайн" in text and "онлайн и очно" not in text
