"""Merging several Compose files (`-f a.yaml -f b.yaml`, or a file and its override).

compose-go's rules, for the keys the simulator models: mappings merge key by key, the later
file winning; `environment` and `labels` merge by variable name whatever their form; `ports`,
`expose`, `dns` and `env_file` accumulate; `volumes` merge by target; `command`, `entrypoint`
and the healthcheck `test` are replaced whole.
"""

APPENDED = {"ports", "expose", "dns", "env_file", "cap_add", "cap_drop", "extra_hosts"}
AS_MAPPING = {"environment", "labels", "args"}


def _as_mapping(value):
    if isinstance(value, list):
        pairs = (str(item).partition("=") for item in value)
        return {key: (val if sep else None) for key, sep, val in pairs}
    return dict(value or {})


def _as_list(value):
    return list(value) if isinstance(value, list) else [value]


def _volume_target(entry):
    if isinstance(entry, dict):
        return entry.get("target")
    parts = str(entry).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _merge_volumes(base, override):
    merged = {_volume_target(entry): entry for entry in base}
    for entry in override:
        merged[_volume_target(entry)] = entry
    return list(merged.values())


def _merge_value(key, base, override):
    if key in AS_MAPPING:
        return {**_as_mapping(base), **_as_mapping(override)}
    if key in APPENDED:
        merged = _as_list(base)
        return merged + [item for item in _as_list(override) if item not in merged]
    if key == "volumes" and isinstance(base, list) and isinstance(override, list):
        return _merge_volumes(base, override)
    if isinstance(base, dict) and isinstance(override, dict):
        return merge_mappings(base, override)
    return override


def merge_mappings(base, override):
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge_value(key, merged[key], value) if key in merged else value
    return merged


def merge_files(documents):
    merged = {}
    for document in documents:
        merged = merge_mappings(merged, document)
    return merged
