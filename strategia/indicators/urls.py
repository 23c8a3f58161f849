from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("template.<str:file_format>", views.import_template, name="import_template"),
    path("<slug:slug>/", views.indicator_detail, name="detail"),
    path("<slug:slug>/chart.<str:image_format>", views.indicator_chart, name="chart"),
    path("<slug:slug>/data.<str:file_format>", views.indicator_download, name="download"),
]
