"""Shortening for display (docker/cli formatter/displayutils.go)."""
from .tabwriter import char_width, display_width

SHORT_ID = 12


def truncate_id(identifier):
    """TruncateID: drop the `sha256:` algorithm, keep 12 characters."""
    return identifier.split(":", 1)[-1][:SHORT_ID]


def ellipsis(text, width):
    """Ellipsis: at most `width` display columns, the last one `…` when cut."""
    if width <= 0:
        return ""
    if display_width(text) <= width:
        return text
    used, kept = 0, []
    for ch in text:
        used += char_width(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"
