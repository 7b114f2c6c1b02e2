"""Compose operations over the engine, as docker compose drives the Docker API.

Containers, networks and volumes carry compose's labels; `up` converges what exists towards the
model (creating, recreating only what changed by config hash, scaling, starting in dependency
order and waiting on dependency conditions); `down` removes what the project created. Every
visible step is reported to a Progress as compose reports it.
"""
from .. import health
from ..errors import DockerError
from .errors import ComposeError
from .model import check_scale, parse_expose
from .output import ERROR, WARNING

PREFIX = "com.docker.compose"
VERSION = "2.40.3"
PROJECT, SERVICE, NUMBER, ONEOFF = (f"{PREFIX}.project", f"{PREFIX}.service",
                                    f"{PREFIX}.container-number", f"{PREFIX}.oneoff")
CONFIG_HASH = f"{PREFIX}.config-hash"


def healthcheck_config(check):
    """A service's healthcheck as Config.Healthcheck (durations in nanoseconds)."""
    config = {"Test": list(check.test)}
    for key, value in (("Interval", check.interval), ("Timeout", check.timeout),
                       ("StartPeriod", check.start_period)):
        if value is not None:
            config[key] = int(value * health.NANO)
    if check.retries is not None:
        config["Retries"] = check.retries
    return config


def container_event_id(c):
    return f"Container {c.name}"


