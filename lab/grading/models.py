import hashlib
import secrets

from django.conf import settings
from django.db import models


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class GradingToken(models.Model):
    """A staff member's key for the submissions API. Only its digest is stored: the key is shown
    once, when made (`manage.py grading_token USERNAME`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    @classmethod
    def issue(cls, user):
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=digest(key))
        return key

    @classmethod
    def user_for(cls, key):
        token = cls.objects.filter(digest=digest(key)).select_related("user").first()
        return token.user if token else None

    def __str__(self):
        return f"grading token of {self.user}"
