"""The admin's titles in grammatical Russian.

Django builds «Выберите %s для изменения», «Добавить %s», «Изменить %s» from a model's
``verbose_name``, which is in the nominative: «Выберите заявка для изменения». The object
of these verbs takes the accusative, which differs from the nominative for feminine nouns
(заявка → заявку) and animate masculine ones (спикер → спикера). The admin's templates ask
``accusative(opts)`` for the name; other languages keep their own translation.

A model whose name reads the same in the accusative is listed in ``SAME_IN_ACCUSATIVE``, so
a new model must be decided on (tests/portal/test_admin_titles.py checks every one).
"""

from django.utils.translation import get_language, gettext

# Russian only: these forms are never shown in another language.
ACCUSATIVE = {
    "auth.group": "группу",
    "accounts.user": "пользователя",
    "coalitions.coalition": "коалицию",
    "coalitions.partnership": "пару коалиций",
    "coalitions.joinrequest": "заявку на вступление",
    "calls.infosessionregistration": "регистрацию на информационную встречу",
    "calls.form": "форму конкурса",
    "calls.formversion": "версию формы",
    "applications.application": "заявку",
    "reviews.reviewassignment": "рецензию",
    "workshops.speaker": "приглашённого спикера",
    "workshops.participant": "участника мероприятия",
    "grants.technicalsupportapplication": "заявку на техническую поддержку",
    "grants.award": "присуждённую поддержку",
    "grants.doubtfulbudgetline": "сомнительную строку бюджета",
}

# Django's titles that name the model as the object of the verb.
DJANGO_TITLES = (
    "Select %s to change",
    "Select %s to view",
    "Select %s",
    "Add %s",
    "Change %s",
    "View %s",
)


def accusative(opts) -> str:
    """The model's name as the object of «выберите», «добавить», «изменить»."""
    if get_language() == "ru" and opts.label_lower in ACCUSATIVE:
        return ACCUSATIVE[opts.label_lower]
    return str(opts.verbose_name)


def grammatical_title(title, opts):
    """``title`` with the model's name in the accusative when it is one of Django's
    titles built from the nominative; any other title is left as it is."""
    if opts is None or not title:
        return title
    name = accusative(opts)
    for pattern in DJANGO_TITLES:
        if str(title) == gettext(pattern) % opts.verbose_name:
            return gettext(pattern) % name
    return title
