"""The daemon's inspect answers: containers (FIDELITY 4.1, moby api/types InspectResponse key
order) and images. Go marshals map keys sorted, struct fields in declaration order."""
import hashlib

from . import health
from .state import ZERO_TIME, timestamp

IMAGE_CONFIG_KEYS = ["User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
                     "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell"]
DOCKER_ROOT = "/var/lib/docker"


def _sorted(mapping):
    return dict(sorted(mapping.items())) if isinstance(mapping, dict) else mapping


def _overlay_id(*parts):
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def container(engine, c, size=False):
    state = c.state
    started = state.started_at is not None
    base = f"{DOCKER_ROOT}/containers/{c.id}"
    image = engine.images.by_id.get(c.image_id)
    layer_dirs = [f"{DOCKER_ROOT}/overlay2/{_overlay_id(d)}/diff" for d in reversed(image.layers)] if image else []
    own = f"{DOCKER_ROOT}/overlay2/{_overlay_id(c.id)}"
    data = {
        "Id": c.id,
        "Created": timestamp(c.created),
        "Path": c.path,
        "Args": list(c.args),
        "State": {
            "Status": state.status, "Running": state.status in ("running", "paused", "restarting"),
            "Paused": state.status == "paused", "Restarting": state.status == "restarting",
            "OOMKilled": state.oom_killed, "Dead": state.status == "dead", "Pid": state.pid,
            "ExitCode": state.exit_code, "Error": state.error,
            "StartedAt": timestamp(state.started_at) if started else ZERO_TIME,
            "FinishedAt": timestamp(state.finished_at) if state.finished_at is not None else ZERO_TIME,
        },
        "Image": c.image_id,
        "ResolvConfPath": f"{base}/resolv.conf",
        "HostnamePath": f"{base}/hostname",
        "HostsPath": f"{base}/hosts",
        "LogPath": f"{base}/{c.id}-json.log" if started else "",
        "Name": "/" + c.name,
        "RestartCount": c.restart_count,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "unconfined" if c.host_config.get("Privileged") else "docker-default",
        "ExecIDs": list(c.exec_ids) or None,
        "HostConfig": c.host_config,
        "GraphDriver": {"Data": {"ID": c.id, "LowerDir": ":".join([own + "-init/diff"] + layer_dirs),
                                 "MergedDir": own + "/merged", "UpperDir": own + "/diff", "WorkDir": own + "/work"},
                        "Name": "overlay2"},
    }
    if size:
        data["SizeRw"] = engine.containers.size_rw(c)
        data["SizeRootFs"] = engine.containers.size_root_fs(c)
    status = health.state(engine, c)
    if status:
        data["State"]["Health"] = {"Status": status, "FailingStreak": 0 if status != "unhealthy" else 3, "Log": []}
    # --tmpfs mounts live in HostConfig.Tmpfs only; they are not mount points (docker/docs#12742)
    flagged = set(c.host_config.get("Tmpfs") or {}) - {m.get("Target") for m in c.host_config.get("Mounts") or []}
    data["Mounts"] = [m for m in c.mounts if not (m["Type"] == "tmpfs" and m["Destination"] in flagged)]
    config = dict(c.config)
    for key in ("ExposedPorts", "Labels", "Volumes"):
        config[key] = _sorted(config.get(key)) if key in config else config.get(key)
        if key == "ExposedPorts" and key not in c.config:
            config.pop(key)
    data["Config"] = config
    data["NetworkSettings"] = network_settings(engine, c)
    return data


def network_settings(engine, c):
    running = c.state.status in ("running", "paused", "restarting")
    ports = _sorted(c.ports) if running else {}
    networks = {}
    for name, endpoint in sorted(c.networks.items()):
        net = engine.networks.get(name)
        bridge = net is not None and net.driver == "bridge" and endpoint.ip
        networks[name] = {
            "IPAMConfig": {"IPv4Address": endpoint.ipam_ip} if endpoint.ipam_ip else None,
            "Links": None, "Aliases": endpoint.aliases or None, "MacAddress": endpoint.mac,
            "DriverOpts": None, "GwPriority": 0, "NetworkID": endpoint.network_id,
            "EndpointID": endpoint.endpoint_id, "Gateway": net.gateway if bridge else "",
            "IPAddress": endpoint.ip, "IPPrefixLen": int(net.subnet.split("/")[1]) if bridge else 0,
            "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
            "DNSNames": dns_names(c, endpoint) if net is not None and net.user_defined else None,
        }
    default = networks.get("bridge", {}) if "bridge" in networks else {}
    return {
        "Bridge": "", "SandboxID": c.sandbox_id if running else "",
        "SandboxKey": f"/var/run/docker/netns/{c.sandbox_id[:12]}" if running and c.sandbox_id else "",
        "Ports": ports, "HairpinMode": False, "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
        "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None,
        "EndpointID": default.get("EndpointID", ""), "Gateway": default.get("Gateway", ""),
        "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "IPAddress": default.get("IPAddress", ""),
        "IPPrefixLen": default.get("IPPrefixLen", 0), "IPv6Gateway": "", "MacAddress": default.get("MacAddress", ""),
        "Networks": networks,
    }


def dns_names(c, endpoint):
    names = [c.name, *endpoint.aliases, c.id[:12], c.config.get("Hostname", "")]
    return list(dict.fromkeys(n for n in names if n))


def image(engine, img, typed=False):
    """Image inspect. `typed` keeps every config key (as Go templates see the struct); the JSON
    form leaves out empty ones (omitempty)."""
    config = {}
    for key in IMAGE_CONFIG_KEYS:
        value = img.config.get(key)
        if key in ("ExposedPorts", "Labels", "Volumes"):
            value = _sorted(value)
        if value or typed:
            config[key] = value
    lowers = [f"{DOCKER_ROOT}/overlay2/{_overlay_id(d)}/diff" for d in reversed(img.layers)]
    top = f"{DOCKER_ROOT}/overlay2/{_overlay_id(img.layers[-1])}" if img.layers else ""
    graph = {"MergedDir": top + "/merged", "UpperDir": top + "/diff", "WorkDir": top + "/work"}
    if len(lowers) > 1:
        graph = {"LowerDir": ":".join(lowers[1:]), **graph}
    return {
        "Id": img.id, "RepoTags": list(img.repo_tags), "RepoDigests": list(img.repo_digests),
        "Parent": img.parent, "Comment": img.comment, "Created": img.created, "DockerVersion": "",
        "Author": img.author, "Config": config, "Architecture": img.architecture, "Os": img.os,
        "Size": img.size, "GraphDriver": {"Data": graph, "Name": "overlay2"},
        "RootFS": {"Type": "layers", "Layers": list(img.layers)},
        "Metadata": {"LastTagTime": img.last_tag_time},
    }
