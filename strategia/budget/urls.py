from django.urls import path

from . import views

app_name = "budget"

# Under /<language>/tyotila/talous/ ("budget" in Finnish), like the rest of the workspace.
urlpatterns = [
    path("", views.budget_index, name="index"),
    path("tavoite/uusi/", views.target_edit, name="target_new"),
    path("tavoite/<int:pk>/", views.target_edit, name="target_edit"),
    path(
        "kayttosuunnitelma/<int:unit_pk>/<int:year>/",
        views.operating_plan_edit,
        name="operating_plan_edit",
    ),
    path("tuonti/", views.targets_import, name="import"),
    path("pohja.<str:format>", views.template_download, name="template"),
]
