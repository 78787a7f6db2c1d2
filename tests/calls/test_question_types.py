"""Each question type: the field a person types on, what a stored answer may be (with the
message they read), the Excel cell and the text of the PDF copy."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from calls.models import Question
from calls.questions import TYPES, answer_type, is_empty
from core.xlsx import Kind, excel_value
from tests.calls.factories import CHOICES, COLUMNS

T = Question.Type


def question(type_, **fields) -> Question:
    fields.setdefault("label", "Вопрос")
    return Question(key="q", type=type_, **fields)


def check(q, value):
    return answer_type(q).check(q, value)


def bound(q, data, files=None, language="ru"):
    """The question's field in a one-field form, bound to ``data``."""
    field = answer_type(q).field(q, language)
    form_class = type("OneQuestion", (forms.Form,), {"q": field})
    return form_class(data, files)


def test_every_type_but_the_fixed_block_is_in_the_registry():
    assert set(TYPES) == {t for t in T.values if t != T.FIXED}


@pytest.mark.parametrize(
    "value, empty",
    [
        *[(None, True), ("  ", True), ([], True), ([{"name": " "}], True), ({}, True)],
        *[("x", False), (0, False), (False, False), (["a"], False), ([{"name": "А"}], False)],
    ],
)
def test_what_counts_as_no_answer(value, empty):
    assert is_empty(value) is empty


def test_labels_and_help_in_the_readers_language_with_russian_as_fallback():
    q = question(T.SHORT_TEXT, label="Название", label_ky="Аталышы", help="Кратко")
    field = answer_type(q).field(q, "ky")
    assert field.label == "Аталышы"
    assert field.help_text == "Кратко"  # no Kyrgyz help: the Russian one
    assert answer_type(q).field(q, "en").label == "Название"


def test_help_text_written_by_staff_is_escaped():
    q = question(T.SHORT_TEXT, help="<script>alert(1)</script>")
    assert "<script>" not in answer_type(q).field(q, "ru").help_text


def test_required_follows_the_question_unless_the_draft_form_says_otherwise():
    q = question(T.SHORT_TEXT, required=True)
    assert answer_type(q).field(q).required is True
    assert answer_type(q).field(q, required=False).required is False


# --- Text, e-mail, phone, link ---------------------------------------------------------


def test_short_text_limit():
    q = question(T.SHORT_TEXT, max_length=10)
    assert answer_type(q).field(q).max_length == 10
    assert check(q, "короткий") == []
    assert check(q, "слишком длинный") == ["Не больше 10 знаков (сейчас 15)."]
    assert check(q, 5) == ["Ответ должен быть текстом."]
    assert answer_type(q).text(q, "да") == "да"


def test_long_text_limit_and_widget():
    q = question(T.LONG_TEXT, max_length=20)
    field = answer_type(q).field(q)
    assert isinstance(field.widget, forms.Textarea)
    assert field.widget.attrs["maxlength"] == "20"
    assert check(q, "а" * 21) == ["Не больше 20 знаков (сейчас 21)."]
    assert check(question(T.LONG_TEXT), "а" * 50_000) == []
    assert answer_type(q).xlsx_kind is Kind.LONG_TEXT


def test_email_in_the_readers_language():
    q = question(T.EMAIL)
    assert answer_type(q).field(q).widget.input_type == "email"
    assert check(q, "aigul@example.kg") == []
    assert check(q, "aigul@") == ["Укажите адрес e-mail, например name@example.kg."]
    with translation.override("en"):
        assert check(q, "aigul@") == ["Give an e-mail address, e.g. name@example.kg."]


def test_phone_is_a_telephone_keypad_and_stored_normalised():
    q = question(T.PHONE)
    widget = answer_type(q).field(q).widget
    assert (widget.input_type, widget.attrs["inputmode"]) == ("tel", "tel")
    form = bound(q, {"q": "0555 12-34-56"})
    assert form.is_valid()
    assert answer_type(q).to_json(q, form.cleaned_data["q"]) == "+996 555 123 456"
    assert check(q, "+996 555 123 456") == []
    assert check(q, "12") and "+996" in check(q, "12")[0]


def test_link():
    q = question(T.URL)
    assert answer_type(q).field(q).widget.input_type == "url"
    assert check(q, "https://example.kg/data") == []
    assert check(q, "example") == ["Укажите ссылку целиком, например https://example.kg/."]


