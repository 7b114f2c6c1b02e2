"""One shell for the host (bash) and containers (sh/ash/bash): parse to an AST, then interpret."""
from .interp import Shell
from .lexer import ShellSyntaxError

__all__ = ["Shell", "ShellSyntaxError"]
