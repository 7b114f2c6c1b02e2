"""`docker compose config`: the normalised project as YAML, in compose's key order and quoting.

Key order is compose-go's struct field order; strings are quoted the way go-yaml v3 does it
(double quotes for anything that would read back as another type, single quotes where a plain
scalar is not allowed, a literal block for several lines).
"""
import re

from . import durations

_OTHER_TYPE = re.compile(r"""^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |~|null|Null|NULL|true|True|TRUE|false|False|FALSE
    |y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$""", re.X)
_START_INDICATORS = set("#,[]{}&*!|>'\"%@`")


def _plain_allowed(text):
    if text[0] in " \t" or text[-1] in " \t" or text[0] in _START_INDICATORS:
        return False
    if text[0] in "-?:" and (len(text) == 1 or text[1] in " \t"):
        return False
    return ": " not in text and " #" not in text and not text.endswith(":")


def _scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value == "" or _OTHER_TYPE.match(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if not _plain_allowed(value):
        return "'" + value.replace("'", "''") + "'"
    return value


def _emit(value, indent, lines):
    pad = "  " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            _emit_entry(f"{pad}{_scalar(str(key))}:", item, indent, lines)
    else:
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for key, sub in item.items():
                    prefix = f"{pad}  - " if first else f"{pad}    "
                    _emit_entry(f"{prefix}{_scalar(str(key))}:", sub, indent + 2, lines)
                    first = False
            else:
                _emit_entry(f"{pad}  -", item, indent + 1, lines)


def _emit_entry(head, item, indent, lines):
    if isinstance(item, (dict, list)) and item:
        lines.append(head)
        _emit(item, indent + 1 if isinstance(item, dict) else indent, lines)
    elif isinstance(item, (dict, list)):
        lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
    elif isinstance(item, str) and "\n" in item:
        chomp = "" if item.endswith("\n") and not item.endswith("\n\n") else "-"
        lines.append(f"{head} |{chomp}")
        body_pad = "  " * (indent + 1)
        lines.extend(body_pad + line if line else "" for line in item.rstrip("\n").split("\n"))
    else:
        lines.append(f"{head} {_scalar(item)}")


def to_yaml(document):
    lines = []
    _emit(document, 0, lines)
    return "\n".join(lines) + "\n"


# --- the normalised document --------------------------------------------------------------------

def _port(port):
    out = {"mode": port.mode}
    if port.host_ip:
        out["host_ip"] = port.host_ip
    if port.target:                  # compose-go's omitempty: a port object may leave it out
        out["target"] = port.target
    if port.published is not None:
        out["published"] = port.published
    out["protocol"] = port.protocol
    return out


def _mount(mount):
    out = {"type": mount.type}
    if mount.source:
        out["source"] = mount.source
    out["target"] = mount.target
    if mount.read_only:
        out["read_only"] = True
    if mount.type == "bind":
        out["bind"] = {"create_host_path": True}
    elif mount.type == "volume":
        out["volume"] = {}
    return out


def _healthcheck(check):
    out = {"test": check.test}
    for key in ("timeout", "interval"):
        if getattr(check, key) is not None:
            out[key] = durations.to_go(getattr(check, key))
    if check.retries is not None:
        out["retries"] = check.retries
    if check.start_period is not None:
        out["start_period"] = durations.to_go(check.start_period)
    return out


def _service(service):
    fields = [
        ("profiles", service.profiles),
        ("build", service.build and dict(
            {"context": service.build.context, "dockerfile": service.build.dockerfile},
            **({"args": service.build.args} if service.build.args else {}),
            **({"target": service.build.target} if service.build.target else {}))),
        ("command", service.command),
        ("container_name", service.container_name),
        ("depends_on", {name: {"condition": dep.condition, **({"restart": True} if dep.restart
                                                                 else {}),
                               "required": dep.required}
                        for name, dep in service.depends_on.items()}),
        ("entrypoint", service.entrypoint),
        ("environment", dict(sorted(service.environment.items()))),
        ("expose", service.expose),
        ("hostname", service.hostname),
        ("healthcheck", service.healthcheck and _healthcheck(service.healthcheck)),
        ("image", service.image),
        ("labels", dict(sorted(service.labels.items()))),
        ("networks", {key: ({"aliases": aliases} if aliases else None)
                      for key, aliases in sorted(service.networks.items())}),
        ("ports", [_port(port) for port in service.ports]),
        ("restart", service.restart),
        ("stdin_open", service.stdin_open),
        ("stop_grace_period", service.stop_grace_period is not None
         and durations.to_go(service.stop_grace_period)),
        ("stop_signal", service.stop_signal),
        ("tty", service.tty),
        ("user", service.user),
        ("volumes", [_mount(mount) for mount in service.volumes]),
        ("working_dir", service.working_dir),
    ]
    return {key: value for key, value in fields if value not in (None, "", [], {}, False)}


def _resource(resource):
    out = {"name": resource.name}
    if resource.driver:
        out["driver"] = resource.driver
    if resource.driver_opts:
        out["driver_opts"] = resource.driver_opts
    if resource.external:
        out["external"] = True
    if resource.labels:
        out["labels"] = dict(sorted(resource.labels.items()))
    return out


def document(project, services=()):
    """The project as `docker compose config` prints it (only `services` when given)."""
    out = {"name": project.name,
           "services": {name: _service(s) for name, s in project.services.items()
                        if not services or name in services}}
    if project.networks:
        out["networks"] = {k: _resource(r) for k, r in sorted(project.networks.items())}
    if project.volumes:
        out["volumes"] = {k: _resource(r) for k, r in sorted(project.volumes.items())}
    return out
