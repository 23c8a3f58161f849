from django.urls import path

from . import views

app_name = "ems"

# Under /<language>/tyotila/ymparisto/ (see config/urls.py), like the rest of
# the workspace: Finnish paths in every language so that mailed links stay valid.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("asetukset/", views.settings_view, name="settings"),
    path("asetukset/kriteeri/", views.criterion_edit, name="criterion_add"),
    path("asetukset/kriteeri/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("raportti/", views.report, name="report"),
    path("raportti/julkaise/", views.report_publish, name="report_publish"),
    path("katselmus/<int:pk>/", views.review, name="review"),
    path("katselmus/<int:pk>/pidetty/", views.review_hold, name="review_hold"),
    path("<slug:key>/", views.register_list, name="list"),
    path("<slug:key>/uusi/", views.entry_edit, name="add"),
    path("<slug:key>/<int:pk>/", views.entry_edit, name="edit"),
]
