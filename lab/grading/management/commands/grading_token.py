from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lab.grading.models import GradingToken


class Command(BaseCommand):
    help = "Make a key for the submissions API for a staff user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        if not user.is_staff:
            raise CommandError(f"{username} is not staff; only staff may grade")
        self.stdout.write(GradingToken.issue(user))
