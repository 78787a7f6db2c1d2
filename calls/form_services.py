"""The forms of a call: which version is current, which questions an applicant sees, what
is wrong with their answers, and the changes staff make (new versions, copies).

Answers are one JSON document per application, keyed by the version's question keys (the
way Hypha keeps them): reading a whole form is two queries however many questions it has,
and a key never changes between versions, so a draft moves to a new version as it is.
"""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.errors import PortalError

from .form_fixed import fixed_blocks
from .form_structure import structure_problems
from .models import Form, FormSection, FormVersion, Question, QuestionType
from .questions import answer_type, is_empty


class FormError(PortalError):
    """A change to a call's form that the rules do not allow."""


class Problem(NamedTuple):
    section: str
    question: str
    message: str


def current_version(call, kind: str) -> FormVersion | None:
    """The version applicants answer now: the latest one (``None`` if the call has none)."""
    return (
        FormVersion.objects.filter(form__call=call, form__kind=kind)
        .select_related("form")
        .order_by("-number")
        .first()
    )


def ensure_version(call, kind: str) -> FormVersion:
    """The current version; a call that has no form of this kind yet gets one holding the
    blocks the rules rely on (staff add their questions, or copy last year's form)."""
    version = current_version(call, kind)
    if version is None:
        form = Form.objects.filter(call=call, kind=kind).first()
        if form is None:
            create_form(call=call, kind=kind)
        else:  # a form staff added without a version yet
            _with_blocks(FormVersion.objects.create(form=form, number=1))
        version = current_version(call, kind)
    return version


def latest_version(form: Form) -> FormVersion | None:
    return form.versions.order_by("-number").first()


def sections_of(version: FormVersion) -> list[tuple[FormSection, list[Question]]]:
    """The sections in order, each with its questions in order: one query, kept on the
    version for the rest of the request. A section with no question yet is not listed
    (there is nothing in it to answer or to show)."""
    cached = getattr(version, "_sections_cache", None)
    if cached is not None:
        return cached
    by_id: dict[int, tuple[FormSection, list[Question]]] = {}
    questions = version.questions.select_related("section").order_by(
        "section__position", "section_id", "position", "pk"
    )
    for question in questions:
        by_id.setdefault(question.section_id, (question.section, []))[1].append(question)
    version._sections_cache = list(by_id.values())
    return version._sections_cache


def questions_of(version: FormVersion) -> list[Question]:
    return [question for _section, questions in sections_of(version) for question in questions]


def condition_holds(answer, expected: str) -> bool:
    """The earlier answer is the condition's value (one of them, for several choices)."""
    if isinstance(answer, bool):
        return ("yes" if answer else "no") == expected
    if isinstance(answer, list):
        return expected in [str(item) for item in answer]
    return answer is not None and str(answer) == expected


def visible_questions(version: FormVersion, answers: dict) -> list[Question]:
    """The questions shown for these answers: a question with a condition shows when the
    earlier question is shown and its answer is the condition's value."""
    shown: dict[str, Question] = {}
    for question in questions_of(version):
        if question.condition_key:
            if question.condition_key not in shown:
                continue
            if not condition_holds(answers.get(question.condition_key), question.condition_value):
                continue
        shown[question.key] = question
    return list(shown.values())


def problems(version: FormVersion, answers: dict, *, final: bool) -> list[Problem]:
    """What is wrong with the answers, in form order.

    A draft (``final=False``) may be incomplete: only what was typed is checked (type and
    limits). On submission (``final=True``) required questions must be answered too.
    Answers to questions a condition hides are not checked — and never deleted."""
    found = []
    for question in visible_questions(version, answers):
        if question.is_fixed:
            continue  # checked by the portal's own rules, where those answers live
        value = answers.get(question.key)
        if is_empty(value):
            if final and question.required:
                message = _("Заполните поле «%(label)s».") % {"label": question.tr("label")}
                found.append(Problem(question.section.key, question.key, message))
            continue
        for message in answer_type(question).check(question, value):
            found.append(Problem(question.section.key, question.key, message))
    return found


def check_structure(version: FormVersion) -> list[str]:
    sections = list(version.sections.all())
    return structure_problems(version.form.kind, sections, questions_of(version))


def freeze(version: FormVersion) -> FormVersion:
    """The first answers were submitted against the version: from now on it is kept as it
    is (changes go to a new version). Freezing again changes nothing."""
    FormVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )
    version.refresh_from_db(fields=["frozen_at"])
    return version


def _copy_into(source: FormVersion, target: FormVersion) -> FormVersion:
    """The sections and questions of ``source`` into the empty ``target``."""
    section_ids = {}
    for section, questions in sections_of(source):
        old_pk = section.pk
        section.pk = None
        section.version = target
        section._state.adding = True
        section.save()
        section_ids[old_pk] = section
        for question in questions:
            question.pk = None
            question._state.adding = True
            question.version = target
            question.section = section
    Question.objects.bulk_create(
        [question for _section, questions in sections_of(source) for question in questions]
    )
    source._sections_cache = None
    return target


