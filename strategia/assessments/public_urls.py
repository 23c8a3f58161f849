app_name = "assessments_public"
urlpatterns = []
