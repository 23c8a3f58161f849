from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("plans/<slug:plan_slug>/goals/<slug:slug>/", views.goal_detail, name="goal_detail"),
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<slug:slug>/", views.measure_detail, name="measure_detail"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("overview/", views.overview, name="overview"),
    path("search/", views.search, name="search"),
    path("statuses/", views.statuses, name="statuses"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
