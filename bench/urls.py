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


# A plain ModelAdmin (Django's defaults, its stock template) on the portal's admin site, so
# the shared admin templates find their URLs; routed beside it, not registered in it.
bare_application_admin = admin.ModelAdmin(Application, admin.site)
bare_application_admin.change_list_template = "admin/change_list.html"

urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path(
        "bench/bare-admin/applications/application/",
        admin.site.admin_view(bare_application_admin.changelist_view),
        name="bench_bare_application_changelist",
    ),
    *portal_urlpatterns,
]
