"""Schema validation of a Compose file with compose-go's messages (v2.7+, jsonschema v6).

The rules are the compose-spec schema's, written as Python data for the keys the simulator
models (others are accepted as they come, like the real schema accepts them). The validator
implements the JSON-schema keywords those rules use and reports, like compose-go, only the most
specific error: the deepest instance path, an additional property counting one deeper.
"""
import re

ANY = {}
STRING = {"type": ["string"]}
BOOL = {"type": ["boolean", "string"]}
INT = {"type": ["integer", "string"]}
BOOLEAN = {"type": ["boolean"]}         # keys cast after interpolation (cast.py)
INTEGER = {"type": ["integer"]}
NUMBER = {"type": ["number", "string"]}
DURATION = {"type": ["string"]}
LIST_OF_STRINGS = {"type": ["array"], "items": STRING, "uniqueItems": True}
COMMAND = {"oneOf": [{"type": ["null"]}, STRING, {"type": ["array"], "items": STRING}]}
LIST_OR_DICT = {"oneOf": [
    {"type": ["object"], "patternProperties": {".+": {"type": ["string", "number", "boolean",
                                                                "null"]}},
     "additionalProperties": False},
    LIST_OF_STRINGS]}
X = {"^x-": ANY}
KEY = "^[a-zA-Z0-9._-]+$"


def mapping(properties, required=(), extensions=True, **extra):
    rule = {"type": ["object"], "properties": properties, "additionalProperties": False,
            "patternProperties": dict(X) if extensions else {}}
    if required:
        rule["required"] = list(required)
    rule.update(extra)
    return rule


def named(rule):
    """A mapping of user-chosen names (services, volumes, networks)."""
    return {"type": ["object"], "patternProperties": {KEY: rule}, "additionalProperties": False}


BUILD = {"oneOf": [STRING, mapping({
    "context": STRING, "dockerfile": STRING, "dockerfile_inline": STRING, "args": LIST_OR_DICT,
    "ssh": LIST_OR_DICT, "labels": LIST_OR_DICT, "cache_from": LIST_OF_STRINGS,
    "cache_to": LIST_OF_STRINGS, "no_cache": BOOL, "additional_contexts": LIST_OR_DICT,
    "network": STRING, "pull": BOOL, "target": STRING, "shm_size": INT,
    "extra_hosts": LIST_OR_DICT, "isolation": STRING, "privileged": BOOL, "secrets": ANY,
    "tags": LIST_OF_STRINGS, "ulimits": ANY, "platforms": LIST_OF_STRINGS, "entitlements": ANY,
    "provenance": ANY, "sbom": ANY})]}

DEPENDS_ON = {"oneOf": [LIST_OF_STRINGS, {
    "type": ["object"], "additionalProperties": False,
    "patternProperties": {KEY: mapping({
        "restart": BOOLEAN, "required": BOOLEAN,
        "condition": {"type": ["string"], "enum": ["service_started", "service_healthy",
                                                   "service_completed_successfully"]}},
        required=["condition"], extensions=False)}}]}

HEALTHCHECK = mapping({
    "disable": BOOLEAN, "interval": DURATION, "retries": {"type": ["number"]},
    "test": {"oneOf": [STRING, {"type": ["array"], "items": STRING}]},
    "timeout": DURATION, "start_period": DURATION, "start_interval": DURATION})

PORTS = {"type": ["array"], "uniqueItems": True, "items": {"oneOf": [
    {"type": ["number"]}, STRING,
    mapping({"name": STRING, "mode": STRING, "host_ip": STRING, "target": INTEGER,
             "published": {"type": ["string", "integer"]}, "protocol": STRING,
             "app_protocol": STRING})]}}

VOLUMES = {"type": ["array"], "uniqueItems": True, "items": {"oneOf": [STRING, mapping({
    "type": STRING, "source": STRING, "target": STRING, "read_only": BOOLEAN,
    "consistency": STRING,
    "bind": mapping({"propagation": STRING, "create_host_path": BOOL, "recursive": STRING,
                     "selinux": {"type": ["string"], "enum": ["z", "Z"]}}),
    "volume": mapping({"labels": LIST_OR_DICT, "nocopy": BOOLEAN, "subpath": STRING}),
    "tmpfs": mapping({"size": {"oneOf": [{"type": ["integer"], "minimum": 0}, STRING]},
                      "mode": NUMBER}),
    "image": ANY}, required=["type"])]}}

NETWORKS = {"oneOf": [LIST_OF_STRINGS, {
    "type": ["object"], "additionalProperties": False,
    "patternProperties": {KEY: {"oneOf": [mapping({
        "aliases": LIST_OF_STRINGS, "interface_name": STRING, "ipv4_address": STRING,
        "ipv6_address": STRING, "link_local_ips": LIST_OF_STRINGS, "mac_address": STRING,
        "driver_opts": ANY, "priority": {"type": ["number"]}, "gw_priority": {"type": ["number"]}
    }), {"type": ["null"]}]}}}]}

ENV_FILE = {"oneOf": [STRING, {"type": ["array"], "items": {"oneOf": [
    STRING, mapping({"path": STRING, "required": BOOLEAN, "format": STRING}, required=["path"])]}}]}

_UNMODELLED = """develop deploy annotations attach blkio_config cap_add cap_drop cgroup
    cgroup_parent configs cpu_count cpu_percent cpu_shares cpu_quota cpu_period cpu_rt_period
    cpu_rt_runtime cpus cpuset credential_spec device_cgroup_rules devices dns dns_opt
    dns_search domainname extends external_links extra_hosts gpus group_add init ipc isolation
    label_file links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit
    models network_mode oom_kill_disable oom_score_adj pid pids_limit platform post_start
    pre_stop provider pull_policy pull_refresh_after runtime secrets security_opt shm_size
    storage_opt
    sysctls tmpfs ulimits use_api_socket userns_mode uts volumes_from""".split()

