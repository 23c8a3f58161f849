from django.urls import path

from .views import workspace

app_name = "participation_ws"

# Under /<language>/tyotila/osallisuus/ in every language, like the rest of the workspace.
urlpatterns = [
    path("", workspace.queue, name="queue"),
    path("idea/<int:pk>/", workspace.idea_handle, name="idea"),
    path("moderointi/", workspace.moderation, name="moderation"),
    path("moderointi/<str:kind>/<int:pk>/", workspace.moderate, name="moderate"),
    path("esto/<int:pk>/", workspace.block, name="block"),
    path("asetukset/", workspace.settings_edit, name="settings"),
    path("aloitteet/", workspace.initiative_list, name="initiative_list"),
    path("aloitteet/uusi/", workspace.initiative_edit, name="initiative_new"),
    path("aloitteet/<int:pk>/", workspace.initiative_edit, name="initiative_edit"),
]
