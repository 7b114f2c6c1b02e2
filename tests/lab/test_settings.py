"""Settings come from the environment; the defaults are SQLite and the in-memory channel layer."""
import importlib

import pytest

import lab.settings


@pytest.fixture
def reload_settings(monkeypatch):
    def reload(**env):
        for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "PORT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(lab.settings)

    yield reload
    monkeypatch.undo()
    importlib.reload(lab.settings)


def test_defaults_are_sqlite_and_in_memory_layer(reload_settings):
    settings = reload_settings()
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert settings.DEBUG is False
    assert settings.PORT == 8000
    assert settings.ALLOWED_HOSTS == ["127.0.0.1", "localhost"]
    assert settings.INSTALLED_APPS[0] == "daphne"
    assert len(settings.SECRET_KEY) >= 50 and settings.SECRET_KEY == settings.secret_key()


def test_secret_key_from_the_environment(reload_settings):
    assert reload_settings(SECRET_KEY="k" * 60).SECRET_KEY == "k" * 60


def test_urls_select_postgres_and_redis(reload_settings):
    settings = reload_settings(
        DATABASE_URL="postgres://slipway:pw@db.example:5432/slipway",
        REDIS_URL="redis://cache.example:6379/0",
        ALLOWED_HOSTS="lab.example, www.lab.example",
        DEBUG="true",
        PORT="9000",
    )
    db = settings.DATABASES["default"]
    assert (db["ENGINE"], db["NAME"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql", "slipway", "db.example", 5432)
    assert settings.CHANNEL_LAYERS["default"] == {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": ["redis://cache.example:6379/0"]},
    }
    assert settings.ALLOWED_HOSTS == ["lab.example", "www.lab.example"]
    assert (settings.DEBUG, settings.PORT) == (True, 9000)
