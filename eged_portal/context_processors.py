from django.conf import settings


def portal(request):
    return {"SITE_URL": settings.SITE_URL, "background_delays": lambda: _delays(request)}


def _delays(request) -> list[str]:
    """Staff's banner lines about delayed background work (worked out only where a
    template asks: the admin's pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return []
    from .background import current_delays

    return current_delays().messages()
