from django.apps import AppConfig


class TerminalConfig(AppConfig):
    name = "lab.terminal"
    label = "terminal"
