from django.apps import AppConfig


class TerminalConfig(AppConfig):
    name = "lab.terminal"
    label = "terminal"

    def ready(self):
        import lab.visitors  # noqa: F401  (connects the sign-up carry-over receiver)
        import lab.terminal.checks  # noqa: F401  (registers the Linux runtime's system check)
