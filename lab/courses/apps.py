from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "lab.courses"
    label = "courses"
