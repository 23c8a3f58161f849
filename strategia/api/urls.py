from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from strategia.participation.api import IdeaViewSet, InitiativeViewSet

from . import views

app_name = "api"

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("status-updates", views.StatusUpdateViewSet, basename="statusupdate")
router.register("units", views.UnitViewSet, basename="unit")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("initiatives", InitiativeViewSet, basename="initiative")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
