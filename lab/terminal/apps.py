from django.apps import AppConfig


class TerminalConfig(AppConfig):
    name = "lab.terminal"
    label = "terminal"

    def ready(self):
        import lab.visitors  # noqa: F401  (connects the sign-up carry-over receiver)
