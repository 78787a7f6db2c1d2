from django.urls import path

from . import report_views

app_name = "grants"

urlpatterns = [
    path("reports/<int:pk>/", report_views.report, name="report"),
    path("reports/<int:pk>/files/<int:file_pk>/", report_views.report_file, name="report_file"),
    path("results/<slug:slug>/", report_views.public_results, name="public_results"),
]
