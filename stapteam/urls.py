"""Root URLs of STAP; each app brings its own under its namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from stapteam.forms import LoginForm
from stapteam.views import accounts

app_patterns = (
    [
        path("", accounts.home, name="home"),
        path(
            "inloggen/",
            auth_views.LoginView.as_view(
                template_name="stapteam/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
            ),
            name="login",
        ),
        path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
        path("gebruikers/", accounts.user_list, name="user_list"),
        path("gebruikers/<int:pk>/wijzigen/", accounts.user_edit, name="user_edit"),
        path("gebruikers/<int:pk>/historie/", accounts.user_history, name="user_history"),
    ],
    "stapteam",
)

admin.site.site_header = _("STAP beheer")
admin.site.site_title = _("STAP beheer")
admin.site.index_title = _("Beheer")

urlpatterns = [
    # The admin has no login page of its own: everyone logs in through STAP's login.
    path("beheer/login/", accounts.admin_login),
    path("beheer/", admin.site.urls),
    path("", include(app_patterns)),
]
