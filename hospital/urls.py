from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from checklists.views.login import LoginView

urlpatterns = [
    # Django's LoginView (already marked login_not_required), warning before a lock-out.
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("checklists.urls")),
]
