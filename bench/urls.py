"""The portal's URLs plus what the benchmarks compare against, which exists only here,
never in the production URLs: a trivial view (throughput) and Django's bare admin
changelist of the application model (no columns, filters or annotations of ours)."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.utils.http import urlencode

from applications.models import Application
from eged_portal.urls import urlpatterns as portal_urlpatterns


def trivial(request):
    """A Django view that does nothing: the full middleware stack, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")


class BareApplicationAdmin(admin.ModelAdmin):
    """A plain ModelAdmin (Django's defaults, its stock template) on the portal's admin
    site, so the shared admin templates find their URLs; routed beside it, not registered
    in it.

    At its own changelist URL Django keeps the list's filters in each row's link (one
    ``resolve()`` a row); routed here it would not know this is its changelist and skip
    that work. It keeps them as it would at home, so the reference is the changelist
    Django really serves."""

    change_list_template = "admin/change_list.html"

    def get_preserved_filters(self, request):
        return urlencode({"_changelist_filters": request.GET.urlencode()}) if request.GET else ""


bare_application_admin = BareApplicationAdmin(Application, admin.site)

urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path(
        "bench/bare-admin/applications/application/",
        admin.site.admin_view(bare_application_admin.changelist_view),
        name="bench_bare_application_changelist",
    ),
    *portal_urlpatterns,
]
