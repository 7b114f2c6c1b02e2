"""Checks on Docker objects, read as `docker inspect` data: container, image, volume, network."""
from ..match import as_list, normalize_ref, parse_size
from . import check

CONTAINER_KEYS = {"name", "image", "label", "state", "exit_code", "env", "ports", "mounts",
                  "networks", "restart", "cmd", "entrypoint", "workdir", "user", "count"}


@check("container", CONTAINER_KEYS)
def container(spec, probe):
    """Passes when the containers chosen by name/image/label that also have every listed
    property number `count` (default: at least one). Others present do not matter."""
    everyone = probe.containers()
    chosen = [c for c in everyone if _selected(c, spec, probe)]
    if not chosen:
        return "count" in spec and int(spec["count"]) == 0, f"there is no {_who(spec)}"
    problems = [_container_problem(c, spec, probe) for c in chosen]
    matching = [c for c, problem in zip(chosen, problems) if problem is None]
    if "count" in spec:
        wanted = int(spec["count"])
        if len(matching) == wanted:
            return True, ""
        return False, f"expected {wanted} {_who(spec, plural=wanted != 1)} as asked, found {len(matching)}"
    if matching:
        return True, ""
    return False, next(p for p in problems if p)


def _who(spec, plural=False):
    noun = "containers" if plural else "container"
    if "name" in spec:
        return f"{noun} named {spec['name']}"
    if "label" in spec:
        return f"{noun} labelled {_pairs(spec['label'])}"
    if "image" in spec:
        return f"{noun} from image {spec['image']}"
    return f"matching {noun}"


def _selected(c, spec, probe):
    if "name" in spec and c["Name"].lstrip("/") != str(spec["name"]):
        return False
    if "image" in spec and not {"name", "label"} & set(spec) and not _same_image(c, spec["image"], probe):
        return False
    if "label" in spec and "name" not in spec and not _subset(spec["label"], c["Config"].get("Labels") or {}):
        return False
    return True


def _same_image(c, ref, probe):
    if normalize_ref(c["Config"]["Image"]) == normalize_ref(ref):
        return True
    image = probe.inspect("image", ref)
    return bool(image) and image["Id"] == c["Image"]


def _subset(wanted, actual):
    return all(str(actual.get(k)) == str(v) for k, v in wanted.items())


def _container_problem(c, spec, probe):
    """Why this container lacks a property the spec asks for, or None."""
    name = c["Name"].lstrip("/")
    config, host, state = c["Config"], c["HostConfig"], c["State"]
    if "image" in spec and not _same_image(c, spec["image"], probe):
        return f"container {name} runs image {config['Image']}, expected {spec['image']}"
    if "label" in spec and not _subset(spec["label"], config.get("Labels") or {}):
        return f"container {name} lacks the labels {_pairs(spec['label'])}"
    if "state" in spec and state["Status"] != spec["state"]:
        return f"container {name} is {state['Status']}, expected {spec['state']}"
    if "exit_code" in spec and (state["Status"] != "exited" or state["ExitCode"] != int(spec["exit_code"])):
        return f"container {name} has not exited with code {spec['exit_code']}"
    env = dict(e.split("=", 1) for e in config.get("Env") or [] if "=" in e)
    if "env" in spec and not _subset(spec["env"], env):
        return f"container {name} lacks the environment {_pairs(spec['env'])}"
    for port, host_port in (spec.get("ports") or {}).items():
        if not _published(c, str(port), host_port):
            return f"container {name} does not publish port {port} on host port {host_port}"
    mounts = (c.get("Mounts") or []) + [{"Type": "tmpfs", "Source": "", "Destination": path, "RW": True}
                                        for path in c["HostConfig"].get("Tmpfs") or {}]
    for mount in spec.get("mounts") or []:
        if not any(_mount_matches(m, mount) for m in mounts):
            return f"container {name} lacks the mount {_pairs(mount)}"
    problem = _network_problem(name, c, spec.get("networks"))
    if problem:
        return problem
    if "restart" in spec and _restart(host) != str(spec["restart"]):
        return f"container {name} has restart policy {_restart(host)}, expected {spec['restart']}"
    for key, field in (("cmd", "Cmd"), ("entrypoint", "Entrypoint")):
        if key in spec and not _same_command(config.get(field), spec[key]):
            return f"container {name} has {key} {config.get(field)}, expected {spec[key]}"
    for key, field in (("workdir", "WorkingDir"), ("user", "User")):
        if key in spec and (config.get(field) or "") != str(spec[key]):
            return f"container {name} has {key} {config.get(field) or '(none)'!r}, expected {spec[key]!r}"
    return None


def _pairs(mapping):
    return ", ".join(f"{k}={v}" for k, v in mapping.items())


def _published(c, port, host_port):
    key = port if "/" in port else port + "/tcp"
    bindings = (c["NetworkSettings"].get("Ports") or {}).get(key) or \
        (c["HostConfig"].get("PortBindings") or {}).get(key) or []
    if host_port in (None, "any"):
        return bool(bindings)
    return any(b.get("HostPort") == str(host_port) for b in bindings)


def _mount_matches(actual, wanted):
    source = actual.get("Name") if actual.get("Type") == "volume" else actual.get("Source")
    checks = {"type": actual.get("Type"), "source": source,
              "destination": actual.get("Destination"), "read_only": not actual.get("RW", True)}
    return all(checks[k] == (v if k == "read_only" else str(v)) for k, v in wanted.items() if k in checks)


