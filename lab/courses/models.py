from django.conf import settings
from django.db import models
from django.db.models import Q


class Progress(models.Model):
    """How far one visitor got with one exercise; anonymous rows move to the user on sign up."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    visitor = models.CharField(max_length=64, blank=True)
    lesson = models.CharField(max_length=100)
    exercise = models.CharField(max_length=100)
    passed = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)   # presses of the Check button
    started = models.DateTimeField(auto_now_add=True)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], condition=Q(user__isnull=False), name="progress_per_user"),
            models.UniqueConstraint(fields=["visitor", "exercise"], condition=Q(user__isnull=True), name="progress_per_visitor"),
        ]

    def __str__(self):
        return f"{self.user or self.visitor}: {self.exercise} ({'passed' if self.passed else 'open'})"
