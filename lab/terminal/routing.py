from django.urls import path

from lab.terminal.consumers import TerminalConsumer

websocket_urlpatterns = [
    path("ws/terminal/<slug:workspace>/", TerminalConsumer.as_asgi()),
]
