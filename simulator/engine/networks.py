"""Networks: the default bridge, host and none; user-defined bridges with libnetwork's IPAM
(predefined pools first-fit, lowest free address, freed ones reused); endpoints joined at
start and left at stop; connect, disconnect, remove, prune; and the inspect answer."""
import hashlib
import ipaddress

from . import dns
from .errors import Conflict, DockerError, InvalidParameter, NotFound, no_such_container
from .routing import NetView
from .state import Endpoint, Network, dump, load, timestamp

BRIDGE_OPTIONS = {
    "com.docker.network.bridge.default_bridge": "true",
    "com.docker.network.bridge.enable_icc": "true",
    "com.docker.network.bridge.enable_ip_masquerade": "true",
    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
    "com.docker.network.bridge.name": "docker0",
    "com.docker.network.driver.mtu": "1500",
}
ADDRESS_DRIVERS = ("bridge", "macvlan", "ipvlan")     # drivers that give endpoints addresses


def _local_pools():
    """libnetwork ipamutils: 172.17-172.31 as /16s, then 192.168.0.0/16 as /20s, in order."""
    pools = [ipaddress.ip_network(f"172.{n}.0.0/16") for n in range(17, 32)]
    return pools + list(ipaddress.ip_network("192.168.0.0/16").subnets(new_prefix=20))


POOLS = _local_pools()


def _is_ipv4(text):
    try:
        return ipaddress.ip_address(text).version == 4
    except ValueError:
        return False


def _first_host(network):
    host = next(iter(network.hosts()), None)
    if host is None:
        raise InvalidParameter(f"no available addresses on this pool: {network}")
    return str(host)


def random_mac(endpoint_id):
    """libnetwork's GenerateRandomMAC: 02:42 and four random bytes. Since moby 28 a bridge endpoint's
    MAC is no longer derived from its IPv4 address (moby#48808); these bytes come from the endpoint's
    own random ID, so a seeded session stays deterministic without drawing another ID."""
    tail = hashlib.sha256(f"mac:{endpoint_id}".encode()).hexdigest()[:8]
    return "02:42:" + ":".join(tail[i:i + 2] for i in range(0, 8, 2))


