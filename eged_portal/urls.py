from django.contrib import admin
from django.urls import include, path

from . import views

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("dashboard/", views.dashboard, name="dashboard"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/privacy/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("applications.urls")),
    path("coalitions/", include("coalitions.urls")),
    path("workshops/", include("workshops.urls")),
    path("support/", include("grants.urls")),
    path("admin/", admin.site.urls),
]
