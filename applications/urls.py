from django.urls import path

from calls import views as call_views

from . import views

app_name = "applications"
urlpatterns = [
    # The public call pages
    path("calls/<slug:slug>/", call_views.call_detail, name="call_detail"),
    path("calls/<slug:slug>/calendar.ics", views.call_calendar, name="call_calendar"),
    path(
        "calls/<slug:slug>/calendar/<slug:key>.ics",
        views.call_calendar,
        name="call_calendar_step",
    ),
    path("calls/<slug:slug>/info-session/", views.info_session_register, name="info_session"),
    # A coalition's application
    path("applications/start/", views.application_start, name="start"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/submit/", views.application_submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/confirm/",
        views.application_confirm_partner,
        name="confirm_partner",
    ),
    path(
        "applications/<int:pk>/files/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/answers/<slug:key>/",
        views.answer_file_download,
        name="answer_file",
    ),
    path(
        "applications/files/<int:attachment_pk>/",
        views.staff_attachment_download,
        name="staff_attachment",
    ),
    path("applications/<int:pk>/<slug:section>/", views.application_section, name="section"),
]
