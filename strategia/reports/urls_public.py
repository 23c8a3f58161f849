from django.urls import path

from . import views

app_name = "published_reports"

urlpatterns = [
    path("", views.public_report_list, name="list"),
    path("<int:pk>/report.<str:format>", views.public_report_download, name="download"),
]
