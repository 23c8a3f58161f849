from django.urls import path

from . import public_views

app_name = "assessments_public"

urlpatterns = [
    path("", public_views.decision_list, name="decision_list"),
    path("<int:pk>/", public_views.decision_detail, name="decision_detail"),
]
