import datetime as dt
from zoneinfo import ZoneInfo

import factory

from coalitions.models import Coalition, MemberOrganisation, Membership, Region
from tests.factories import UserFactory

BISHKEK = ZoneInfo("Asia/Bishkek")
DEADLINE = dt.datetime(2030, 5, 25, 23, 59, 59, tzinfo=BISHKEK)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    slug = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Область {n}")


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Коалиция №{n}")
    kind = Coalition.Kind.CIVIC
    description = "Публичное описание коалиции."
    contact_person = "Жылдыз Абдыкадырова"
    contact_email = factory.Sequence(lambda n: f"coalition{n}@example.kg")
    contact_phone = "+996 555 123 456"

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted:
            Membership.objects.create(coalition=self, user=extracted, role=Membership.Role.OWNER)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(Region.objects.filter(slug__in=extracted))

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if create and extracted:
            from coalitions.models import Interest

            self.interests.set(Interest.objects.filter(slug__in=extracted))


def economic(**kwargs) -> Coalition:
    return CoalitionFactory(kind=Coalition.Kind.ECONOMIC, **kwargs)


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberOrganisation

    coalition = factory.SubFactory(CoalitionFactory)
    name = factory.Sequence(lambda n: f"ОО «Организация {n}»")
    sector = MemberOrganisation.Sector.CIVIC
    organisation_type = MemberOrganisation.OrganisationType.NGO


def member(coalition: Coalition, role: str, **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.create(coalition=coalition, user=user, role=role)
    return user


__all__ = ["CoalitionFactory", "RegionFactory", "UserFactory", "economic", "member"]
