"""Issue 21's story in the browser: programme staff add a section with a question of every
type to the call's application form in the admin and preview it in Kyrgyz on a phone; a
coalition owner fills it in Kyrgyz on a 360-px phone over two visits, is told in Kyrgyz
what is wrong with a bad amount and e-mail without losing what was typed, uploads the file
with the step button and submits; the assigned reviewer reads the answers on the review
page; staff export the application and the workbook has a real-typed column per question.

The portal's rule-bearing blocks (title, priorities, regions…) are prepared server-side
(``complete``): they have browser tests of their own. The new questions are all answered
in the browser.
"""

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts import roles
from applications.models import Application
from calls import form_services
from calls.models import Form, Stage
from reviews import services as review
from tests.applications.factories import ApplicationFactory, CallFactory, complete, member_of
from tests.applications.review_factories import criteria, reviewer
from tests.coalitions.factories import CoalitionFactory
from tests.factories import user_with_role

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("test-results")
SECTION = ("extra", "Дополнительные вопросы", "Кошумча суроолор", "Additional questions")
# key, type, label (ru), label (ky), what else staff type in the question's inline form
QUESTIONS = [
    ("team_name", "short_text", "Название команды", "Команданын аталышы", {"required": True}),
    ("has_site", "yes_no", "Есть ли у коалиции сайт", "Коалициянын сайты барбы", {}),
    (
        "site_story",
        "long_text",
        "Расскажите о сайте",
        "Сайт жөнүндө айтып бериңиз",
        {"max_length": "300", "condition_key": "has_site", "condition_value": "yes"},
    ),
    ("volunteers", "integer", "Сколько волонтёров", "Канча ыктыярчы", {"max_value": "500"}),
    (
        "own_funds",
        "amount",
        "Собственный вклад, сом",
        "Өз салымы, сом",
        {"required": True, "min_value": "0", "max_value": "500000"},
    ),
    ("founded_on", "date", "Дата создания коалиции", "Коалиция түзүлгөн күн", {}),
    (
        "legal_form",
        "choice",
        "Форма коалиции",
        "Коалициянын формасы",
        {"choices": "ngo | НКО | БӨУ | NGO\nbusiness | Бизнес | Бизнес | Business"},
    ),
    (
        "channels",
        "choices",
        "Каналы связи с жителями",
        "Тургундар менен байланыш каналдары",
        {
            "choices": "radio | Радио | Радио | Radio\n"
            "social | Соцсети | Социалдык тармактар | Social media\n"
            "meetings | Встречи | Жолугушуулар | Meetings"
        },
    ),
    ("contact_email", "email", "E-mail для связи", "Байланыш үчүн электрондук почта", {}),
    ("contact_phone", "phone", "Телефон для связи", "Байланыш үчүн телефон", {}),
    ("site_link", "url", "Ссылка на страницу коалиции", "Коалициянын баракчасы", {}),
    (
        "budget_file",
        "file",
        "Смета проекта",
        "Долбоордун сметасы",
        {"required": True, "allowed_extensions": "pdf", "max_size_mb": "2"},
    ),
    (
        "team",
        "table",
        "Команда проекта",
        "Долбоордун командасы",
        {"required": True, "columns": "name | Имя | Аты | Name\nrole | Роль | Ролу | Role"},
    ),
]
LABELS = {key: label for key, _type, label, _ky, _extra in QUESTIONS}
LABELS_KY = {key: label_ky for key, _type, _label, label_ky, _extra in QUESTIONS}
PDF = {"name": "smeta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ADMIN_2FA_REQUIRED = False  # the admin's two-factor sign-in has tests of its own


def new_page(browser, live_server, user, width=1280, height=900, **options):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="ru-RU",
        timezone_id="Asia/Bishkek",
        **options,
    )
    sign_in(context, live_server, user)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def phone_page(browser, live_server, user):
    return new_page(browser, live_server, user, 360, 740, is_mobile=True, has_touch=True)


def saved_without_errors(page):
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)
    expect(page.locator(".errorlist")).to_have_count(0)


