"""Sizes, durations and times as docker prints them (github.com/docker/go-units, Go's time)."""
from datetime import datetime, timezone

DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]


def _custom_size(precision, size, base, units):
    size, index = float(size), 0
    while size >= base and index < len(units) - 1:
        size /= base
        index += 1
    return f"{size:.{precision}g}{units[index]}"   # Go's %g: 999.6 at 3 digits is "1e+03"


def human_size(size):
    """HumanSize: base 1000, 4 significant digits (`1.235GB`)."""
    return _custom_size(4, size, 1000.0, DECIMAL_UNITS)


def human_size_with_precision(size, precision=3):
    """HumanSizeWithPrecision: the table columns' 3 significant digits (`7.8MB`, `1e+03kB`)."""
    return _custom_size(precision, size, 1000.0, DECIMAL_UNITS)


def bytes_size(size):
    """BytesSize: base 1024 (`1.5MiB`), as `docker stats` prints memory."""
    return _custom_size(4, size, 1024.0, BINARY_UNITS)


def human_duration(seconds):
    """HumanDuration: `Less than a second`, `About a minute`, `3 weeks`..."""
    whole = int(seconds)
    if whole < 1:
        return "Less than a second"
    if whole == 1:
        return "1 second"
    if whole < 60:
        return f"{whole} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


def ago(now, then):
    """The CREATED column: `2 hours ago`."""
    return human_duration(now - then) + " ago"


def rfc3339(timestamp):
    """time.RFC3339 in UTC: `2024-05-01T10:00:00Z`."""
    return datetime.fromtimestamp(int(timestamp // 1), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc3339_nano(timestamp):
    """time.RFC3339Nano in UTC: fractional seconds without trailing zeros."""
    whole = int(timestamp // 1)
    nanos = round((timestamp - whole) * 1_000_000_000)
    if nanos >= 1_000_000_000:
        whole, nanos = whole + 1, 0
    fraction = f".{nanos:09d}".rstrip("0").rstrip(".")
    return datetime.fromtimestamp(whole, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"