# --- Numbers and dates -----------------------------------------------------------------


def test_whole_number_with_limits():
    q = question(T.INTEGER, min_value=Decimal("1"), max_value=Decimal("30"))
    field = answer_type(q).field(q)
    assert field.widget.attrs["inputmode"] == "numeric"
    assert (field.min_value, field.max_value) == (1, 30)
    assert check(q, 12) == [] and check(q, "12") == []
    assert check(q, 0) == ["Не меньше 1."]
    assert check(q, 31) == ["Не больше 30."]
    assert check(q, "двенадцать") == ["Укажите целое число, например 25."]
    assert check(q, True) == ["Укажите целое число, например 25."]
    assert answer_type(q).cell(q, "12") == 12
    assert excel_value(answer_type(q).cell(q, 12), answer_type(q).xlsx_kind) == 12


def test_amount_in_som_is_decimal_never_float():
    q = question(T.AMOUNT, min_value=Decimal("0"), max_value=Decimal("870000"))
    form = bound(q, {"q": "12500.50"})
    assert form.is_valid()
    stored = answer_type(q).to_json(q, form.cleaned_data["q"])
    assert stored == "12500.50"
    assert check(q, stored) == [] and check(q, "12500,5") == []
    assert check(q, "900000") == ["Не больше 870\u00a0000\u00a0сом."]
    assert check(q, "-1") == ["Не меньше 0\u00a0сом."]
    assert check(q, "12.345") == ["Укажите сумму в сомах, например 12500 или 12500,50."]
    assert check(q, 12.5) == ["Укажите сумму в сомах, например 12500 или 12500,50."]
    assert check(q, "NaN") and check(q, "Infinity")
    cell = answer_type(q).cell(q, stored)
    assert cell == Decimal("12500.50") and isinstance(cell, Decimal)
    assert answer_type(q).xlsx_kind is Kind.MONEY
    assert answer_type(q).text(q, "870000") == "870\u00a0000\u00a0сом"
    assert answer_type(q).field(q).widget.attrs["inputmode"] == "decimal"


@pytest.mark.parametrize(
    "type_, typed, language, message",
    [
        (T.AMOUNT, "900000", "ru", "Не больше 870\u00a0000\u00a0сом."),
        (T.AMOUNT, "900000", "ky", "870\u00a0000\u00a0сом ашпасын."),
        (T.AMOUNT, "-1", "ru", "Не меньше 0\u00a0сом."),
        (T.INTEGER, "900000", "ru", "Не больше 870000."),
        (T.INTEGER, "-1", "ky", "Кеминде 0."),
    ],
)
def test_a_number_over_its_limit_is_told_as_people_write_the_limit(type_, typed, language, message):
    """Not Django's «…меньше либо равно 870000.00» (the limits are stored with two decimals)."""
    q = question(type_, min_value=Decimal("0.00"), max_value=Decimal("870000.00"))
    with translation.override(language):
        form = bound(q, {"q": typed}, language=language)
        assert form.errors["q"] == [message]


def test_date():
    q = question(T.DATE)
    field = answer_type(q).field(q)
    assert field.widget.input_type == "date"
    form = bound(q, {"q": "2022-06-13"})
    assert form.is_valid()
    assert answer_type(q).to_json(q, form.cleaned_data["q"]) == "2022-06-13"
    assert check(q, "2022-06-13") == []
    assert check(q, "13 июня") == ["Укажите дату, например 2022-06-13."]
    assert answer_type(q).cell(q, "2022-06-13") == dt.date(2022, 6, 13)
    assert answer_type(q).text(q, "2022-06-13") == "13 июня 2022"


# --- Choices ---------------------------------------------------------------------------


def test_one_choice_with_labels_in_the_readers_language():
    q = question(T.CHOICE, choices=CHOICES)
    field = answer_type(q).field(q, "ky")
    assert isinstance(field.widget, forms.RadioSelect)
    assert field.choices == [("ngo", "БӨУ"), ("business", "Бизнес"), ("other", "Башка")]
    assert check(q, "ngo") == []
    assert check(q, "state") == ["Выберите один из предложенных вариантов."]
    assert answer_type(q).cell(q, "ngo") == "НКО"
    assert answer_type(q).text(q, "ngo", "en") == "NGO"


