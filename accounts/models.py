from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonManager(UserManager):
    """People sign in with their e-mail; there is no separate user name."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(
        _("язык"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("На этом языке приходят письма и открывается портал."),
    )
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    receives_news = models.BooleanField(
        _("получать необязательные письма"),
        default=True,
        help_text=_(
            "Новости и напоминания о событиях. Напоминания о сроках ваших черновиков "
            "и отчётов приходят всегда."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PersonManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class TwoFactorKey(Authenticator):
    """allauth's record of a person's second factor, named in the staff's language in the
    admin (allauth's own model has English names only)."""

    class Meta:
        proxy = True
        verbose_name = _("средство двухфакторного входа")
        verbose_name_plural = _("средства двухфакторного входа")
