"""Who owns a workspace or a progress row: a signed-in user, or an anonymous visitor whose id lives
in the Django session. Signing up or logging in hands the visitor's rows to the user."""
import uuid
from dataclasses import dataclass

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

VISITOR_KEY = "slipway_visitor"


@dataclass(frozen=True)
class Owner:
    user_id: int | None
    visitor: str

    def rows(self):
        """Lookup arguments selecting this owner's rows."""
        return {"user_id": self.user_id} if self.user_id else {"user__isnull": True, "visitor": self.visitor}

    def fields(self):
        return {"user_id": self.user_id, "visitor": "" if self.user_id else self.visitor}


def ensure_visitor(session):
    """The visitor id of a browser session, made on first visit (pages call this before a socket opens)."""
    if VISITOR_KEY not in session:
        session[VISITOR_KEY] = uuid.uuid4().hex
    return session[VISITOR_KEY]


def owner_of(user, session):
    """The owner for a request or websocket scope; None for an anonymous socket without a visitor id."""
    if user is not None and user.is_authenticated:
        return Owner(user.pk, "")
    visitor = session.get(VISITOR_KEY) if session is not None else None
    return Owner(None, visitor) if visitor else None


def claim(model, visitor, user, unique_field):
    """Move the visitor's anonymous rows to `user`, keeping the user's own row where both exist."""
    taken = model.objects.filter(user=user).values_list(unique_field, flat=True)
    model.objects.filter(user__isnull=True, visitor=visitor).exclude(**{f"{unique_field}__in": taken}).update(
        user=user, visitor="")


@receiver(user_logged_in)
def carry_over_anonymous_work(sender, request, user, **kwargs):
    from lab.courses.models import Progress
    from lab.terminal.models import Workspace

    visitor = request.session.get(VISITOR_KEY)
    if visitor:
        claim(Workspace, visitor, user, "name")
        claim(Progress, visitor, user, "exercise")