def test_several_choices_joined_for_excel():
    q = question(T.CHOICES, choices=CHOICES)
    assert isinstance(answer_type(q).field(q).widget, forms.CheckboxSelectMultiple)
    form = bound(q, {"q": ["ngo", "other"]})
    assert form.is_valid()
    assert answer_type(q).to_json(q, form.cleaned_data["q"]) == ["ngo", "other"]
    assert check(q, ["ngo", "state"]) == ["Выберите варианты из предложенных."]
    assert check(q, "ngo") == ["Выберите варианты из предложенных."]
    assert answer_type(q).cell(q, ["ngo", "business"]) == "НКО, Бизнес"


def test_yes_or_no():
    q = question(T.YES_NO)
    form = bound(q, {"q": "no"})
    assert form.is_valid()
    assert answer_type(q).to_json(q, form.cleaned_data["q"]) is False
    assert answer_type(q).initial(q, True) == "yes"
    assert check(q, False) == [] and check(q, "да") == ["Ответьте «да» или «нет»."]
    assert excel_value(answer_type(q).cell(q, True), answer_type(q).xlsx_kind) == "да"
    assert answer_type(q).text(q, False, "en") == "No"
    assert dict(answer_type(q).field(q, "ky").choices)["yes"] == "Ооба"


# --- Files and tables ------------------------------------------------------------------


def test_file_type_and_size():
    q = question(T.FILE, allowed_extensions="pdf, .DOCX", max_size_mb=1)
    field = answer_type(q).field(q)
    assert field.widget.attrs["accept"] == ".pdf,.docx"
    ok = bound(q, {}, {"q": SimpleUploadedFile("план.pdf", b"%PDF-1.4", "application/pdf")})
    assert ok.is_valid()
    stored = answer_type(q).to_json(q, ok.cleaned_data["q"])
    assert stored == {"name": "план.pdf", "size": 8, "content_type": "application/pdf", "path": ""}
    assert check(q, stored) == []
    wrong = bound(q, {}, {"q": SimpleUploadedFile("вирус.exe", b"MZ")})
    assert wrong.errors["q"] == ["Файл «вирус.exe»: подходят только файлы PDF, DOCX."]
    big = {**stored, "size": 2 * 1024 * 1024}
    assert check(q, big) == ["Файл «план.pdf» больше 1 МБ."]
    assert check(q, "план.pdf") == ["Приложите файл заново."]
    assert answer_type(q).cell(q, stored) == "план.pdf"
    assert answer_type(q).text(q, {**stored, "size": 20480}) == "план.pdf (20 КБ)"


def test_table_rows_typed_on_a_phone():
    q = question(T.TABLE, columns=COLUMNS, max_rows=2)
    field = answer_type(q).field(q, "ky")
    html = field.widget.render("q", [{"name": "Айгуль", "role": "лидер"}])
    assert "Аты" in html and 'value="Айгуль"' in html
    assert html.count("<fieldset") == 2  # the row typed and one blank row to add another
    data = {
        "q-rows": "3",
        "q-0-name": "Айгуль",
        "q-0-role": "лидер",
        "q-1-name": " ",
        "q-2-name": "Бакыт",
        "q-2-organisation": "ОО «Ача»",
    }
    form = bound(q, data)
    assert form.is_valid(), form.errors
    rows = answer_type(q).to_json(q, form.cleaned_data["q"])
    assert rows == [
        {"name": "Айгуль", "role": "лидер", "organisation": ""},
        {"name": "Бакыт", "role": "", "organisation": "ОО «Ача»"},
    ]
    assert check(q, rows) == []
    assert check(q, [*rows, {"name": "В"}]) == ["Строк не больше: 2."]
    assert check(q, "Айгуль") == ["Заполните таблицу заново."]
    assert answer_type(q).text(q, rows) == "Айгуль, лидер\nБакыт, ОО «Ача»"
    assert answer_type(q).cell(q, rows) == "Айгуль, лидер\nБакыт, ОО «Ача»"


def test_table_refuses_too_many_rows_typed():
    q = question(T.TABLE, columns=COLUMNS, max_rows=1)
    form = bound(q, {"q-rows": "2", "q-0-name": "А", "q-1-name": "Б"})
    assert not form.is_valid()
    assert form.errors["q"] == ["Строк не больше: 1."]