def _network_problem(name, c, wanted):
    if not wanted:
        return None
    attached = c["NetworkSettings"].get("Networks") or {}
    wanted = wanted if isinstance(wanted, dict) else {n: {} for n in as_list(wanted)}
    for network, options in wanted.items():
        if network not in attached:
            return f"container {name} is not connected to network {network}"
        names = set((attached[network].get("Aliases") or []) + (attached[network].get("DNSNames") or []))
        missing = [a for a in as_list((options or {}).get("aliases")) if a not in names]
        if missing:
            return f"container {name} has no alias {missing[0]} on network {network}"
    return None


def _restart(host):
    policy = host.get("RestartPolicy") or {}
    name = policy.get("Name") or "no"
    retries = policy.get("MaximumRetryCount") or 0
    return f"{name}:{retries}" if name == "on-failure" and retries else name


def _same_command(actual, wanted):
    """A command given as a list compares exactly; given as a string, by its words."""
    actual = actual or []
    return actual == wanted if isinstance(wanted, list) else " ".join(actual) == str(wanted)


IMAGE_KEYS = {"name", "exists", "cmd", "entrypoint", "env", "exposed_ports", "workdir", "labels",
              "user", "max_layers", "max_size", "multi_stage", "history_contains"}


@check("image", IMAGE_KEYS)
def image(spec, probe):
    name = str(spec["name"])
    data = probe.inspect("image", name)
    if not spec.get("exists", True):
        return data is None, f"image {name} should not exist"
    if data is None:
        return False, f"there is no image {name}"
    config = data.get("Config") or {}
    for key, field in (("cmd", "Cmd"), ("entrypoint", "Entrypoint")):
        if key in spec and not _same_command(config.get(field), spec[key]):
            return False, f"image {name} has {key} {config.get(field)}, expected {spec[key]}"
    for key, field in (("workdir", "WorkingDir"), ("user", "User")):
        if key in spec and (config.get(field) or "") != str(spec[key]):
            return False, f"image {name} has {key} {config.get(field) or '(none)'!r}, expected {spec[key]!r}"
    env = dict(e.split("=", 1) for e in config.get("Env") or [] if "=" in e)
    if "env" in spec and not _subset(spec["env"], env):
        return False, f"image {name} lacks the environment {_pairs(spec['env'])}"
    if "labels" in spec and not _subset(spec["labels"], config.get("Labels") or {}):
        return False, f"image {name} lacks the labels {_pairs(spec['labels'])}"
    exposed = set(config.get("ExposedPorts") or {})
    for port in as_list(spec.get("exposed_ports")):
        if (port if "/" in port else port + "/tcp") not in exposed:
            return False, f"image {name} does not expose port {port}"
    layers = len((data.get("RootFS") or {}).get("Layers") or [])
    if "max_layers" in spec and layers > int(spec["max_layers"]):
        return False, f"image {name} has {layers} layers, at most {spec['max_layers']} expected"
    if "max_size" in spec and data.get("Size", 0) > parse_size(spec["max_size"]):
        return False, f"image {name} is larger than {spec['max_size']}"
    history = probe.history(name)
    for needle in as_list(spec.get("history_contains")):
        if not any(needle in line for line in history):
            return False, f"no layer of image {name} was made by {needle!r}"
    if "multi_stage" in spec and not _multi_stage(probe.host_file(str(spec["multi_stage"])) or ""):
        return False, f"image {name} was not built by a multi-stage build ({spec['multi_stage']})"
    return True, ""


def _multi_stage(dockerfile):
    """An image's config does not record its stages, so the check reads the Dockerfile it was
    built from: two FROM or more, and a COPY --from that carries an artifact across."""
    lines = [line.strip().upper() for line in dockerfile.splitlines()]
    return sum(line.startswith("FROM ") for line in lines) >= 2 and \
        any(line.startswith("COPY ") and "--FROM=" in line for line in lines)


def _simple_object(kind, spec, probe, describe):
    name = str(spec["name"])
    data = probe.inspect(kind, name)
    if not spec.get("exists", True):
        return data is None, f"{kind} {name} should not exist"
    if data is None:
        return False, f"there is no {kind} {name}"
    if "driver" in spec and data.get("Driver") != spec["driver"]:
        return False, f"{kind} {name} uses driver {data.get('Driver')}, expected {spec['driver']}"
    if "labels" in spec and not _subset(spec["labels"], data.get("Labels") or {}):
        return False, f"{kind} {name} lacks the labels {_pairs(spec['labels'])}"
    return describe(name, data)


@check("volume", {"name", "exists", "driver", "labels", "used_by"})
def volume(spec, probe):
    def describe(name, _data):
        users = {c["Name"].lstrip("/") for c in probe.containers()
                 if any(m.get("Name") == name for m in c.get("Mounts") or [])}
        missing = [u for u in as_list(spec.get("used_by")) if u not in users]
        if missing:
            return False, f"container {missing[0]} does not mount volume {name}"
        return True, ""
    return _simple_object("volume", spec, probe, describe)


@check("network", {"name", "exists", "driver", "labels", "subnet", "gateway", "containers"})
def network(spec, probe):
    def describe(name, data):
        ipam = ((data.get("IPAM") or {}).get("Config") or [{}])
        for key, field in (("subnet", "Subnet"), ("gateway", "Gateway")):
            if key in spec and not any(c.get(field) == str(spec[key]) for c in ipam):
                return False, f"network {name} has no {key} {spec[key]}"
        members = {m.get("Name") for m in (data.get("Containers") or {}).values()}
        missing = [m for m in as_list(spec.get("containers")) if m not in members]
        if missing:
            return False, f"container {missing[0]} is not connected to network {name}"
        return True, ""
    return _simple_object("network", spec, probe, describe)
