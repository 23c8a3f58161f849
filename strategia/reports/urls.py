from django.urls import path

from . import views

app_name = "reports"

# Under /<language>/tyotila/raportit/ ("reports" in Finnish), like the rest of the workspace.
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/lataa.<str:format>", views.report_download, name="download"),
    path("<int:pk>/lopullinen/", views.report_finalise, name="finalise"),
    path("<int:pk>/julkaise/", views.report_publish, name="publish"),
    path("<int:pk>/poista/", views.report_delete, name="delete"),
]
