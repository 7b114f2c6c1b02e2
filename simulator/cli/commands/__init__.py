"""One module per docker verb. Every module here is imported, so its @handler/@command
decorators register it; nothing else needs to list it."""
import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
