"""A handful of civic and economic coalitions, as they might apply to the call."""

from .models import Coalition

DEMO_COALITIONS = [
    (
        "Коалиция «За прозрачный бюджет»",
        Coalition.Kind.CIVIC,
        Coalition.NetworkType.COALITION,
        "НКО и активисты Чуйской и Иссык-Кульской областей, добивающиеся открытости местных "
        "бюджетов.",
    ),
    (
        "Сеть «Инклюзивный Ош»",
        Coalition.Kind.CIVIC,
        Coalition.NetworkType.PLATFORM,
        "Организации людей с инвалидностью и женские инициативы юга страны.",
    ),
    (
        "Гражданская платформа «Нарын Данные»",
        Coalition.Kind.CIVIC,
        Coalition.NetworkType.PLATFORM,
        "Исследователи и журналисты данных Нарынской области.",
    ),
    (
        "Ассоциация предпринимателей Иссык-Куля",
        Coalition.Kind.ECONOMIC,
        Coalition.NetworkType.ASSOCIATION,
        "Малые гостиницы, туроператоры и ремесленники побережья.",
    ),
    (
        "Союз фермеров Чуйской долины",
        Coalition.Kind.ECONOMIC,
        Coalition.NetworkType.UNION,
        "Фермерские хозяйства и кооперативы, продвигающие доступ к рынкам.",
    ),
    (
        "Бизнес-ассоциация «Женщины-предприниматели Юга»",
        Coalition.Kind.ECONOMIC,
        Coalition.NetworkType.ASSOCIATION,
        "Предпринимательницы Ошской, Джалал-Абадской и Баткенской областей.",
    ),
]


def load_coalitions() -> list[Coalition]:
    coalitions = []
    for name, kind, network_type, description in DEMO_COALITIONS:
        coalition, _ = Coalition.objects.update_or_create(
            name=name,
            defaults={"kind": kind, "network_type": network_type, "description": description},
        )
        coalitions.append(coalition)
    return coalitions