class Operations:
    """One command's work on one project: `engine` is the daemon, `progress` the display."""

    def __init__(self, engine, project, progress, warn):
        self.engine, self.project, self.progress, self.warn = engine, project, progress, warn
        self.engine.containers.refresh()

    # --- what exists ------------------------------------------------------------------------
    def containers(self, services=None, stopped=True, oneoff=False):
        """The project's containers, by service then number; `oneoff` True for `run`'s
        containers only, None for both kinds."""
        found = []
        for c in self.engine.containers.all():
            labels = c.config.get("Labels") or {}
            if labels.get(PROJECT) != self.project.name:
                continue
            if oneoff is not None and (labels.get(ONEOFF) == "True") != oneoff:
                continue
            if services and labels.get(SERVICE) not in services:
                continue
            if not stopped and not c.running:
                continue
            found.append(c)
        return sorted(found, key=lambda c: (c.config["Labels"].get(SERVICE, ""),
                                            int(c.config["Labels"].get(NUMBER, "0") or 0), c.name))

    def orphans(self):
        return [c for c in self.containers()
                if c.config["Labels"].get(SERVICE) not in self.project.services]

    def selected(self, names, with_dependencies=True):
        """Services named on the command line (all when none), plus what they depend on."""
        for name in names:
            if name not in self.project.services:
                raise ComposeError(f"no such service: {name}")
        if not names:
            return list(self.project.dependency_order())
        if not with_dependencies:
            return [n for n in self.project.dependency_order() if n in names]
        return self.project.dependency_order(names)

    # --- labels and requests ------------------------------------------------------------------
    def _labels(self, service, number, image_id, oneoff=False):
        labels = dict(service.labels)
        labels.update({
            CONFIG_HASH: service.config_hash(),
            NUMBER: str(number),
            f"{PREFIX}.depends_on": ",".join(
                f"{name}:{dep.condition}:{str(dep.restart).lower()}"
                for name, dep in service.depends_on.items()),
            f"{PREFIX}.image": image_id,
            ONEOFF: "True" if oneoff else "False",
            PROJECT: self.project.name,
            f"{PREFIX}.project.config_files": ",".join(self.project.files),
            f"{PREFIX}.project.working_dir": self.project.working_dir,
            SERVICE: service.name,
            f"{PREFIX}.version": VERSION,
        })
        return dict(sorted(labels.items()))

    def _resource_labels(self, kind, key):
        return {f"{PREFIX}.{kind}": key, PROJECT: self.project.name, f"{PREFIX}.version": VERSION}

    def container_name(self, service, number, oneoff=False):
        if service.container_name and not oneoff:
            return service.container_name
        if oneoff:
            return f"{self.project.name}-{service.name}-run-{self.engine.ids.hex64('run')[:12]}"
        return f"{self.project.name}-{service.name}-{number}"

    def image_name(self, service):
        return service.image or f"{self.project.name}-{service.name}"

    def request(self, service, image, number, name, oneoff=False, command=None, env=()):
        """The create request (Config, HostConfig, NetworkingConfig) for one container."""
        config = {
            "Hostname": service.hostname,
            "User": service.user,
            "ExposedPorts": {f"{p.target}/{p.protocol}": {} for p in service.ports}
            | {key: {} for entry in service.expose for key in parse_expose(entry)},
            "Tty": service.tty,
            "OpenStdin": service.stdin_open,
            "Env": [f"{k}={v}" for k, v in sorted(service.environment.items())] + list(env),
            "Cmd": command if command is not None else service.command,
            "Image": self.image_name(service),
            "WorkingDir": service.working_dir,
            "Entrypoint": service.entrypoint,
            "Labels": self._labels(service, number, image.id, oneoff),
        }
        if service.healthcheck:
            config["Healthcheck"] = healthcheck_config(service.healthcheck)
        if service.stop_signal:
            config["StopSignal"] = service.stop_signal
        if service.stop_grace_period is not None:
            config["StopTimeout"] = int(service.stop_grace_period)
        networks = sorted(service.networks)
        mode = self.project.networks[networks[0]].name if networks else "bridge"
        restart, _, retries = (service.restart or "no").partition(":")
        retries = retries.split(":")[0]     # compose-go: strconv.Atoi, its error ignored
        host_config = {
            "Mounts": [self._mount(m) for m in service.volumes] or None,
            "NetworkMode": mode,
            "PortBindings": self.bindings(service) if not oneoff else {},
            "RestartPolicy": {"Name": restart,
                              "MaximumRetryCount": int(retries) if retries.isdigit() else 0},
        }
        aliases = {}
        for key in networks:
            aliases[self.project.networks[key].name] = {
                "Aliases": [name, service.name] + service.networks[key]}
        return config, host_config, {"EndpointsConfig": aliases}

    def _mount(self, mount):
        source = mount.source
        if mount.type == "volume" and source:
            source = self.project.volumes[source].name
        return {"Type": mount.type, "Source": source, "Target": mount.target,
                "ReadOnly": mount.read_only}

    @staticmethod
    def bindings(service):
        bindings = {}
        for port in service.ports:
            bindings.setdefault(f"{port.target}/{port.protocol}", []).append(
                {"HostIp": port.host_ip, "HostPort": port.published or ""})
        return bindings

    # --- networks and volumes -----------------------------------------------------------------
    def ensure_networks(self, services):
        keys = sorted({key for name in services for key in self.project.services[name].networks})
        for key in keys:
            network = self.project.networks[key]
            if self.engine.networks.get(network.name) is not None:
                continue
            if network.external:
                raise ComposeError(f"network {network.name} declared as external, but could not "
                                   "be found")
            self.engine.networks.create(network.name, driver=network.driver or "bridge",
                                        labels={**network.labels,
                                                **self._resource_labels("network", key)},
                                        options=network.driver_opts)
            self.progress.event(f"Network {network.name}", "Created", working="Creating")

    def ensure_volumes(self, services):
        keys = sorted({m.source for name in services for m in self.project.services[name].volumes
                       if m.type == "volume" and m.source})
        for key in keys:
            volume = self.project.volumes[key]
            if self.engine.volumes.get(volume.name) is not None:
                continue
            if volume.external:
                raise ComposeError(f"external volume \"{volume.name}\" not found")
            self.engine.volumes.create(volume.name, driver=volume.driver or "local",
                                       labels={**volume.labels,
                                               **self._resource_labels("volume", key)},
                                       options=volume.driver_opts)
            self.progress.event(f"Volume {volume.name}", "Created", working="Creating")

    # --- images ---------------------------------------------------------------------------------
    def ensure_images(self, services, build=False, builder=None, pull="missing", quiet=False):
        """Build what has a build section and no image (always with --build), pull the rest
        when missing (`pull` "always": every time; "never": fail instead)."""
        for name in services:
            service = self.project.services[name]
            image = self.engine.images.get(self.image_name(service))
            if service.build and (build or image is None):
                self.build(service, builder)
            elif pull == "always" or (image is None and pull != "never"):
                self.pull(service, quiet)
            elif image is None:
                raise ComposeError(f"Error response from daemon: No such image: {service.image}")

    def pull(self, service, quiet=False):
        try:
            self.engine.images.pull(service.image)
        except DockerError as error:
            if not quiet:
                self.progress.event(service.name, "Error", ERROR, working="Pulling", text=True)
            raise ComposeError(f"Error response from daemon: {error.message}") from None
        if not quiet:
            self.progress.event(service.name, "Pulled", working="Pulling", text=True)

    def build(self, service, builder):
        if builder is None:
            raise ComposeError(f"service {service.name!r}: building is not available here")
        self.progress.working(f"Service {service.name}", "Building")
        builder(service, self.image_name(service))
        self.progress.event(f"Service {service.name}", "Built")

    # --- converge -------------------------------------------------------------------------------
    def create_service(self, service, scale=None, force_recreate=False, no_recreate=False):
        """Bring the service's containers to `scale`, recreating changed ones (all with
        `force_recreate`, none with `no_recreate`); the service's containers, by number."""
        scale = service.scale if scale is None else scale
        check_scale(service, scale)
        image = self.engine.images.find(self.image_name(service))
        existing = self.containers([service.name])
        wanted = []
        for number in range(1, scale + 1):
            current = next((c for c in existing
                            if c.config["Labels"].get(NUMBER) == str(number)), None)
            if current is None:
                wanted.append(self._create(service, image, number))
            elif not no_recreate and (force_recreate or self._outdated(current, service, image)):
                wanted.append(self._recreate(current, service, image, number))
            else:
                wanted.append(current)
        for c in existing:
            if int(c.config["Labels"].get(NUMBER, "0") or 0) > scale:
                self.stop_container(c)
                self.remove_container(c)
        return wanted

    @staticmethod
    def _outdated(c, service, image):
        labels = c.config["Labels"]
        return (labels.get(CONFIG_HASH) != service.config_hash()
                or labels.get(f"{PREFIX}.image") != image.id)

    def _create(self, service, image, number):
        c = self._new_container(service, image, number)
        self.progress.event(container_event_id(c), "Created", working="Creating")
        return c

    def _recreate(self, old, service, image, number):
        self.engine.containers.stop(old)
        self.engine.containers.remove(old, force=True)
        c = self._new_container(service, image, number)
        self.progress.event(container_event_id(c), "Recreated", working="Recreate")
        return c

    def _new_container(self, service, image, number):
        """Create the container on its first network, then connect it to the others, as
        compose does (the API creates a container on one network only)."""
        name = self.container_name(service, number)
        config, host_config, networking = self.request(service, image, number, name)
        endpoints = networking["EndpointsConfig"]
        first = host_config["NetworkMode"]
        c = self.engine.containers.create(config, host_config,
                                          {"EndpointsConfig": {first: endpoints.get(first, {})}},
                                          name)
        for network, settings in endpoints.items():
            if network != first:
                self.engine.networks.connect(network, c.id, aliases=settings["Aliases"])
        return c

    def start_service(self, service, containers):
        """Wait for the service's dependencies, then start its containers."""
        for dep_name, dep in service.depends_on.items():
            if dep_name in self.project.services:
                self.wait_dependency(dep_name, dep)
        for c in containers:
            if c.running:
                self.progress.event(container_event_id(c), "Running")
                continue
            try:
                self.engine.containers.start(c)
            except DockerError as error:
                self.progress.event(container_event_id(c), "Error", ERROR, working="Starting")
                raise ComposeError(f"Error response from daemon: {error.message}") from None
            self.progress.event(container_event_id(c), "Started", working="Starting")

    def wait_dependency(self, name, dep):
        if dep.condition == "service_started":
            return
        for c in self.containers([name]):
            event = container_event_id(c)
            if dep.condition == "service_healthy":
                state = health.wait(self.engine, c)
                if state != "healthy":
                    self.progress.event(event, "Error", ERROR, working="Waiting")
                    raise ComposeError(f"dependency failed to start: container {c.name} is "
                                       "unhealthy")
                self.progress.event(event, "Healthy", working="Waiting")
            else:
                code = self.engine.containers.wait(c)
                if code is None:
                    raise ComposeError(f'service "{name}" didn\'t complete successfully: '
                                       "still running")
                self.progress.event(event, "Exited", working="Waiting")
                if code != 0:
                    raise ComposeError(f'service "{name}" didn\'t complete successfully: '
                                       f"exit {code}")

    def handle_orphans(self, remove):
        orphans = self.orphans()
        if not orphans:
            return
        if remove:
            for c in orphans:
                self.stop_container(c)
                self.remove_container(c)
            return
        names = ", ".join(c.name for c in orphans)
        self.warn(f"Found orphan containers ([{names}]) for this project. If you removed or "
                  "renamed this service in your compose file, you can run this command with the "
                  "--remove-orphans flag to clean it up.")

    # --- stop, remove, down -----------------------------------------------------------------
    def stop_container(self, c, timeout=None):
        if c.running:
            self.engine.containers.stop(c, timeout)
        self.progress.event(container_event_id(c), "Stopped", working="Stopping")

    def remove_container(self, c, volumes=False):
        self.engine.containers.remove(c, force=True, volumes=volumes)
        self.progress.event(container_event_id(c), "Removed", working="Removing")

    def stop(self, names=(), timeout=None):
        """Every container of the services, dependents first (stopped ones are reported too)."""
        order = list(reversed(self.project.dependency_order(names or None)))
        for name in order:
            for c in self.containers([name]):
                self.stop_container(c, timeout)

    def down(self, remove_volumes=False, rmi="", remove_orphans=False, timeout=None):
        orphans = self.orphans()
        if orphans and not remove_orphans:
            self.handle_orphans(False)
        order = list(reversed(self.project.dependency_order()))
        victims = [c for name in order for c in self.containers([name])]
        if remove_orphans:
            victims += orphans
        victims += self.containers(oneoff=True)
        networks = [n for n in (self.engine.networks.get(net.name)
                                for net in self._owned(self.project.networks))
                    if n is not None and n.labels.get(PROJECT) == self.project.name]
        volumes = [v.name for v in self._owned(self.project.volumes)
                   if remove_volumes and self.engine.volumes.get(v.name) is not None]
        images = self._images(rmi) if rmi else []
        if not (victims or networks or volumes or images):
            self.progress.write(f'Warning: No resource found to remove for project '
                                f'"{self.project.name}".\n')
            return
        for c in victims:
            self.stop_container(c, timeout)
        for c in victims:
            self.remove_container(c, volumes=remove_volumes)
        for network in networks:
            self._remove_resource(f"Network {network.name}",
                                  lambda: self.engine.networks.remove(network))
        for name in volumes:
            self._remove_resource(f"Volume {name}", lambda: self.engine.volumes.remove(name))
        for name in images:
            self._remove_image(name)

    @staticmethod
    def _owned(resources):
        """Networks or volumes the project creates (not external), by key."""
        return [r for _, r in sorted(resources.items()) if not r.external]

    def _remove_resource(self, event, remove):
        """A network or volume something else still uses is left, with compose's warning."""
        self.progress.working(event, "Removing")
        try:
            remove()
        except DockerError:
            self.progress.event(event, "Resource is still in use", WARNING)
            return
        self.progress.event(event, "Removed")

    def _images(self, which):
        """Images `down --rmi` removes: every service's ("all"), or only those compose named
        itself, for services without `image:` ("local")."""
        names = [self.image_name(s) for s in self.project.services.values()
                 if which == "all" or not s.image]
        return [name for name in dict.fromkeys(names) if self.engine.images.get(name)]

    def _remove_image(self, name):
        try:
            self.engine.images.remove(name)
        except DockerError as error:
            self.progress.event(f"Image {name}", "Error", WARNING)
            self.warn(error.message)
            return
        self.progress.event(f"Image {name}", "Removed", working="Removing")