class Networks:
    def __init__(self, engine):
        self.engine = engine
        self.by_id = {}

    def create_defaults(self):
        now = self.engine.clock.now()
        for name, driver, subnet, gateway, options in (
                ("bridge", "bridge", "172.17.0.0/16", "172.17.0.1", BRIDGE_OPTIONS),
                ("host", "host", "", "", {}), ("none", "null", "", "", {})):
            net = Network(id=self.engine.ids.hex64("network"), name=name, driver=driver, created=now,
                          subnet=subnet, gateway=gateway, options=dict(options), user_defined=False)
            self.by_id[net.id] = net

    # --- lookup ----------------------------------------------------------------------------
    def all(self):
        return list(self.by_id.values())

    def get(self, name):
        """By full name, full ID, then unique ID prefix (libnetwork's order)."""
        for net in self.by_id.values():
            if net.name == name or net.id == name:
                return net
        found = [n for n in self.by_id.values() if name and n.id.startswith(name)]
        return found[0] if len(found) == 1 else None

    def find(self, name):
        net = self.get(name)
        if net is None:
            raise NotFound(f"network {name} not found")
        return net

    # --- create, remove, prune ------------------------------------------------------------
    def create(self, name, driver="bridge", subnet="", gateway="", ip_range="", internal=False,
               labels=None, options=None, attachable=False, ipv6=False):
        """A user-defined network; subnet, gateway and ip_range are CIDR/IP strings already checked
        by the CLI (a subnet is taken from the predefined pools when none is given)."""
        if self.get(name) is not None and self.get(name).name == name:
            raise Conflict(f"network with name {name} already exists")
        driver = driver or "bridge"
        if driver in ("host", "null"):
            raise DockerError(f'only one instance of "{driver}" network is allowed', 403)
        if driver == "overlay":
            raise DockerError('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" '
                              "to connect this node to swarm and try again.", 503)
        if driver not in ADDRESS_DRIVERS:
            raise NotFound(f'plugin "{driver}" not found')
        if subnet:
            network = ipaddress.ip_network(subnet, strict=False)
            if network.version != 4:
                raise InvalidParameter("IPv6 networks are not available in this lab")
            if any(network.overlaps(taken) for taken in self._subnets()):
                raise Conflict("invalid pool request: Pool overlaps with other one on this address space")
        else:
            network = self._free_pool()
        net = Network(id=self.engine.ids.hex64("network"), name=name, driver=driver,
                      created=self.engine.clock.now(), subnet=str(network),
                      gateway=gateway or _first_host(network), ip_range=ip_range,
                      user_subnet=bool(subnet), internal=internal, attachable=attachable,
                      enable_ipv6=ipv6, labels=dict(labels or {}), options=dict(options or {}))
        self.by_id[net.id] = net
        self.engine.events.emit("network", "create", net.id, {"name": name, "type": driver})
        return net

    def _subnets(self):
        return [ipaddress.ip_network(n.subnet) for n in self.by_id.values() if n.subnet]

    def _free_pool(self):
        taken = self._subnets()
        for pool in POOLS:
            if not any(pool.overlaps(t) for t in taken):
                return pool
        raise DockerError("all predefined address pools have been fully subnetted")

    def remove(self, name_or_net):
        net = name_or_net if isinstance(name_or_net, Network) else self.find(name_or_net)
        if not net.user_defined:
            raise DockerError(f"{net.name} is a pre-defined network and cannot be removed", 403)
        members = self.members(net)
        if members:
            endpoints = ", ".join(f'name:"{c.name}" id:"{c.networks[net.name].endpoint_id[:12]}"'
                                  for c in members)
            raise ActiveEndpoints(f"error while removing network: network {net.name} has active "
                                  f"endpoints ({endpoints})")
        del self.by_id[net.id]
        self.engine.events.emit("network", "destroy", net.id, {"name": net.name, "type": net.driver})

    def prune(self, keep=lambda net: False):
        """Remove user-defined networks without endpoints; their names, oldest first."""
        removed = []
        for net in sorted(self.by_id.values(), key=lambda n: n.created):
            if net.user_defined and not self.members(net) and not keep(net):
                self.remove(net)
                removed.append(net.name)
        return removed

    # --- endpoints -------------------------------------------------------------------------
    def prepare(self, c, networking):
        """Record which networks a new container joins (addresses come at start)."""
        mode = c.host_config.get("NetworkMode") or "bridge"
        c.networks = {}
        if mode.startswith("container:"):
            self._check_shared_stack(c.host_config)
            self.engine.containers.find(mode.split(":", 1)[1])
            return
        configs = dict((networking or {}).get("EndpointsConfig") or {})
        for name in [mode] + [n for n in configs if n != mode]:
            net = self.find(name)
            settings = configs.get(name) or {}
            self._check_endpoint(net, settings.get("Aliases"), (settings.get("IPAMConfig") or {}).get("IPv4Address"))
            c.networks[net.name] = Endpoint(network_id=net.id, endpoint_id="",
                                            aliases=list(settings.get("Aliases") or []),
                                            ipam_ip=(settings.get("IPAMConfig") or {}).get("IPv4Address") or "")
        self._register_links(c, mode)

    @staticmethod
    def _check_shared_stack(host_config):
        """What `--network container:<name>` cannot be combined with (runconfig/errors.go)."""
        for key, conflict in (("Links", "container type network can't be used with links. This would result "
                                        "in undefined behavior"),
                              ("Dns", "dns and the network mode"),
                              ("ExtraHosts", "custom host-to-IP mapping and the network mode"),
                              ("PortBindings", "port publishing and the container type network mode"),
                              ("PublishAllPorts", "port publishing and the container type network mode")):
            if host_config.get(key):
                raise InvalidParameter(f"conflicting options: {conflict}")

    def _check_endpoint(self, net, aliases, ip):
        if not net.user_defined and aliases:
            raise InvalidParameter("network-scoped alias is supported only for containers in user defined networks")
        if not net.user_defined and ip:
            raise InvalidParameter("user specified IP address is supported on user defined networks only")
        if ip and not _is_ipv4(ip):
            raise InvalidParameter(f"invalid IPv4 address: {ip}")
        if ip and not net.user_subnet:
            raise InvalidParameter("user specified IP address is supported only when connecting to networks with "
                                   "user configured subnets")
        if ip and ipaddress.ip_address(ip) not in ipaddress.ip_network(net.subnet):
            raise InvalidParameter(f"no configured subnet or ip-range contain the IP address {ip}")

    def _register_links(self, c, mode):
        """`--link name[:alias]` as the daemon stores it: /child:/parent/alias."""
        links = []
        for entry in c.host_config.get("Links") or []:
            name, _, alias = entry.partition(":")
            if mode == "host":
                raise InvalidParameter("conflicting options: host type networking can't be used with links. "
                                       "This would result in undefined behavior")
            child = self.engine.containers.get(name.lstrip("/"))
            if child is None:
                raise InvalidParameter(f"could not get container for {name}: No such container: {name}")
            links.append(f"/{child.name}:/{c.name}/{(alias or name).rsplit('/', 1)[-1]}")
        if links:
            c.host_config["Links"] = links

    def _check_links(self, c):
        for child, alias in dns.link_targets(self.engine, c):
            if child.state.status != "running":
                raise InvalidParameter(f"Cannot link to a non running container: /{child.name} AS /{c.name}/{alias}")
            if "bridge" not in child.networks and c.host_config.get("NetworkMode") == "bridge":
                raise InvalidParameter(f"Cannot link to /{child.name}, as it does not belong to the default network")

    def members(self, net):
        """Running containers with an endpoint on `net`."""
        return [c for c in self.engine.containers.all()
                if c.state.status in ("running", "paused") and net.name in c.networks
                and c.networks[net.name].endpoint_id]

    def holder(self, ip):
        """The running container that has this address, or None."""
        return next((c for c in self.engine.containers.all() if c.state.status in ("running", "paused")
                     and any(e.ip == ip for e in c.networks.values())), None)

    def connect_all(self, c):
        """Join every network the container is on (at start)."""
        self._check_links(c)
        for name, endpoint in c.networks.items():
            net = self.get(name)
            if net is not None and not endpoint.endpoint_id:
                self._join(c, net, endpoint)
        if not c.sandbox_id:
            c.sandbox_id = self.engine.ids.hex64("sandbox")

    def _join(self, c, net, endpoint):
        if net.driver in ADDRESS_DRIVERS:
            ip = endpoint.ipam_ip
            if ip and ip in {m.networks[net.name].ip for m in self.members(net) if m is not c}:
                raise DockerError("Address already in use")
            endpoint.ip = ip or self._free_ip(net)
        endpoint.endpoint_id = self.engine.ids.hex64("endpoint")
        if endpoint.ip:
            endpoint.mac = random_mac(endpoint.endpoint_id)
        self.engine.events.emit("network", "connect", net.id, {"container": c.id, "name": net.name,
                                                             "type": net.driver})

    def disconnect_all(self, c):
        for name, endpoint in c.networks.items():
            if endpoint.endpoint_id:
                self.engine.events.emit("network", "disconnect", endpoint.network_id,
                                        {"container": c.id, "name": name, "type": self.get(name).driver
                                         if self.get(name) else ""})
            endpoint.endpoint_id, endpoint.mac, endpoint.ip = "", "", ""

    def _free_ip(self, net):
        used = {m.networks[net.name].ip for m in self.members(net)}
        used |= {c.networks[net.name].ipam_ip for c in self.engine.containers.all()
                 if net.name in c.networks and c.networks[net.name].ipam_ip}
        subnet = ipaddress.ip_network(net.subnet)
        reserved = {str(subnet.network_address), str(subnet.broadcast_address), net.gateway}
        for host in ipaddress.ip_network(net.ip_range or net.subnet):
            text = str(host)
            if text not in reserved and text not in used:
                return text
        raise DockerError(f"no available IPv4 addresses on this network's address pools: {net.name} ({net.id})")

    def address(self, c):
        """The container's first IP address, or ""."""
        c = dns.network_owner(self.engine, c)
        return next((e.ip for e in c.networks.values() if e.ip), "")

    # --- connect and disconnect ------------------------------------------------------------
    def connect(self, name, container, aliases=(), ip=""):
        net = self.find(name)
        c = self.engine.containers.find(container)
        mode = c.host_config.get("NetworkMode") or "bridge"
        if mode == "host" or net.driver == "host":
            raise DockerError("container cannot be disconnected from host network or connected to host network",
                              403)
        if mode.startswith("container:"):
            raise DockerError("container sharing network namespace with another container or host cannot be "
                              "connected to any other network", 403)
        if mode == "none" or net.driver == "null":
            raise DockerError("container cannot be connected to multiple networks with one of the networks in "
                              "private (none) mode", 403)
        if net.name in c.networks:
            raise DockerError(f"endpoint with name {c.name} already exists in network {net.name}", 403)
        self._check_endpoint(net, list(aliases), ip)
        endpoint = Endpoint(network_id=net.id, endpoint_id="", aliases=list(aliases), ipam_ip=ip)
        if c.running:
            self._join(c, net, endpoint)
        c.networks[net.name] = endpoint
        self.engine.containers.write_etc(c)

    def disconnect(self, name, container, force=False):
        net = self.find(name)
        c = self.engine.containers.get(container)
        if c is None:
            if force:
                return
            raise no_such_container(container)
        if net.driver == "host":
            raise DockerError("container cannot be disconnected from host network or connected to host network",
                              403)
        if net.name not in c.networks:
            raise DockerError(f"container {c.id} is not connected to network {net.name}", 403)
        endpoint = c.networks.pop(net.name)
        if endpoint.endpoint_id:
            self.engine.events.emit("network", "disconnect", net.id, {"container": c.id, "name": net.name,
                                                                    "type": net.driver})
        self.engine.containers.write_etc(c)

    # --- what containers see and what inspect shows ----------------------------------------
    def hosts_file(self, c):
        return dns.hosts_file(self.engine, c)

    def resolv_conf(self, c):
        return dns.resolv_conf(self.engine, c)

    def view(self, c=None):
        return NetView(self.engine, c)

    def inspect(self, net):
        """The API's network inspect (FIDELITY 4.3, api/types/network Inspect key order)."""
        config = []
        if net.subnet:
            entry = {"Subnet": net.subnet}
            if net.ip_range:
                entry["IPRange"] = net.ip_range
            entry["Gateway"] = net.gateway
            config.append(entry)
        prefix = net.subnet.split("/")[1] if net.subnet else ""
        containers = {}
        for c in sorted(self.members(net), key=lambda c: c.id):
            endpoint = c.networks[net.name]
            containers[c.id] = {"Name": c.name, "EndpointID": endpoint.endpoint_id, "MacAddress": endpoint.mac,
                                "IPv4Address": f"{endpoint.ip}/{prefix}" if endpoint.ip else "",
                                "IPv6Address": ""}
        return {
            "Name": net.name, "Id": net.id, "Created": timestamp(net.created), "Scope": net.scope,
            "Driver": net.driver, "EnableIPv4": True, "EnableIPv6": net.enable_ipv6,
            "IPAM": {"Driver": "default", "Options": {} if net.user_defined else None, "Config": config},
            "Internal": net.internal, "Attachable": net.attachable, "Ingress": False,
            "ConfigFrom": {"Network": ""}, "ConfigOnly": False, "Containers": containers,
            "Options": dict(sorted(net.options.items())), "Labels": dict(sorted(net.labels.items())),
        }

    def to_dict(self):
        return dump(self.by_id)

    def load(self, data):
        self.by_id = load(Network, data)


class ActiveEndpoints(DockerError):
    """`network rm` of a network in use: the CLI adds an `exit status 1` line after it."""
    status = 403
