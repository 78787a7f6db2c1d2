from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("my-data/", views.download, name="download"),
    path("erasure/", views.request_erasure, name="request_erasure"),
]