def add_inline(page, prefix) -> int:
    """Click the inline group's «add another» link; the new form's index."""
    index = int(page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(page.locator(f"#id_{prefix}-{index}-position")).to_be_visible()
    return index


def add_question(page, position, key, type_, label, label_ky, extra):
    index = add_inline(page, "questions")
    name = f"#id_questions-{index}"
    page.select_option(f"{name}-section", label=SECTION[1])
    page.fill(f"{name}-position", str(position))
    page.fill(f"{name}-key", key)
    page.select_option(f"{name}-type", type_)
    if extra.get("required"):
        page.check(f"{name}-required")
    page.fill(f"{name}-label", label)
    page.fill(f"{name}-label_ky", label_ky)
    page.fill(f"{name}-label_en", key.replace("_", " ").capitalize())
    limits = {field: value for field, value in extra.items() if field != "required"}
    if limits:  # the limits, choices and condition are folded: staff open them
        inline = page.locator(f"#questions-{index}")
        inline.locator("details summary").click()
    for field, value in limits.items():
        page.fill(f"{name}-{field}", value)


def staff_build_the_section(browser, live_server, staff, version):
    page = new_page(browser, live_server, staff)
    page.goto(f"{live_server.url}/admin/calls/formversion/{version.pk}/change/")
    # A section first: the questions' section list offers the sections already saved.
    index = add_inline(page, "sections")
    key, title, title_ky, title_en = SECTION
    for field, value in [
        ("position", "8"),
        ("key", key),
        ("title", title),
        ("title_ky", title_ky),
        ("title_en", title_en),
    ]:
        page.fill(f"#id_sections-{index}-{field}", value)
    page.locator("input[name=_continue]").click()
    saved_without_errors(page)
    for position, (key, type_, label, label_ky, extra) in enumerate(QUESTIONS, start=1):
        add_question(page, position, key, type_, label, label_ky, extra)
    page.locator("input[name=_continue]").click()
    saved_without_errors(page)
    page.screenshot(path=str(SHOTS / "form-builder-admin.png"), full_page=True)
    page.context.close()
    questions = version.questions.filter(section__key=SECTION[0]).order_by("position")
    assert [(q.key, q.type) for q in questions] == [(q[0], q[1]) for q in QUESTIONS]


def staff_preview_in_kyrgyz(browser, live_server, staff, version):
    page = phone_page(browser, live_server, staff)
    page.goto(f"{live_server.url}/admin/calls/formversion/{version.pk}/preview/?lang=ky")
    frame = page.frame_locator("[data-phone-frame]")
    section = frame.locator(f"#section-{SECTION[0]}")
    expect(section.locator("h2")).to_contain_text(SECTION[2])
    for key, label_ky in LABELS_KY.items():
        label = section.locator(f"label[for^=id_{key}], legend").filter(has_text=label_ky)
        expect(label.first).to_be_visible()
    expect(section.locator("[data-condition]")).to_contain_text(LABELS_KY["has_site"])
    page.screenshot(path=str(SHOTS / "form-builder-preview-ky-360.png"), full_page=True)
    page.context.close()


def stored_answers(application, *keys, tries=100) -> dict:
    """The application's answers once the autosave has stored an answer to each of ``keys``."""
    for _attempt in range(tries):
        answers = Application.objects.get(pk=application.pk).answers
        if all(answers.get(key) not in (None, "", []) for key in keys):
            return answers
        time.sleep(0.1)
    return Application.objects.get(pk=application.pk).answers


def member_first_visit(browser, live_server, owner, application):
    """Some answers, saved by the autosave alone; then the page is closed."""
    page = phone_page(browser, live_server, owner)
    page.goto(f"{live_server.url}/applications/{application.pk}/{SECTION[0]}/")
    assert page.locator("html").get_attribute("lang") == "ky"
    expect(page.locator("h2")).to_contain_text(SECTION[2])
    page.get_by_label(LABELS_KY["team_name"]).fill("Ачык бюджет")
    story = page.get_by_label(LABELS_KY["site_story"])
    expect(story).to_be_hidden()  # shown only when the coalition has a site
    page.locator("input[name=has_site][value=yes]").check()
    expect(story).to_be_visible()
    story.fill("Сайтта айыл бюджеттери жарыяланат.")
    page.get_by_label(LABELS_KY["volunteers"]).fill("25")
    page.get_by_label(LABELS_KY["volunteers"]).blur()
    answers = stored_answers(application, "team_name", "has_site", "site_story", "volunteers")
    assert (answers["team_name"], answers["has_site"], answers["volunteers"]) == (
        "Ачык бюджет",
        True,
        25,
    )
    page.context.close()


def member_second_visit(browser, live_server, owner, application):
    page = phone_page(browser, live_server, owner)
    # The overview lists what is missing, with a link to the question.
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.locator(f"#missing a[href*='/{SECTION[0]}/']").first.click()
    expect(page.get_by_label(LABELS_KY["team_name"])).to_have_value("Ачык бюджет")
    expect(page.get_by_label(LABELS_KY["site_story"])).to_have_value(
        "Сайтта айыл бюджеттери жарыяланат."
    )
    expect(page.get_by_label(LABELS_KY["volunteers"])).to_have_value("25")

    # The rest, with an amount over the limit and a bad e-mail.
    page.get_by_label(LABELS_KY["own_funds"]).fill("750000")
    page.get_by_label(LABELS_KY["founded_on"]).fill("2019-03-15")
    page.locator("input[name=legal_form][value=ngo]").check()
    page.locator("input[name=channels][value=radio]").check()
    page.locator("input[name=channels][value=meetings]").check()
    page.get_by_label(LABELS_KY["contact_email"]).fill("aigul@")
    page.get_by_label(LABELS_KY["contact_phone"]).fill("0555 123 456")
    page.get_by_label(LABELS_KY["site_link"]).fill("https://example.kg/koalitsiya")
    page.fill("#id_team-0-name", "Айгүл Садыкова")
    page.fill("#id_team-0-role", "координатор")
    page.locator(f"button[name=go][value={SECTION[0]}]").click()

    # Told in Kyrgyz what is wrong; nothing typed is lost, and the page does not offer
    # back as «unsent» the text it shows (it did, the form locked until answered, when a
    # table's blank row for another member made the page differ from the browser's copy).
    expect(page.locator(".restore-offer")).to_have_count(0)
    expect(page.locator("[data-question=own_funds]")).to_contain_text(
        "500\u00a0000\u00a0сом ашпасын."
    )
    expect(page.locator("[data-question=contact_email]")).to_contain_text("Туура эдарек тер")
    expect(page.get_by_label(LABELS_KY["founded_on"])).to_have_value("2019-03-15")
    expect(page.locator("input[name=channels][value=meetings]")).to_be_checked()
    expect(page.get_by_label(LABELS_KY["contact_phone"])).to_have_value("0555 123 456")
    expect(page.locator("#id_team-0-name")).to_have_value("Айгүл Садыкова")
    expect(page.get_by_label(LABELS_KY["own_funds"])).to_have_value("750000")
    assert stored_answers(application, tries=1).get("own_funds") is None
    page.screenshot(path=str(SHOTS / "form-builder-member-ky-360-errors.png"), full_page=True)
    too_wide = page.evaluate("document.documentElement.scrollWidth")
    assert too_wide <= 360, f"the form is {too_wide} px wide on a 360 px phone"

    page.get_by_label(LABELS_KY["own_funds"]).fill("120000.50")
    page.get_by_label(LABELS_KY["contact_email"]).fill("aigul@example.kg")
    page.get_by_label(LABELS_KY["contact_email"]).blur()
    # Once the autosave has the corrected values, the page's messages about them go.
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    page.fill("#id_team-1-name", "Бакыт Осмонов")
    page.fill("#id_team-1-role", "аналитик")
    page.get_by_label(LABELS_KY["budget_file"]).set_input_files(PDF)
    page.screenshot(path=str(SHOTS / "form-builder-member-ky-360.png"), full_page=True)
    page.locator("button[name=go][value=overview]").click()
    page.wait_for_url(f"**/applications/{application.pk}/")
    expect(page.locator("#missing")).to_have_count(0)
    page.locator(f"form[action='/applications/{application.pk}/submit/'] button").click()
    expect(page.locator(f"form[action='/applications/{application.pk}/withdraw/']")).to_be_visible()
    page.context.close()


def reviewer_reads_the_answers(browser, live_server, assignment, criterion):
    page = new_page(browser, live_server, assignment.reviewer)
    page.goto(f"{live_server.url}/admin/reviews/reviewassignment/{assignment.pk}/change/")
    shown = {
        "team_name": "Ачык бюджет",
        "has_site": "Да",
        "volunteers": "25",
        "legal_form": "НКО",
        "channels": "Радио, Встречи",
        "contact_email": "aigul@example.kg",
        "budget_file": "smeta.pdf",
        "team": "Бакыт Осмонов, аналитик",
    }
    for key, text in shown.items():
        expect(page.get_by_role("term").get_by_text(LABELS[key], exact=True)).to_be_visible()
        expect(page.locator(f"dd[data-question={key}]")).to_contain_text(text)
    expect(page.locator("dd[data-question=own_funds]")).to_contain_text("120\u00a0000,50")
    # Beside the criterion that names them, the answers it judges.
    beside = page.locator(f".field-points_{criterion.pk} .criterion-answer")
    expect(beside.filter(has_text=LABELS["team"])).to_contain_text("Бакыт Осмонов, аналитик")
    expect(beside.filter(has_text=LABELS["own_funds"])).to_contain_text("120\u00a0000,50")
    page.context.close()


def staff_export(browser, live_server, staff, application, tmp_path):
    page = new_page(browser, live_server, staff)
    page.goto(
        f"{live_server.url}/admin/applications/application/?call__id__exact={application.call_id}"
    )
    page.locator(f"#result_list input[type=checkbox][value='{application.pk}']").check()
    page.select_option("select[name=action]", "export_admin_action")
    with page.expect_download() as download:
        page.locator("button[name=index]").click()
    path = tmp_path / "applications.xlsx"
    download.value.save_as(path)
    page.context.close()
    sheet = load_workbook(path).worksheets[0]
    header, row = (list(values) for values in sheet.iter_rows(values_only=True, max_row=2))
    cells = {label: row[header.index(label)] for label in LABELS.values()}
    return cells


def test_staff_build_a_form_a_member_fills_it_on_a_phone_in_kyrgyz(browser, live_server, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    call = CallFactory()
    criterion, _other = criteria(call, (10, 1), (5, 1))
    staff = user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")
    coalition = CoalitionFactory()
    owner = member_of(coalition, email="aigul@example.kg", language="ky")
    application = complete(ApplicationFactory(call=call, coalition=coalition))
    version = form_services.current_version(call, Form.Kind.APPLICATION)
    assert application.form_version_id == version.pk

    staff_build_the_section(browser, live_server, staff, version)
    staff_preview_in_kyrgyz(browser, live_server, staff, version)
    member_first_visit(browser, live_server, owner, application)
    member_second_visit(browser, live_server, owner, application)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.answers["budget_file"]["name"] == "smeta.pdf"
    assert application.answers["team"] == [
        {"name": "Айгүл Садыкова", "role": "координатор"},
        {"name": "Бакыт Осмонов", "role": "аналитик"},
    ]

    expert = reviewer(email="expert@example.kg")
    assignment = review.assign_reviewer(
        reviewed=application, reviewer=expert, stage=Stage.WORKSHOP, by=staff
    )
    criterion.questions = "team, own_funds"  # staff name the questions it judges
    criterion.full_clean()
    criterion.save()
    reviewer_reads_the_answers(browser, live_server, assignment, criterion)

    cells = staff_export(browser, live_server, staff, application, tmp_path)
    assert cells[LABELS["volunteers"]] == 25 and type(cells[LABELS["volunteers"]]) is int
    assert Decimal(str(cells[LABELS["own_funds"]])) == Decimal("120000.50")
    assert isinstance(cells[LABELS["own_funds"]], int | float | Decimal)
    assert isinstance(cells[LABELS["founded_on"]], dt.date)
    assert cells[LABELS["founded_on"]].timetuple()[:3] == (2019, 3, 15)
    # Yes/no is written «да»/«нет», as every yes/no column of the portal's workbooks is
    # (``core.xlsx.Kind.BOOLEAN``), not as Excel's TRUE/FALSE.
    assert cells[LABELS["has_site"]] == "да"
    assert cells[LABELS["team_name"]] == "Ачык бюджет"
    assert cells[LABELS["contact_phone"]] == "+996 555 123 456"
