"""Civic and economic coalitions as they might apply to the call: members, people, some
looking for a partner, and confirmed pairs on the open call and the 2022 one.

Idempotent: rows are found by name; pairs are made once, through the pairing services
(without e-mail), so the pair history is the one a real pair has.
"""

import datetime as dt
import zlib

from django.utils import timezone

from accounts.models import User
from calls.models import Call

from . import pairing
from .models import (
    Coalition,
    Interest,
    MemberOrganisation,
    Membership,
    Partnership,
    Region,
)

C, E = Coalition.Kind.CIVIC, Coalition.Kind.ECONOMIC
NGO, BA, ENT, IG = (
    MemberOrganisation.OrganisationType.NGO,
    MemberOrganisation.OrganisationType.BUSINESS_ASSOCIATION,
    MemberOrganisation.OrganisationType.ENTREPRENEUR,
    MemberOrganisation.OrganisationType.INITIATIVE_GROUP,
)

# name, kind, network type, description, regions, interests, looking, partner note, members
DEMO_COALITIONS = [
    (
        "Коалиция «За прозрачный бюджет»",
        C,
        Coalition.NetworkType.COALITION,
        "НКО и активисты Чуйской и Иссык-Кульской областей, добивающиеся открытости местных "
        "бюджетов.",
        ["chui", "issyk-kul", "bishkek"],
        ["local-budgets", "open-data", "anti-corruption"],
        True,
        "Хотим вместе с бизнесом добиться публикации местных бюджетов и закупок айыл окмоту.",
        [
            ("ОО «Открытый айыл»", "civic", NGO, "chui"),
            ("ОФ «Бюджет для всех»", "civic", NGO, "issyk-kul"),
            ("Инициативная группа «Каракол»", "civic", IG, "issyk-kul"),
        ],
    ),
    (
        "Сеть «Инклюзивный Ош»",
        C,
        Coalition.NetworkType.PLATFORM,
        "Организации людей с инвалидностью и женские инициативы юга страны.",
        ["osh-city", "osh", "jalal-abad"],
        ["disability", "women-economy", "public-services"],
        True,
        "Ищем бизнес-партнёра для кампании за доступные рабочие места.",
        [
            ("ОО «Равные возможности»", "civic", NGO, "osh-city"),
            ("ОО «Аял-Ордо»", "civic", NGO, "jalal-abad"),
        ],
    ),
    (
        "Гражданская платформа «Нарын Данные»",
        C,
        Coalition.NetworkType.PLATFORM,
        "Исследователи и журналисты данных Нарынской области.",
        ["naryn", "issyk-kul"],
        ["open-data", "tourism", "regional-development"],
        True,
        "Соберём данные о туристическом потоке и налогах для адвокации развития региона.",
        [("ОО «Данные Нарына»", "civic", NGO, "naryn")],
    ),
    (
        "Ассоциация предпринимателей Иссык-Куля",
        E,
        Coalition.NetworkType.ASSOCIATION,
        "Малые гостиницы, туроператоры и ремесленники побережья.",
        ["issyk-kul", "naryn"],
        ["tourism", "business-climate", "regional-development"],
        True,
        "Ищем гражданских партнёров для кампании за прозрачные местные сборы с туристов.",
        [
            ("ОЮЛ «Гостиницы Чолпон-Аты»", "business", BA, "issyk-kul"),
            ("ИП Турдуев К.", "business", ENT, "issyk-kul"),
            ("ОО «Ремесленники Иссык-Куля»", "civic", NGO, "issyk-kul"),
        ],
    ),
    (
        "Союз фермеров Чуйской долины",
        E,
        Coalition.NetworkType.UNION,
        "Фермерские хозяйства и кооперативы, продвигающие доступ к рынкам.",
        ["chui", "talas"],
        ["agriculture", "business-climate", "local-budgets"],
        False,
        "",
        [
            ("Кооператив «Ак-Суу»", "business", BA, "chui"),
            ("КФХ «Береке»", "business", ENT, "talas"),
        ],
    ),
    (
        "Бизнес-ассоциация «Женщины-предприниматели Юга»",
        E,
        Coalition.NetworkType.ASSOCIATION,
        "Предпринимательницы Ошской, Джалал-Абадской и Баткенской областей.",
        ["osh", "jalal-abad", "batken", "osh-city"],
        ["women-economy", "business-climate", "youth"],
        True,
        "Хотим вместе продвигать доступ женщин из сёл к кредитам и рынкам.",
        [
            ("ОЮЛ «Ишкер аялдар»", "business", BA, "osh"),
            ("ИП Маматова Г.", "business", ENT, "batken"),
        ],
    ),
    (
        "Ассоциация IT-компаний Бишкека",
        E,
        Coalition.NetworkType.ASSOCIATION,
        "Компании и стартапы, готовые помогать гражданскому сектору с данными.",
        ["bishkek", "chui"],
        ["open-data", "youth", "public-services"],
        True,
        "Предлагаем технологии и данные для кампаний о государственных услугах.",
        [("ОЮЛ «Ассоциация ИКТ»", "business", BA, "bishkek")],
    ),
]

