from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("<slug:slug>/", views.call_detail, name="call_detail"),
]
