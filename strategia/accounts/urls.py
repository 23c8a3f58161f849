from django.urls import path

from . import views

app_name = "accounts"

# Like the workspace, the addresses are Finnish in every language, so that
# links in mail stay valid whichever language the reader switches to.
urlpatterns = [
    path("kirjaudu/", views.SignInView.as_view(), name="login"),
    path("kirjaudu/ulos/", views.SignOutView.as_view(), name="logout"),
    path("kirjaudu/tunnistus/", views.two_factor_verify, name="two_factor_verify"),
    path("kirjaudu/kaksivaiheinen/", views.two_factor_setup, name="two_factor_setup"),
    path("salasana/", views.PasswordResetView.as_view(), name="password_reset"),
    path("salasana/lahetetty/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "salasana/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "salasana/valmis/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tili/", views.account, name="account"),
    path("kayttajat/", views.user_list, name="user_list"),
    path("kayttajat/kutsu/", views.user_invite, name="user_invite"),
    path("kayttajat/<int:pk>/", views.user_detail, name="user_detail"),
    path("kayttajat/<int:pk>/poista-kaytosta/", views.user_deactivate, name="user_deactivate"),
    path("roolit/<int:pk>/poista/", views.role_revoke, name="role_revoke"),
]
