from django.urls import path

from lab.grading import views

urlpatterns = [
    path("api/exercises/<str:exercise_id>/submissions", views.submissions, name="submissions"),
    path("instructor/", views.instructor, name="instructor"),
]
