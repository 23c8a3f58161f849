from django.urls import path

from . import public_views

app_name = "ems_public"

urlpatterns = [
    path("", public_views.programme, name="programme"),
    path("report/<int:year>/", public_views.report, name="report"),
]
