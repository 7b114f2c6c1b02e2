from django.contrib.auth import views as auth_views
from django.urls import path

from lab.courses import views

urlpatterns = [
    path("", views.index, name="index"),
    path("lessons/<slug:slug>/", views.lesson, name="lesson"),
    path("playground/", views.playground, name="playground"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
