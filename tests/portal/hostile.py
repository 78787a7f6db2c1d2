"""Hostile input for the fuzz tests: read a form off a rendered page the way a browser
would, build hypothesis data for its fields (each one valid or hostile), and check what a
person would notice in the answer — an error shown, and what they typed still there.

A form is read from the HTML, not from the form class, so the fuzz posts exactly the
names a page offers (formset rows, management forms, buttons) and nothing is missed when
a form gains a field.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

# --- Reading forms off a page -------------------------------------------------------------

TEXT_TYPES = {"text", "search", "url", "email", "tel", "number", "date", "password", "hidden"}
SKIPPED = {"csrfmiddlewaretoken"}


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea", "select", "checkbox", "radio", "submit", "file"
    value: str = ""
    options: list[str] = field(default_factory=list)  # select, radio and checkbox groups
    multiple: bool = False
    maxlength: int | None = None
    minimum: str | None = None
    maximum: str | None = None

    @property
    def keeps_typed_value(self) -> bool:
        """Whether the page shows back what was typed (Django never shows a password)."""
        return self.kind not in {"password", "file", "submit", "hidden"}


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)
    attrs: dict = field(default_factory=dict)


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None
        self._template_depth = 0
        # What each named control shows now: the value, the checked boxes, the chosen options.
        self.values: dict[str, list[str]] = {}

    def _add(self, f: Field) -> Field:
        if "__prefix__" in f.name or f.name in SKIPPED or self._template_depth:
            return f
        if self._form is None:
            return f
        known = self._form.fields.get(f.name)
        if known is not None and known.kind in {"checkbox", "radio"}:
            known.options.append(f.value)
            known.multiple = known.multiple or f.kind == "checkbox"
            return known
        self._form.fields[f.name] = f
        return f

    def _show(self, name, value):
        if "__prefix__" not in name and not self._template_depth:
            self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "template":
            self._template_depth += 1
        elif tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower(), attrs=a)
            self.forms.append(self._form)
        elif tag in {"input", "button"} and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if "hidden" in a.get("class", "").split() or "readonly" in a:
                kind = "hidden"  # shown for the browser's password manager, not typed
            if a.get("disabled") is not None and "disabled" in a:
                return
            f = Field(
                a["name"],
                kind,
                value=a.get("value", "on" if kind == "checkbox" else ""),
                maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None,
                minimum=a.get("min"),
                maximum=a.get("max"),
            )
            if kind in {"checkbox", "radio"}:
                f.options = [f.value]
                f.multiple = kind == "checkbox"
                if "checked" in a:
                    self._show(a["name"], f.value)
            elif kind not in {"submit", "file", "password"}:
                self._show(a["name"], f.value)
            self._add(f)
        elif tag == "textarea" and a.get("name"):
            field = Field(
                a["name"],
                "textarea",
                maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None,
            )
            # A browser never sends a disabled control: read it, post nothing for it.
            self._textarea = field if "disabled" in a else self._add(field)
            self._textarea_text = []
        elif tag == "select" and a.get("name"):
            field = Field(a["name"], "select", multiple="multiple" in a)
            self._select = field if "disabled" in a else self._add(field)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text.append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
        elif tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            # A browser drops the newline right after <textarea>; Django writes one there.
            text = text.removeprefix("\r\n").removeprefix("\n")
            self._textarea.value = text
            self._show(self._textarea.name, text)
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option["value"]
            if value is None:
                value = "".join(self._option["text"]).strip()
            if self._select is not None:
                self._select.options.append(value)
                if self._option["selected"]:
                    self._show(self._select.name, value)
            self._option = None
        elif tag == "select":
            self._select = None


def read_page(html: str) -> _FormReader:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader


def post_form(html: str, action: str | None = None) -> Form:
    """The page's main form that posts: the one posting to ``action`` (or to the page
    itself) with the most fields."""
    forms = [f for f in read_page(html).forms if f.method == "post"]
    if action is not None:
        forms = [f for f in forms if f.action in {"", action}] or forms
    assert forms, "the page has no form that posts"
    return max(forms, key=lambda f: len([x for x in f.fields.values() if x.kind != "submit"]))


# --- Values ---------------------------------------------------------------------------------

# Letters a person in Kyrgyzstan types: Russian, Kyrgyz (ң ө ү), Latin, digits, punctuation.
TYPED = (
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
    "ңөүҢӨҮabcxyzABC0123456789 .,-«»№"
)

HOSTILE_TEXT = [
    "ң" * 1000,  # far beyond any max_length
    "ң ө ү Ң Ө Ү",
    "\u202eexe.fdp",  # right-to-left override
    "a\u200bb\u200d\ufeff",  # zero-width characters
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # Hebrew and Arabic
    "with\x00nul",
    "\x00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE applications_application; --",
    "{{ 7|add:7 }}{% debug %}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "",
    "   ",
    "\t\r\n",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999999.999999999",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0.0000000001",
    "١٢٣",  # Arabic-Indic digits
    "１２３",  # full-width digits
    str(2**63),
    "0001-01-01",
    "9999-12-31",
    "2023-02-30",
    "31.12.9999",
    "null",
    "[]",
    "{}",
    "true",
    "😀👍🏽",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=300),  # anything Unicode, control characters included
)


def _valid_email():
    local = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
    return st.builds(lambda a, b: f"{a}.{b}@example.kg", local, local)


def _valid_date(field: Field):
    return st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat)


def _valid_number(field: Field):
    low = int(float(field.minimum)) if field.minimum not in (None, "") else 0
    high = int(float(field.maximum)) if field.maximum not in (None, "") else low + 100000
    return st.integers(low, max(low, high)).map(str)


def valid_value(field: Field):
    """What a careful person would type into this field."""
    if field.kind in {"select", "radio"}:
        choices = [o for o in field.options if o != ""] or field.options
        return st.sampled_from(choices) if choices else st.just("")
    if field.kind == "email":
        return _valid_email()
    if field.kind == "tel":
        return st.integers(100000, 999999).map(lambda n: f"+996 555 {n // 1000} {n % 1000:03d}")
    if field.kind == "number":
        return _valid_number(field)
    if field.kind == "date":
        return _valid_date(field)
    if field.kind == "url":
        return st.sampled_from(["https://example.kg", "https://ipr.kg/about/"])
    size = min(field.maxlength or 80, 80)
    return (
        st.text(TYPED, min_size=1, max_size=size)
        .map(str.strip)
        .filter(lambda s: s and not re.search(r"\s{2}", s))
    )


def hostile_value(field: Field, foreign_ids: list[str]):
    """What a careless or malicious client may send instead."""
    options = [hostile_text]
    if field.kind in {"select", "radio", "checkbox", "hidden", "number"} or field.name.endswith(
        ("id", "call", "coalition", "line", "award")
    ):
        options.append(st.sampled_from(foreign_ids or ["999999"]))
    return st.one_of(*options)


@dataclass
class Posted:
    """One submission: the data and, per field, whether what was sent was valid."""

    data: dict
    valid: dict[str, object] = field(default_factory=dict)  # name -> value(s) sent
    hostile: list[str] = field(default_factory=list)
    broken_management: list[str] = field(default_factory=list)
    pressed: list[str] = field(default_factory=list)  # submit buttons sent
    tampered: list[str] = field(default_factory=list)  # hidden fields changed or left out


MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")


def draw_submission(draw, form: Form, *, foreign_ids: list[str], fixed: dict | None = None):
    """Hypothesis data for ``form``: each field valid, hostile, left out or sent twice;
    management forms kept, broken or left out."""
    fixed = fixed or {}
    posted = Posted(data={})
    for name, f in form.fields.items():
        if name in fixed:
            posted.data[name] = fixed[name]
            continue
        if MANAGEMENT.search(name):
            how = draw(st.sampled_from(["keep"] * 6 + ["omit", "junk", "huge"]))
            if how == "keep":
                posted.data[name] = f.value
            else:
                posted.broken_management.append(name)
                if how == "junk":
                    posted.data[name] = draw(hostile_text)
                elif how == "huge":  # more rows than allowed (Django renders up to 1,000)
                    posted.data[name] = "40"
            continue
        if f.kind == "file":
            continue  # uploads have their own tests
        if f.kind == "submit":
            how = draw(st.sampled_from(["press", "leave", "hostile"]))
            if how == "press":
                posted.data[name] = f.value
                posted.pressed.append(name)
            elif how == "hostile":
                posted.data[name] = draw(hostile_value(f, foreign_ids))
            continue
        if f.kind == "hidden":
            how = draw(st.sampled_from(["keep", "keep", "hostile", "omit"]))
            if how == "keep":
                posted.data[name] = f.value
            elif how == "hostile":
                posted.data[name] = draw(hostile_value(f, foreign_ids))
                posted.hostile.append(name)
            if how != "keep":
                posted.tampered.append(name)
            continue
        if f.kind == "checkbox" and f.multiple and len(f.options) > 1:
            how = draw(st.sampled_from(["valid", "valid", "hostile", "none"]))
            if how == "valid":
                chosen = draw(st.lists(st.sampled_from(f.options), unique=True, max_size=3))
                posted.data[name] = chosen
                posted.valid[name] = chosen
            elif how == "hostile":
                posted.data[name] = draw(
                    st.lists(hostile_value(f, foreign_ids), min_size=1, max_size=3)
                )
                posted.hostile.append(name)
            continue
        if f.kind == "checkbox":
            how = draw(st.sampled_from(["on", "off", "hostile"]))
            if how == "on":
                posted.data[name] = f.value
            elif how == "hostile":
                posted.data[name] = draw(hostile_value(f, foreign_ids))
                posted.hostile.append(name)
            continue
        how = draw(st.sampled_from(["valid", "valid", "hostile", "twice", "omit"]))
        if how == "valid":
            value = draw(valid_value(f))
            posted.data[name] = value
            # An autocomplete select lists only the chosen option: nothing to choose from.
            if f.kind != "select" or value:
                posted.valid[name] = value
        elif how == "hostile":
            posted.data[name] = draw(hostile_value(f, foreign_ids))
            posted.hostile.append(name)
        elif how == "twice":  # a list where one value is expected
            posted.data[name] = [draw(valid_value(f)), draw(hostile_value(f, foreign_ids))]
            posted.hostile.append(name)
    return posted


# --- What a person sees in the answer --------------------------------------------------------

PORTAL_ERROR_MARKS = ("invalid-feedback", "alert-danger")
ADMIN_ERROR_MARKS = ("errornote", "errorlist", "messagelist")


def shows_error(html: str, marks=PORTAL_ERROR_MARKS) -> bool:
    return any(mark in html for mark in marks)


def form_errors(response) -> list:
    """The errors of every form and formset the view rendered (empty if none)."""
    found = []
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for item in value.values() if isinstance(value, dict) else []:
                errors = getattr(item, "errors", None)
                if errors and hasattr(item, "is_bound") and item.is_bound:
                    found.append(errors)
                non_form = getattr(item, "non_form_errors", None)
                if callable(non_form) and getattr(item, "is_bound", False) and non_form():
                    found.append(non_form())
    return found


def lost_values(html: str, posted: Posted, form: Form, skip=()) -> dict:
    """Valid values that were posted but are not in the page's form any more."""
    shown = read_page(html).values
    lost = {}
    for name, value in posted.valid.items():
        f = form.fields.get(name)
        if f is None or not f.keeps_typed_value or name in skip:
            continue
        if posted.broken_management and re.match(r".+-\d+-", name):
            continue  # rows cannot be rebuilt without their management form
        sent = value if isinstance(value, list) else [value]
        if not set(sent) <= set(shown.get(name, [])):
            lost[name] = (value, shown.get(name))
    return lost
