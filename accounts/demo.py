"""Demo people, one per role, all with the same password (printed by ``make run``)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from . import roles
from .models import User

DEMO_PASSWORD = "eged-demo-2022"  # noqa: S105 — a demo login, printed for everybody

DEMO_USERS = [
    # (e-mail, first name, last name, role, is_staff, is_superuser, what they do)
    ("member@demo.eged.kg", "Айгуль", "Садыкова", None, False, False, "член коалиции"),
    ("partner@demo.eged.kg", "Бакыт", "Исаков", None, False, False, "член другой коалиции"),
    ("reviewer@demo.eged.kg", "Нурлан", "Токтогулов", roles.REVIEWER, True, False, "рецензент"),
    (
        "reviewer2@demo.eged.kg",
        "Чолпон",
        "Абдиева",
        roles.REVIEWER,
        True,
        False,
        "рецензент (внешний эксперт)",
    ),
    (
        "reviewer3@demo.eged.kg",
        "Эрлан",
        "Мамытов",
        roles.REVIEWER,
        True,
        False,
        "рецензент (внешний эксперт)",
    ),
    (
        "staff@demo.eged.kg",
        "Алтынай",
        "Бузурманкулова",
        roles.PROGRAMME_STAFF,
        True,
        False,
        "сотрудник программы ИПР",
    ),
    ("finance@demo.eged.kg", "Гульнара", "Осмонова", roles.FINANCE, True, False, "финансы"),
    ("admin@demo.eged.kg", "Админ", "ИПР", None, True, True, "администратор"),
]


def load_people(passwords: dict[str, str] | None = None) -> dict[str, User]:
    """The demo people; new ones get DEMO_PASSWORD. ``passwords`` (e-mail → password), given
    on a production database, is set on every demo person, new or not."""
    roles.ensure_role_groups()
    people = {}
    for email, first, last, role, is_staff, is_superuser, _what in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if passwords is not None:
            user.set_password(passwords[email])
            user.save()
        elif created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role:
            user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[email.split("@")[0]] = user
    return people
