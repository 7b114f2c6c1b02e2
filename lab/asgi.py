"""ASGI entry point: Django for HTTP, the terminal consumer for websockets."""
import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lab.settings")
django_asgi_app = get_asgi_application()  # first: sets up Django before the consumers import models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from lab.terminal.routing import websocket_urlpatterns  # noqa: E402
from simulator import Session  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Load the simulator's catalogue now, then take everything loaded so far out of the cyclic garbage
# collector's sight: its full collections otherwise scan that whole heap and pause every terminal.
Session()
gc.collect()
gc.freeze()
