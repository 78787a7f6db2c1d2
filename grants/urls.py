from django.urls import path

from . import report_views, views

app_name = "grants"
urlpatterns = [
    path("start/", views.support_start, name="start"),
    path("<int:pk>/", views.support_detail, name="detail"),
    path("<int:pk>/submit/", views.support_submit, name="submit"),
    path("<int:pk>/withdraw/", views.support_withdraw, name="withdraw"),
    path("contracts/<int:pk>/download/", views.contract_download, name="contract_download"),
    path("contracts/<int:pk>/signed/", views.contract_upload_signed, name="contract_signed"),
    path(
        "contracts/versions/<int:version_pk>/",
        views.staff_contract_file,
        name="staff_contract_version",
    ),
    path(
        "contracts/<int:contract_pk>/scan/",
        views.staff_contract_file,
        name="staff_contract_scan",
    ),
    path("<int:pk>/<slug:section>/", views.support_section, name="section"),
    path("reports/<int:pk>/", report_views.report, name="report"),
    path("reports/<int:pk>/files/<int:file_pk>/", report_views.report_file, name="report_file"),
    path("results/<slug:slug>/", report_views.public_results, name="public_results"),
]