def create_form(*, call, kind: str) -> Form:
    """A new form of the call with its first version: one section holding the blocks the
    rules of this kind of form rely on, for staff to re-word, re-order and add to."""
    if Form.objects.filter(call=call, kind=kind).exists():
        raise FormError(_("У конкурса уже есть эта форма; откройте её в списке форм."))
    with transaction.atomic():
        form = Form.objects.create(call=call, kind=kind)
        _with_blocks(FormVersion.objects.create(form=form, number=1))
    return form


def _with_blocks(version: FormVersion) -> FormVersion:
    """One section holding the blocks the rules of the form's kind rely on."""
    kind = version.form.kind
    section = FormSection.objects.create(version=version, key="main", title=_("Основное"))
    Question.objects.bulk_create(
        Question(
            version=version,
            section=section,
            position=position,
            key=block.key,
            fixed=block.key,
            type=QuestionType.FIXED,
            label=capfirst(str(block.label)),
            required=block.required,
        )
        for position, block in enumerate(fixed_blocks(kind), start=1)
    )
    return version


@transaction.atomic
def edit_version(form: Form) -> FormVersion:
    """The version staff may change: the current one while nobody has submitted answers
    against it, otherwise a copy with the next number, which becomes current. Answers
    already submitted keep the version (and the question texts) they answered."""
    Form.objects.select_for_update().filter(pk=form.pk).first()  # one copy, not two
    current = latest_version(form)
    if current is None:
        return FormVersion.objects.create(form=form, number=1)
    if not current.is_frozen:
        return current
    fresh = FormVersion.objects.create(form=form, number=current.number + 1)
    return _copy_into(current, fresh)


def move_draft(answers: dict, from_version: FormVersion, to_version: FormVersion) -> dict:
    """A draft's answers for the new version of its form. Nothing typed is lost: every key
    stays, including those the new version no longer asks (they are shown as answers to
    removed questions); a single choice that became several is kept as a list of one."""
    if from_version.form_id != to_version.form_id:
        raise FormError(_("Черновик можно перенести только в другую версию той же формы."))
    moved = dict(answers)
    before = {question.key: question for question in questions_of(from_version)}
    for question in questions_of(to_version):
        old = before.get(question.key)
        value = moved.get(question.key)
        if old is None or old.type == question.type or is_empty(value):
            continue
        if old.type == QuestionType.CHOICE and question.type == QuestionType.CHOICES:
            moved[question.key] = [value]
        elif (
            old.type == QuestionType.CHOICES
            and question.type == QuestionType.CHOICE
            and isinstance(value, list)
            and len(value) == 1
        ):
            moved[question.key] = value[0]
    return moved


@transaction.atomic
def copy_form(*, source: Form, call) -> Form:
    """The current version of ``source`` becomes the same kind of form of ``call`` (last
    year's form to start this year's). A form of ``call`` nobody has answered yet is
    replaced; one already answered gets the copy as its next version."""
    if source.call_id == call.pk:
        raise FormError(_("Выберите форму другого конкурса."))
    original = latest_version(source)
    if original is None:
        raise FormError(_("В этой форме ещё нет ни одной версии."))
    target, _created = Form.objects.get_or_create(call=call, kind=source.kind)
    Form.objects.select_for_update().filter(pk=target.pk).first()
    current = latest_version(target)
    number = 1
    if current is not None and current.is_frozen:
        number = current.number + 1
    elif current is not None:
        number = current.number
        current.delete()
    fresh = FormVersion.objects.create(form=target, number=number)
    _copy_into(original, fresh)
    return target


class ReadableAnswer(NamedTuple):
    key: str
    label: str
    text: str
    question: Question | None  # of this version or, for a removed question, the last one


def readable_answers(version: FormVersion, answers: dict) -> list[ReadableAnswer]:
    """Every answer of the document with the question text it answered, in form order;
    answers to questions the version no longer asks follow, labelled by the last version
    that asked them (one query), so nothing typed becomes unreadable."""
    rows = []
    asked = set()
    for question in questions_of(version):
        asked.add(question.key)
        if question.is_fixed or question.key not in answers:
            continue
        text = answer_type(question).text(question, answers[question.key])
        rows.append(ReadableAnswer(question.key, question.tr("label"), text, question))
    orphans = [key for key in answers if key not in asked and not is_empty(answers[key])]
    if orphans:
        earlier = {}
        for question in Question.objects.filter(
            version__form_id=version.form_id, key__in=orphans
        ).order_by("version__number"):
            earlier[question.key] = question  # the latest version that asked it wins
        for key in orphans:
            question = earlier.get(key)
            if question is None or question.is_fixed:
                rows.append(ReadableAnswer(key, key, str(answers[key]), None))
                continue
            text = answer_type(question).text(question, answers[key])
            rows.append(ReadableAnswer(key, question.tr("label"), text, question))
    return rows
