"""The regions of Kyrgyzstan and a first list of thematic interests, as data.

Production needs both from the first day; staff curate interests in the admin afterwards.
Running the migration again (or on a database that has some rows) updates, never duplicates.
"""

import re

from django.db import migrations

REGIONS = [
    ("bishkek", "г. Бишкек", "Бишкек ш.", "Bishkek city"),
    ("osh-city", "г. Ош", "Ош ш.", "Osh city"),
    ("chui", "Чуйская область", "Чүй облусу", "Chui Region"),
    ("issyk-kul", "Иссык-Кульская область", "Ысык-Көл облусу", "Issyk-Kul Region"),
    ("naryn", "Нарынская область", "Нарын облусу", "Naryn Region"),
    ("talas", "Таласская область", "Талас облусу", "Talas Region"),
    ("jalal-abad", "Джалал-Абадская область", "Жалал-Абад облусу", "Jalal-Abad Region"),
    ("osh", "Ошская область", "Ош облусу", "Osh Region"),
    ("batken", "Баткенская область", "Баткен облусу", "Batken Region"),
]

INTERESTS = [
    ("local-budgets", "Местные бюджеты и финансы", "Жергиликтүү бюджеттер", "Local budgets"),
    ("business-climate", "Деловой климат и регулирование", "Бизнес чөйрөсү", "Business climate"),
    ("tourism", "Туризм", "Туризм", "Tourism"),
    ("agriculture", "Сельское хозяйство и переработка", "Айыл чарба", "Agriculture"),
    (
        "women-economy",
        "Экономические права женщин",
        "Аялдардын экономикалык укуктары",
        "Women's economic rights",
    ),
    ("youth", "Молодёжь и занятость", "Жаштар жана жумуш", "Youth and jobs"),
    (
        "disability",
        "Инклюзия людей с инвалидностью",
        "Ден соолугунун мүмкүнчүлүгү чектелген адамдардын инклюзиясы",
        "Disability inclusion",
    ),
    ("open-data", "Открытые данные", "Ачык маалыматтар", "Open data"),
    (
        "public-services",
        "Государственные и муниципальные услуги",
        "Мамлекеттик кызматтар",
        "Public services",
    ),
    ("environment", "Экология и климат", "Экология жана климат", "Environment and climate"),
    ("anti-corruption", "Противодействие коррупции", "Коррупцияга каршы аракет", "Anti-corruption"),
    ("regional-development", "Развитие регионов", "Региондорду өнүктүрүү", "Regional development"),
]

QUOTES = "«»\"'“”„‘’`"


def name_key(name):
    text = name.casefold().replace("ё", "е")
    text = text.translate({ord(q): " " for q in QUOTES})
    return re.sub(r"\s+", " ", text).strip()


def load(apps, schema_editor):
    Region = apps.get_model("coalitions", "Region")
    Interest = apps.get_model("coalitions", "Interest")
    Coalition = apps.get_model("coalitions", "Coalition")
    for order, (slug, name, name_ky, name_en) in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "name_ky": name_ky, "name_en": name_en, "order": order},
        )
    for slug, name, name_ky, name_en in INTERESTS:
        Interest.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_ky": name_ky, "name_en": name_en}
        )
    for coalition in Coalition.objects.all():
        coalition.name_key = name_key(coalition.name)
        coalition.save(update_fields=["name_key"])


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
