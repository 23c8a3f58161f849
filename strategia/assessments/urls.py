from django.urls import path

from . import views

app_name = "assessments"

# Under /<language>/tyotila/paatokset/ ("decisions" in the workspace).
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("uusi/", views.decision_create, name="create"),
    path("tuonti/", views.decision_import, name="import"),
    path("tilastot/", views.statistics_view, name="statistics"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/muokkaa/", views.decision_edit, name="edit"),
    path("<int:pk>/aloita/", views.assessment_start, name="start"),
    path("<int:pk>/esiarviointi/", views.assessment_screen, name="screen"),
    path("<int:pk>/vaikutukset/", views.assessment_effects, name="effects"),
    path("<int:pk>/vaikutukset/<int:option_pk>/", views.assessment_effects, name="option_effects"),
    path("<int:pk>/vertailu/", views.assessment_compare, name="compare"),
    path("<int:pk>/tavoitteet/", views.assessment_goals, name="goals"),
    path("<int:pk>/tila/", views.assessment_state, name="state"),
    path("<int:pk>/vienti.<str:file_format>", views.assessment_export, name="export"),
]
