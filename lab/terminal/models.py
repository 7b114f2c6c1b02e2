from django.conf import settings
from django.db import models
from django.db.models import Q


class Workspace(models.Model):
    """One visitor's simulated machine for one lesson (or the playground), saved after every command.

    The owner is a user, or an anonymous visitor id kept in the Django session until sign up.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    visitor = models.CharField(max_length=64, blank=True)
    name = models.CharField(max_length=100)            # lesson slug or "playground"
    state = models.TextField()                         # Session.to_json()
    undo = models.JSONField(default=list)              # earlier states, newest last
    history = models.JSONField(default=list)           # lines typed, for the up arrow
    screen = models.TextField(blank=True)              # the end of the terminal's output, shown on reconnect
    exercise = models.CharField(max_length=100, blank=True)   # the open exercise, graded after each command
    version = models.PositiveIntegerField(default=0)   # bumped on save: another tab or worker may have moved on
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], condition=Q(user__isnull=False), name="workspace_per_user"),
            models.UniqueConstraint(fields=["visitor", "name"], condition=Q(user__isnull=True), name="workspace_per_visitor"),
        ]

    def __str__(self):
        return f"{self.user or self.visitor}: {self.name}"
