from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path(
        "<int:pk>/coalitions/<int:coalition_pk>/participants/",
        views.participants,
        name="participants",
    ),
    path("<int:pk>/programme/", views.programme, name="programme"),
    path("<int:pk>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("<int:pk>/programme.ics", views.programme_calendar, name="programme_ics"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
]
