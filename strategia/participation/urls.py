from django.urls import path

from .views import account, figures, initiatives, public

app_name = "participation"

urlpatterns = [
    path("ideas/", public.idea_list, name="idea_list"),
    path("ideas/new/", public.idea_new, name="idea_new"),
    path("ideas/<int:pk>/", public.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/support/", public.idea_support, name="idea_support"),
    path("ideas/<int:pk>/follow/", public.idea_follow, name="idea_follow"),
    path("ideas/<int:pk>/comment/", public.comment_add, name="comment_add"),
    path("ideas/<int:pk>/report/", public.report, name="report"),
    path("initiatives/", initiatives.initiative_list, name="initiative_list"),
    path("initiatives/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("participation/figures/", figures.figures, name="figures"),
    path("participation/register/", account.register, name="register"),
    path("participation/register/sent/", account.register_done, name="register_done"),
    path("participation/verify/<str:token>/", account.verify, name="verify"),
    path("participation/account/", account.account, name="account"),
    path("participation/account/my-data.json", account.account_export, name="account_export"),
    path("participation/account/delete/", account.account_delete, name="account_delete"),
    path("privacy/", public.privacy, name="privacy"),
]
