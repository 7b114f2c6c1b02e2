"""The Docker daemon simulated in Python: see engine.py for how its parts fit together."""
