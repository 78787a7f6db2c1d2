"""The portal's URLs plus what the benchmarks compare against, which exists only here,
never in the production URLs: a trivial view (throughput) and Django's bare admin
changelist of the application model (no columns, filters or annotations of ours)."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from applications.models import Application
from eged_portal.urls import urlpatterns as portal_urlpatterns


def trivial(request):
    """A Django view that does nothing: the full middleware stack, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")


bare_admin = admin.AdminSite(name="bench_bare_admin")
bare_admin.register(Application)  # a plain ModelAdmin: Django's defaults, nothing else

urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("bench/bare-admin/", bare_admin.urls),
    *portal_urlpatterns,
]
