"""Headers on every response, and the guard in front of the staff admin.

The admin has no login form of its own: ``/admin/login/`` sends people to the portal's
sign-in page, where failed attempts are throttled (allauth's rate limits) and logged, and
where a second factor (TOTP) is asked of everyone who has one. With ``ADMIN_2FA_REQUIRED``
the admin then opens only for a session that passed that second factor; someone without an
authenticator app yet is sent to set one up first. An admin session left idle for
``ADMIN_IDLE_TIMEOUT`` seconds is signed out (counted from the last admin request, give or
take ``ADMIN_SEEN_REFRESH`` seconds).
"""

import logging
import time
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

log = logging.getLogger("eged_portal.security")

ADMIN_SEEN_KEY = "eged_admin_seen_at"
# The time of the last admin request is stored again only when the stored one is older
# than this: storing it on every request saved the session (an UPDATE and a commit) on
# every admin page. The idle timeout then counts from up to this many seconds earlier.
ADMIN_SEEN_REFRESH = 60


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages for a signed-in person may hold personal data: never kept by a shared
            # cache, nor shown again from the browser's history after signing out.
            response.setdefault("Cache-Control", "no-store")
        return response


def client_ip(request) -> str:
    """The client's address as the sign-in limit counts it: behind the proxy, the one the
    proxy appended to X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT), not the proxy's."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:
        return request.META.get("REMOTE_ADDR", "?")


def session_passed_second_factor(request) -> bool:
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class AdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root = reverse("admin:index")
        if not request.path_info.startswith(admin_root):
            return self.get_response(request)
        user = request.user
        target = request.get_full_path()
        if request.path_info == reverse("admin:login"):
            if user.is_authenticated and not user.is_staff:
                return HttpResponseForbidden(
                    _("У вашей учётной записи нет доступа к администрированию.")
                )
            next_url = request.GET.get("next") or admin_root
            return _redirect("account_login", next_url)
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.get_response(request)  # the admin itself sends them to sign in

        now = time.time()
        seen = request.session.get(ADMIN_SEEN_KEY)
        if seen is not None and now - seen > settings.ADMIN_IDLE_TIMEOUT:
            log.info("admin session of user %s expired after inactivity", user.pk)
            logout(request)
            messages.info(
                request, _("Сеанс администрирования истёк из-за бездействия. Войдите снова.")
            )
            return _redirect("account_login", target)

        if settings.ADMIN_2FA_REQUIRED:
            if not has_totp(user):
                messages.warning(
                    request,
                    _(
                        "Для работы в администрировании включите двухфакторную "
                        "аутентификацию: отсканируйте QR-код приложением-аутентификатором "
                        "и введите код из него."
                    ),
                )
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
            if not session_passed_second_factor(request):
                return _redirect("mfa_reauthenticate", target)

        if seen is None or now - seen >= ADMIN_SEEN_REFRESH:
            request.session[ADMIN_SEEN_KEY] = now
        return self.get_response(request)


def _redirect(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


@receiver(user_login_failed, dispatch_uid="eged_portal.security.login_failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or "?"
    log.warning("failed sign-in for %r from %s", login, client_ip(request) if request else "?")


@receiver(user_logged_in, dispatch_uid="eged_portal.security.logged_in")
def log_staff_login(sender, request, user, **kwargs):
    if user.is_staff:
        log.info("staff sign-in: user %s from %s", user.pk, client_ip(request))
