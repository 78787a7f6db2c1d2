from django.conf import settings


class PreferredLanguageMiddleware:
    """Russian unless the person chose otherwise.

    The browser's Accept-Language is ignored: the programme works in Russian first, and a
    phone set to English should not switch the portal. A signed-in person without a
    language cookie gets the language saved in their profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        cookie = settings.LANGUAGE_COOKIE_NAME
        user = getattr(request, "user", None)
        if cookie not in request.COOKIES and user is not None and user.is_authenticated:
            request.COOKIES[cookie] = user.language
        return self.get_response(request)