SERVICE = mapping(dict({name: ANY for name in _UNMODELLED}, **{
    "build": BUILD, "command": COMMAND, "container_name": STRING, "depends_on": DEPENDS_ON,
    "entrypoint": COMMAND, "env_file": ENV_FILE, "environment": LIST_OR_DICT,
    "expose": {"type": ["array"], "items": {"type": ["string", "number"]}, "uniqueItems": True},
    "healthcheck": HEALTHCHECK, "hostname": STRING, "image": STRING, "labels": LIST_OR_DICT,
    "networks": NETWORKS, "ports": PORTS, "privileged": BOOLEAN, "profiles": LIST_OF_STRINGS,
    "read_only": BOOLEAN, "restart": STRING, "scale": INTEGER, "stdin_open": BOOLEAN,
    "tty": BOOLEAN,
    "stop_grace_period": DURATION, "stop_signal": STRING, "user": STRING,
    "volumes": VOLUMES, "working_dir": STRING}))

EXTERNAL = {"type": ["boolean", "object"], "properties": {"name": STRING}}
RESOURCE = {"name": STRING, "driver": STRING, "driver_opts": ANY, "external": EXTERNAL,
            "labels": LIST_OR_DICT}
NETWORK = dict(mapping(dict(RESOURCE, ipam=ANY, internal=BOOLEAN, enable_ipv4=BOOL,
                            enable_ipv6=BOOL, attachable=BOOLEAN)), type=["object", "null"])
VOLUME = dict(mapping(dict(RESOURCE)), type=["object", "null"])
FILE_OBJECT = dict(mapping({"name": STRING, "content": STRING, "environment": STRING,
                            "file": STRING, "external": EXTERNAL, "labels": LIST_OR_DICT,
                            "driver": STRING, "driver_opts": ANY, "template_driver": STRING}),
                   type=["object", "null"])

COMPOSE_FILE = mapping({
    "version": STRING, "name": STRING, "include": ANY, "models": ANY,
    "services": named(SERVICE), "networks": {"type": ["object"],
                                             "patternProperties": {KEY: NETWORK}},
    "volumes": named(VOLUME), "secrets": named(FILE_OBJECT), "configs": named(FILE_OBJECT)})


# --- the validator -----------------------------------------------------------------------------

def _type_of(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _type_ok(value, types):
    actual = _type_of(value)
    return actual in types or (actual == "integer" and "number" in types)


def _quoted(items):
    return ", ".join(f"'{item}'" for item in items)


def _human(types):
    names = sorted("mapping" if t == "object" else t for t in types)
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _errors(rule, value, path):
    """Leaf errors as (path, message, specificity), in the order jsonschema v6 finds them."""
    if "type" in rule and not _type_ok(value, rule["type"]):
        return [(path, f"must be a {_human(rule['type'])}", len(path))]
    found = []
    if "enum" in rule and value not in rule["enum"]:
        found.append((path, f"value must be one of {_quoted(rule['enum'])}", len(path)))
    if "minimum" in rule and isinstance(value, (int, float)) and value < rule["minimum"]:
        found.append((path, f"must be greater than or equal to {rule['minimum']}", len(path)))
    if "oneOf" in rule:
        found.extend(_one_of(rule["oneOf"], value, path))
    if isinstance(value, dict):
        found.extend(_object_errors(rule, value, path))
    if isinstance(value, list):
        found.extend(_array_errors(rule, value, path))
    return found


def _one_of(branches, value, path):
    results = [_errors(branch, value, path) for branch in branches]
    passing = [i for i, errors in enumerate(results) if not errors]
    if len(passing) == 1:
        return []
    if passing:
        return [(path, f"oneOf failed, subschemas {passing[0]}, {passing[1]} matched", len(path))]
    return [error for errors in results for error in errors]


def _object_errors(rule, value, path):
    found = []
    missing = [name for name in rule.get("required", ()) if name not in value]
    if missing:
        word = "property" if len(missing) == 1 else "properties"
        found.append((path, f"missing {word} {_quoted(missing)}", len(path)))
    properties = rule.get("properties", {})
    patterns = rule.get("patternProperties", {})
    extra = []
    for key, item in value.items():
        key = str(key)
        matched = False
        if key in properties:
            matched = True
            found.extend(_errors(properties[key], item, path + (key,)))
        for pattern, sub in patterns.items():
            if re.search(pattern, key):
                matched = True
                found.extend(_errors(sub, item, path + (key,)))
        if not matched:
            extra.append(key)
    if extra and rule.get("additionalProperties", True) is False:
        found.append((path, f"additional properties {_quoted(sorted(extra))} not allowed",
                      len(path) + 1))
    return found


def _array_errors(rule, value, path):
    found = []
    if rule.get("uniqueItems"):
        seen = []
        for index, item in enumerate(value):
            if item in seen:
                found.append((path, f"items at {seen.index(item)} and {index} are equal",
                              len(path)))
                break
            seen.append(item)
    if "items" in rule:
        for index, item in enumerate(value):
            found.extend(_errors(rule["items"], item, path + (str(index),)))
    return found


def validate(document):
    """None when valid, else compose-go's message: `services.db additional properties ...`."""
    errors = _errors(COMPOSE_FILE, document, ())
    if not errors:
        return None
    best = errors[0]
    for error in errors[1:]:
        if error[2] > best[2]:
            best = error
    path, message, _ = best
    return f"{'.'.join(path)} {message}"
