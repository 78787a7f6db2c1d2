"""Factories shared by every app's tests (people); each app keeps its own beside its tests."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kg")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    language = "ru"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


def user_with_role(role: str, **kwargs) -> User:
    roles.ensure_role_groups()
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user
