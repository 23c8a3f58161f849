from django.urls import path

from . import content_links, content_views, views

app_name = "monitoring"

# The workspace lives under /<language>/tyotila/ ("workspace" in Finnish, the
# product's primary language) in every language, so that links in mail and
# bookmarks stay valid whichever language the reader switches to.
urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("toimenpide/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("toimenpide/<int:pk>/muokkaa/", views.measure_edit, name="measure_edit"),
    path("toimenpide/<int:pk>/korjaa-tila/", views.measure_correct, name="measure_correct"),
    path(
        "toimenpide/<int:measure_pk>/jakso/<int:period_pk>/",
        views.update_edit,
        name="update_edit",
    ),
    path("paivitys/<int:pk>/", views.update_review, name="update_review"),
    path("hyvaksynta/", views.approvals, name="approvals"),
    path("mittarit/", views.indicator_list, name="indicator_list"),
    path("mittari/<int:pk>/", views.indicator_values, name="indicator_values"),
    path("jaksot/", views.periods, name="periods"),
    path("jaksot/<int:plan_pk>/luo/", views.periods_create, name="periods_create"),
    path("jaksot/<int:plan_pk>/asetukset/", views.plan_settings, name="plan_settings"),
    path("jakso/<int:pk>/avaa/", views.period_open, name="period_open"),
    path("kattavuus/", views.completeness, name="completeness"),
    path(
        "kattavuus/<int:period_pk>/",
        views.completeness_detail,
        name="completeness_period",
    ),
    path(
        "kattavuus/<int:period_pk>/<int:unit_pk>/",
        views.completeness_detail,
        name="completeness_detail",
    ),
    path("terveys/", views.health, name="health"),
    # The strategy editor (strategy office): content_views.EDITORS names the kinds.
    path("sisalto/", content_views.content_index, name="content_index"),
    path("sisalto/<slug:kind>/", content_views.content_list, name="content_list"),
    path("sisalto/<slug:kind>/uusi/", content_views.content_edit, name="content_add"),
    path("sisalto/<slug:kind>/<int:pk>/", content_views.content_edit, name="content_edit"),
    path(
        "sisalto/mittarit/<int:pk>/tavoitteet/",
        content_views.target_add,
        name="target_add",
    ),
    path(
        "sisalto/mittarit/<int:pk>/tavoitteet/<int:target_pk>/poista/",
        content_views.target_delete,
        name="target_delete",
    ),
    # An indicator's links to goals (tavoite) and measures (toimenpide).
    path(
        "sisalto/mittarit/<int:pk>/linkit/tavoite/",
        content_links.link_add,
        {"target": "goal"},
        name="goal_link_add",
    ),
    path(
        "sisalto/mittarit/<int:pk>/linkit/tavoite/<int:link_pk>/poista/",
        content_links.link_delete,
        {"target": "goal"},
        name="goal_link_delete",
    ),
    path(
        "sisalto/mittarit/<int:pk>/linkit/toimenpide/",
        content_links.link_add,
        {"target": "measure"},
        name="measure_link_add",
    ),
    path(
        "sisalto/mittarit/<int:pk>/linkit/toimenpide/<int:link_pk>/poista/",
        content_links.link_delete,
        {"target": "measure"},
        name="measure_link_delete",
    ),
    path("sahkoposti/", views.mail_settings, name="mail_settings"),
]