# Who speaks and signs for each coalition (a person's name: contracts print it).
CONTACTS = {
    "Коалиция «За прозрачный бюджет»": "Айгуль Садыкова",
    "Сеть «Инклюзивный Ош»": "Гулзат Мамытова",
    "Гражданская платформа «Нарын Данные»": "Эркин Жумабеков",
    "Ассоциация предпринимателей Иссык-Куля": "Динара Асанова",
    "Союз фермеров Чуйской долины": "Бакыт Исаков",
    "Бизнес-ассоциация «Женщины-предприниматели Юга»": "Мээрим Ташиева",
    "Ассоциация IT-компаний Бишкека": "Тимур Омуров",
}

# (people e-mail key, coalition name) — demo members get a coalition each, as owners.
OWNERS = [
    ("member", "Коалиция «За прозрачный бюджет»"),
    ("partner", "Союз фермеров Чуйской долины"),
]

# (inviter, invitee, call key) — confirmed pairs.
PAIRS = [
    ("Коалиция «За прозрачный бюджет»", "Союз фермеров Чуйской долины", "current"),
    ("Коалиция «За прозрачный бюджет»", "Союз фермеров Чуйской долины", "archive"),
    ("Сеть «Инклюзивный Ош»", "Бизнес-ассоциация «Женщины-предприниматели Юга»", "current"),
    ("Гражданская платформа «Нарын Данные»", "Ассоциация предпринимателей Иссык-Куля", "archive"),
]


def _coalition(row) -> Coalition:
    name, kind, network_type, description, regions, interests, looking, note, members = row
    coalition, _ = Coalition.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "network_type": network_type,
            "description": description,
            "looking_for_partner": looking,
            "partner_note": note,
            "contact_person": CONTACTS.get(name, ""),
            "contact_email": f"info{zlib.crc32(name.encode()) % 1000}@demo.eged.kg",
            "contact_phone": "+996 555 000 111",
        },
    )
    coalition.regions.set(Region.objects.filter(slug__in=regions))
    coalition.interests.set(Interest.objects.filter(slug__in=interests))
    for org_name, sector, org_type, region in members:
        MemberOrganisation.objects.update_or_create(
            coalition=coalition,
            name=org_name,
            defaults={
                "sector": sector,
                "organisation_type": org_type,
                "region": Region.objects.filter(slug=region).first(),
            },
        )
    return coalition


def _owner(coalition: Coalition):
    """The coalition's owner; a coalition no demo person owns is run by its contact person,
    with an account of its own that has no password (nobody signs in as them)."""
    membership = coalition.memberships.filter(role=Membership.Role.OWNER).first()
    if membership is not None:
        return membership.user
    first_name, _space, last_name = CONTACTS[coalition.name].partition(" ")
    person = User.objects.filter(email=coalition.contact_email).first()
    if person is None:
        person = User.objects.create_user(
            email=coalition.contact_email, first_name=first_name, last_name=last_name
        )
    Membership.objects.create(coalition=coalition, user=person, role=Membership.Role.OWNER)
    return person


def _ensure_pair(inviter: Coalition, invitee: Coalition, call: Call) -> None:
    """A confirmed pair, invited and accepted through the pairing services a week before
    the deadline (a past call's pairs are made at that past moment: the services take it
    as ``at``)."""
    if Partnership.objects.filter(call=call, inviter=inviter, invitee=invitee).exists():
        return
    at = min(timezone.now(), call.application_deadline - dt.timedelta(days=7))
    pair = pairing.invite_partner(
        inviter=inviter,
        invitee=invitee,
        call=call,
        by=_owner(inviter),
        message="Предлагаем общую кампанию — давайте подадим заявку парой.",
        at=at,
        notify=False,
    )
    pairing.accept_partnership(partnership=pair, by=_owner(invitee), at=at, notify=False)


def load_coalitions(*, people=None, calls=None) -> list[Coalition]:
    coalitions = {row[0]: _coalition(row) for row in DEMO_COALITIONS}
    if people:
        for key, name in OWNERS:
            Membership.objects.update_or_create(
                coalition=coalitions[name], user=people[key], defaults={"role": "owner"}
            )
    if people and calls:
        for inviter, invitee, call_key in PAIRS:
            _ensure_pair(coalitions[inviter], coalitions[invitee], calls[call_key])
    return list(coalitions.values())
