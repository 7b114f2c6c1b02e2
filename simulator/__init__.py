"""Slipway's pure-Python Docker simulator. Public API: Session, Result."""
from .session import Result, Session

__all__ = ["Session", "Result"]
