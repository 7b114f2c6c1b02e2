from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "lab.grading"
    label = "grading"
