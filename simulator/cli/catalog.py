"""What every docker command looks like from outside: usage, short help, arity and flags, as
in the docker 28.5 CLI reference (docs.docker.com/reference/cli/docker/). Data only: handlers
live in cli/commands/."""
from .flags import Flag
from .spec import Args, Command

GROUPS = {
    "builder": "Manage builds",
    "container": "Manage containers",
    "image": "Manage images",
    "network": "Manage networks",
    "system": "Manage Docker",
    "volume": "Manage volumes",
}

FORMAT_HELP = ("Format output using a custom template:\n"
               "'table':            Print output in table format with column headers (default)\n"
               "'table TEMPLATE':   Print output in table format using the given Go template\n"
               "'json':             Print in JSON format\n"
               "'TEMPLATE':         Print output using the given Go template.\n"
               "Refer to https://docs.docker.com/go/formatting/ for more information about "
               "formatting output with templates")
INSPECT_FORMAT_HELP = ("Format output using a custom template:\n"
                       "'json':             Print in JSON format\n"
                       "'TEMPLATE':         Print output using the given Go template.\n"
                       "Refer to https://docs.docker.com/go/formatting/ for more information about "
                       "formatting output with templates")


def fmt(short="", text=FORMAT_HELP):
    return Flag("format", short, str, text)


def filters(text="Filter output based on conditions provided"):
    return Flag("filter", "f", list, text, metavar="filter")


def prune_flags(filter_help, *extra):
    return [*extra, Flag("filter", "", list, filter_help, metavar="filter"),
            Flag("force", "f", bool, "Do not prompt for confirmation")]


def duration(name, text):
    return Flag(name, "", str, text, metavar="duration", shown_default="0s")


# Options shared by `docker run` and `docker create` (cli/command/container/opts.go)
CONTAINER_FLAGS = [
    Flag("add-host", "", list, "Add a custom host-to-IP mapping (host:ip)"),
    Flag("annotation", "", "mapping", "Add an annotation to the container (passed through to the OCI runtime)"),
    Flag("attach", "a", list, "Attach to STDIN, STDOUT or STDERR"),
    Flag("blkio-weight", "", int, "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)", metavar="uint16"),
    Flag("blkio-weight-device", "", list, "Block IO weight (relative device weight)"),
    Flag("cap-add", "", list, "Add Linux capabilities"),
    Flag("cap-drop", "", list, "Drop Linux capabilities"),
    Flag("cgroup-parent", "", str, "Optional parent cgroup for the container"),
    Flag("cgroupns", "", str, "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)"),
    Flag("cidfile", "", str, "Write the container ID to the file"),
    Flag("cpu-period", "", int, "Limit CPU CFS (Completely Fair Scheduler) period"),
    Flag("cpu-quota", "", int, "Limit CPU CFS (Completely Fair Scheduler) quota"),
    Flag("cpu-rt-period", "", int, "Limit CPU real-time period in microseconds"),
    Flag("cpu-rt-runtime", "", int, "Limit CPU real-time runtime in microseconds"),
    Flag("cpu-shares", "c", int, "CPU shares (relative weight)"),
    Flag("cpus", "", float, "Number of CPUs", metavar="decimal"),
    Flag("cpuset-cpus", "", str, "CPUs in which to allow execution (0-3, 0,1)"),
    Flag("cpuset-mems", "", str, "MEMs in which to allow execution (0-3, 0,1)"),
    Flag("device", "", list, "Add a host device to the container"),
    Flag("device-cgroup-rule", "", list, "Add a rule to the cgroup allowed devices list"),
    Flag("device-read-bps", "", list, "Limit read rate (bytes per second) from a device"),
    Flag("device-read-iops", "", list, "Limit read rate (IO per second) from a device"),
    Flag("device-write-bps", "", list, "Limit write rate (bytes per second) to a device"),
    Flag("device-write-iops", "", list, "Limit write rate (IO per second) to a device"),
    Flag("dns", "", list, "Set custom DNS servers"),
    Flag("dns-option", "", list, "Set DNS options"),
    Flag("dns-search", "", list, "Set custom DNS search domains"),
    Flag("domainname", "", str, "Container NIS domain name"),
    Flag("entrypoint", "", str, "Overwrite the default ENTRYPOINT of the image"),
    Flag("env", "e", list, "Set environment variables"),
    Flag("env-file", "", list, "Read in a file of environment variables"),
    Flag("expose", "", list, "Expose a port or a range of ports"),
    Flag("gpus", "", str, "GPU devices to add to the container ('all' to pass all GPUs)", metavar="gpu-request"),
    Flag("group-add", "", list, "Add additional groups to join"),
    Flag("health-cmd", "", str, "Command to run to check health"),
    duration("health-interval", "Time between running the check (ms|s|m|h)"),
    Flag("health-retries", "", int, "Consecutive failures needed to report unhealthy"),
    duration("health-start-interval", "Time between running the check during the start period (ms|s|m|h)"),
    duration("health-start-period", "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h)"),
    duration("health-timeout", "Maximum time to allow one check to run (ms|s|m|h)"),
    Flag("hostname", "h", str, "Container host name"),
    Flag("init", "", bool, "Run an init inside the container that forwards signals and reaps processes"),
    Flag("interactive", "i", bool, "Keep STDIN open even if not attached"),
    Flag("ip", "", str, "IPv4 address (e.g., 172.30.100.104)", metavar="ip"),
    Flag("ip6", "", str, "IPv6 address (e.g., 2001:db8::33)", metavar="ip"),
    Flag("ipc", "", str, "IPC mode to use"),
    Flag("isolation", "", str, "Container isolation technology"),
    Flag("label", "l", list, "Set meta data on a container"),
    Flag("label-file", "", list, "Read in a line delimited file of labels"),
    Flag("link", "", list, "Add link to another container"),
    Flag("link-local-ip", "", list, "Container IPv4/IPv6 link-local addresses"),
    Flag("log-driver", "", str, "Logging driver for the container"),
    Flag("log-opt", "", list, "Log driver options"),
    Flag("mac-address", "", str, "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
    Flag("memory", "m", str, "Memory limit", metavar="bytes"),
    Flag("memory-reservation", "", str, "Memory soft limit", metavar="bytes"),
    Flag("memory-swap", "", str, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", metavar="bytes"),
    Flag("memory-swappiness", "", int, "Tune container memory swappiness (0 to 100)", default=-1),
    Flag("mount", "", list, "Attach a filesystem mount to the container", metavar="mount"),
    Flag("name", "", str, "Assign a name to the container"),
    Flag("network", "", str, "Connect a container to a network", metavar="network"),
    Flag("network-alias", "", list, "Add network-scoped alias for the container"),
    Flag("no-healthcheck", "", bool, "Disable any container-specified HEALTHCHECK"),
    Flag("oom-kill-disable", "", bool, "Disable OOM Killer"),
    Flag("oom-score-adj", "", int, "Tune host's OOM preferences (-1000 to 1000)"),
    Flag("pid", "", str, "PID namespace to use"),
    Flag("pids-limit", "", int, "Tune container pids limit (set -1 for unlimited)"),
    Flag("platform", "", str, "Set platform if server is multi-platform capable"),
    Flag("privileged", "", bool, "Give extended privileges to this container"),
    Flag("publish", "p", list, "Publish a container's port(s) to the host"),
    Flag("publish-all", "P", bool, "Publish all exposed ports to random ports"),
    Flag("pull", "", str, 'Pull image before running ("always", "missing", "never")', default="missing"),
    Flag("quiet", "q", bool, "Suppress the pull output"),
    Flag("read-only", "", bool, "Mount the container's root filesystem as read only"),
    Flag("restart", "", str, "Restart policy to apply when a container exits", default="no"),
    Flag("runtime", "", str, "Runtime to use for this container"),
    Flag("security-opt", "", list, "Security Options"),
    Flag("shm-size", "", str, "Size of /dev/shm", metavar="bytes"),
    Flag("stop-signal", "", str, "Signal to stop the container"),
    Flag("stop-timeout", "", int, "Timeout (in seconds) to stop a container"),
    Flag("storage-opt", "", list, "Storage driver options for the container"),
    Flag("sysctl", "", "mapping", "Sysctl options"),
    Flag("tmpfs", "", list, "Mount a tmpfs directory"),
    Flag("tty", "t", bool, "Allocate a pseudo-TTY"),
    Flag("ulimit", "", list, "Ulimit options", metavar="ulimit"),
    Flag("use-api-socket", "", bool, "Bind mount Docker API socket and required auth"),
    Flag("user", "u", str, "Username or UID (format: <name|uid>[:<group|gid>])"),
    Flag("userns", "", str, "User namespace to use"),
    Flag("uts", "", str, "UTS namespace to use"),
    Flag("volume", "v", list, "Bind mount a volume"),
    Flag("volume-driver", "", str, "Optional volume driver for the container"),
    Flag("volumes-from", "", list, "Mount volumes from the specified container(s)"),
    Flag("workdir", "w", str, "Working directory inside the container"),
]

RUN_FLAGS = CONTAINER_FLAGS + [
    Flag("detach", "d", bool, "Run container in background and print container ID"),
    Flag("detach-keys", "", str, "Override the key sequence for detaching a container"),
    Flag("rm", "", bool, "Automatically remove the container and its associated anonymous volumes when it exits"),
    Flag("sig-proxy", "", bool, "Proxy received signals to the process", default=True),
]

SIGNAL_FLAG = Flag("signal", "s", str, "Signal to send to the container")
STOP_FLAGS = [SIGNAL_FLAG, Flag("timeout", "t", int, "Seconds to wait before killing the container"),
              Flag("time", "", int, "Seconds to wait before killing the container (deprecated: use --timeout)",
                   deprecated="use --timeout instead")]

COMMANDS = [
    # --- container ---------------------------------------------------------------------------
    Command("container attach", "docker container attach [OPTIONS] CONTAINER",
            "Attach local standard input, output, and error streams to a running container",
            Args.exact(1), aliases=("attach",), flags=[
                Flag("detach-keys", "", str, "Override the key sequence for detaching a container"),
                Flag("no-stdin", "", bool, "Do not attach STDIN"),
                Flag("sig-proxy", "", bool, "Proxy all received signals to the process", default=True)]),
    Command("container commit", "docker container commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
            "Create a new image from a container's changes", Args.range(1, 2), aliases=("commit",), flags=[
                Flag("author", "a", str, 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'),
                Flag("change", "c", list, "Apply Dockerfile instruction to the created image"),
                Flag("message", "m", str, "Commit message"),
                Flag("pause", "p", bool, "Pause container during commit", default=True)]),
    Command("container cp", "docker container cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
            "Copy files/folders between a container and the local filesystem", Args.exact(2), aliases=("cp",), flags=[
                Flag("archive", "a", bool, "Archive mode (copy all uid/gid information)"),
                Flag("follow-link", "L", bool, "Always follow symbol link in SRC_PATH"),
                Flag("quiet", "q", bool, "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached")]),
    Command("container create", "docker container create [OPTIONS] IMAGE [COMMAND] [ARG...]",
            "Create a new container", Args.min(1), aliases=("create",), interspersed=False,
            flags=CONTAINER_FLAGS),
    Command("container diff", "docker container diff CONTAINER",
            "Inspect changes to files or directories on a container's filesystem", Args.exact(1), aliases=("diff",)),
    Command("container exec", "docker container exec [OPTIONS] CONTAINER COMMAND [ARG...]",
            "Execute a command in a running container", Args.min(2), aliases=("exec",), top=2,
            interspersed=False, flags=[
                Flag("detach", "d", bool, "Detached mode: run command in the background"),
                Flag("detach-keys", "", str, "Override the key sequence for detaching a container"),
                Flag("env", "e", list, "Set environment variables"),
                Flag("env-file", "", list, "Read in a file of environment variables"),
                Flag("interactive", "i", bool, "Keep STDIN open even if not attached"),
                Flag("privileged", "", bool, "Give extended privileges to the command"),
                Flag("tty", "t", bool, "Allocate a pseudo-TTY"),
                Flag("user", "u", str, "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
                Flag("workdir", "w", str, "Working directory inside the container")]),
    Command("container export", "docker container export [OPTIONS] CONTAINER",
            "Export a container's filesystem as a tar archive", Args.exact(1), aliases=("export",),
            flags=[Flag("output", "o", str, "Write to a file, instead of STDOUT")]),
    Command("container inspect", "docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
            "Display detailed information on one or more containers", Args.min(1),
            flags=[fmt("f", INSPECT_FORMAT_HELP), Flag("size", "s", bool, "Display total file sizes")]),
    Command("container kill", "docker container kill [OPTIONS] CONTAINER [CONTAINER...]",
            "Kill one or more running containers", Args.min(1), aliases=("kill",), flags=[SIGNAL_FLAG]),
    Command("container logs", "docker container logs [OPTIONS] CONTAINER",
            "Fetch the logs of a container", Args.exact(1), aliases=("logs",), flags=[
                Flag("details", "", bool, "Show extra details provided to logs"),
                Flag("follow", "f", bool, "Follow log output"),
                Flag("since", "", str, 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'),
                Flag("tail", "n", str, 'Number of lines to show from the end of the logs', default="all"),
                Flag("timestamps", "t", bool, "Show timestamps"),
                Flag("until", "", str, 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)')]),
    Command("container ls", "docker container ls [OPTIONS]", "List containers", Args.none(),
            aliases=("container list", "container ps", "ps"), top=3, flags=[
                Flag("all", "a", bool, "Show all containers (default shows just running)"),
                filters(), fmt(),
                Flag("last", "n", int, "Show n last created containers (includes all states)", default=-1),
                Flag("latest", "l", bool, "Show the latest created container (includes all states)"),
                Flag("no-trunc", "", bool, "Don't truncate output"),
                Flag("quiet", "q", bool, "Only display container IDs"),
                Flag("size", "s", bool, "Display total file sizes")]),
    Command("container pause", "docker container pause CONTAINER [CONTAINER...]",
            "Pause all processes within one or more containers", Args.min(1), aliases=("pause",)),
    Command("container port", "docker container port CONTAINER [PRIVATE_PORT[/PROTO]]",
            "List port mappings or a specific mapping for the container", Args.range(1, 2), aliases=("port",)),
    Command("container prune", "docker container prune [OPTIONS]", "Remove all stopped containers",
            Args.none(), flags=prune_flags('Provide filter values (e.g. "until=<timestamp>")')),
    Command("container rename", "docker container rename CONTAINER NEW_NAME", "Rename a container",
            Args.exact(2), aliases=("rename",)),
    Command("container restart", "docker container restart [OPTIONS] CONTAINER [CONTAINER...]",
            "Restart one or more containers", Args.min(1), aliases=("restart",), flags=STOP_FLAGS),
    Command("container rm", "docker container rm [OPTIONS] CONTAINER [CONTAINER...]",
            "Remove one or more containers", Args.min(1), aliases=("container remove", "rm"), flags=[
                Flag("force", "f", bool, "Force the removal of a running container (uses SIGKILL)"),
                Flag("link", "l", bool, "Remove the specified link"),
                Flag("volumes", "v", bool, "Remove anonymous volumes associated with the container")]),
    Command("container run", "docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]",
            "Create and run a new container from an image", Args.min(1), aliases=("run",), top=1,
            interspersed=False, flags=RUN_FLAGS),
    Command("container start", "docker container start [OPTIONS] CONTAINER [CONTAINER...]",
            "Start one or more stopped containers", Args.min(1), aliases=("start",), flags=[
                Flag("attach", "a", bool, "Attach STDOUT/STDERR and forward signals"),
                Flag("detach-keys", "", str, "Override the key sequence for detaching a container"),
                Flag("interactive", "i", bool, "Attach container's STDIN")]),
    Command("container stats", "docker container stats [OPTIONS] [CONTAINER...]",
            "Display a live stream of container resource usage statistics", Args.any(), aliases=("stats",), flags=[
                Flag("all", "a", bool, "Show all containers (default shows just running)"),
                fmt(),
                Flag("no-stream", "", bool, "Disable streaming stats and only pull the first result"),
                Flag("no-trunc", "", bool, "Do not truncate output")]),
    Command("container stop", "docker container stop [OPTIONS] CONTAINER [CONTAINER...]",
            "Stop one or more running containers", Args.min(1), aliases=("stop",), flags=STOP_FLAGS),
    Command("container top", "docker container top CONTAINER [ps OPTIONS]",
            "Display the running processes of a container", Args.min(1), aliases=("top",), interspersed=False),
    Command("container unpause", "docker container unpause CONTAINER [CONTAINER...]",
            "Unpause all processes within one or more containers", Args.min(1), aliases=("unpause",)),
    Command("container update", "docker container update [OPTIONS] CONTAINER [CONTAINER...]",
            "Update configuration of one or more containers", Args.min(1), aliases=("update",), flags=[
                Flag("cpus", "", float, "Number of CPUs", metavar="decimal"),
                Flag("cpu-shares", "c", int, "CPU shares (relative weight)"),
                Flag("memory", "m", str, "Memory limit", metavar="bytes"),
                Flag("memory-swap", "", str, "Swap limit equal to memory plus swap: -1 to enable unlimited swap", metavar="bytes"),
                Flag("pids-limit", "", int, "Tune container pids limit (set -1 for unlimited)"),
                Flag("restart", "", str, "Restart policy to apply when a container exits")]),
    Command("container wait", "docker container wait CONTAINER [CONTAINER...]",
            "Block until one or more containers stop, then print their exit codes", Args.min(1), aliases=("wait",)),
    # --- image -------------------------------------------------------------------------------
    Command("image build", "docker image build [OPTIONS] PATH | URL | -", "Build an image from a Dockerfile",
            Args.exact(1), aliases=("build", "builder build"), top=4, flags=[
                Flag("add-host", "", list, "Add a custom host-to-IP mapping (\"host:ip\")"),
                Flag("build-arg", "", list, "Set build-time variables"),
                Flag("cache-from", "", list, "Images to consider as cache sources", metavar="strings", split=True),
                Flag("file", "f", str, "Name of the Dockerfile (Default is \"PATH/Dockerfile\")"),
                Flag("label", "", list, "Set metadata for an image"),
                Flag("network", "", str, "Set the networking mode for the RUN instructions during build", default="default"),
                Flag("no-cache", "", bool, "Do not use cache when building the image"),
                Flag("platform", "", str, "Set platform if server is multi-platform capable"),
                Flag("progress", "", str, 'Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson"). Use plain to show container output', default="auto"),
                Flag("pull", "", bool, "Always attempt to pull a newer version of the image"),
                Flag("quiet", "q", bool, "Suppress the build output and print image ID on success"),
                Flag("rm", "", bool, "Remove intermediate containers after a successful build", default=True),
                Flag("tag", "t", list, 'Name and optionally a tag in the "name:tag" format'),
                Flag("target", "", str, "Set the target build stage to build.")]),
    Command("image history", "docker image history [OPTIONS] IMAGE", "Show the history of an image",
            Args.exact(1), aliases=("history",), flags=[
                fmt(), Flag("human", "H", bool, "Print sizes and dates in human readable format", default=True),
                Flag("no-trunc", "", bool, "Don't truncate output"),
                Flag("platform", "", str, "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
                Flag("quiet", "q", bool, "Only show image IDs")]),
    Command("image import", "docker image import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
            "Import the contents from a tarball to create a filesystem image", Args.range(1, 2), aliases=("import",), flags=[
                Flag("change", "c", list, "Apply Dockerfile instruction to the created image"),
                Flag("message", "m", str, "Set commit message for imported image"),
                Flag("platform", "", str, "Set platform if server is multi-platform capable")]),
    Command("image inspect", "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
            "Display detailed information on one or more images", Args.min(1),
            flags=[fmt("f", INSPECT_FORMAT_HELP), Flag("platform", "", str, "Inspect a specific platform of the multi-platform image.")]),
    Command("image load", "docker image load [OPTIONS]", "Load an image from a tar archive or STDIN",
            Args.none(), aliases=("load",), flags=[
                Flag("input", "i", str, "Read from tar archive file, instead of STDIN"),
                Flag("platform", "", list, "Load only the given platform(s). Formatted as a comma-separated list of \"os[/arch[/variant]]\" (e.g., \"linux/amd64,linux/arm64/v8\").", metavar="strings", split=True),
                Flag("quiet", "q", bool, "Suppress the load output")]),
    Command("image ls", "docker image ls [OPTIONS] [REPOSITORY[:TAG]]", "List images", Args.max(1),
            aliases=("image list", "images"), top=7, flags=[
                Flag("all", "a", bool, "Show all images (default hides intermediate images)"),
                Flag("digests", "", bool, "Show digests"),
                filters(), fmt(),
                Flag("no-trunc", "", bool, "Don't truncate output"),
                Flag("quiet", "q", bool, "Only show image IDs"),
                Flag("tree", "", bool, "List multi-platform images as a tree (EXPERIMENTAL)")]),
    Command("image prune", "docker image prune [OPTIONS]", "Remove unused images", Args.none(),
            flags=prune_flags('Provide filter values (e.g. "until=<timestamp>")',
                              Flag("all", "a", bool, "Remove all unused images, not just dangling ones"))),
    Command("image pull", "docker image pull [OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry",
            Args.exact(1), aliases=("pull",), top=5, flags=[
                Flag("all-tags", "a", bool, "Download all tagged images in the repository"),
                Flag("disable-content-trust", "", bool, "Skip image verification", default=True),
                Flag("platform", "", str, "Set platform if server is multi-platform capable"),
                Flag("quiet", "q", bool, "Suppress verbose output")]),
    Command("image push", "docker image push [OPTIONS] NAME[:TAG]", "Upload an image to a registry",
            Args.exact(1), aliases=("push",), top=6, flags=[
                Flag("all-tags", "a", bool, "Push all tags of an image to the repository"),
                Flag("disable-content-trust", "", bool, "Skip image signing", default=True),
                Flag("platform", "", str, "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
                Flag("quiet", "q", bool, "Suppress verbose output")]),
    Command("image rm", "docker image rm [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images",
            Args.min(1), aliases=("image remove", "rmi"), flags=[
                Flag("force", "f", bool, "Force removal of the image"),
                Flag("no-prune", "", bool, "Do not delete untagged parents"),
                Flag("platform", "", list, "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")", metavar="strings", split=True)]),
    Command("image save", "docker image save [OPTIONS] IMAGE [IMAGE...]",
            "Save one or more images to a tar archive (streamed to STDOUT by default)", Args.min(1), aliases=("save",), flags=[
                Flag("output", "o", str, "Write to a file, instead of STDOUT"),
                Flag("platform", "", list, "Save only the given platform(s). Formatted as a comma-separated list of \"os[/arch[/variant]]\" (e.g., \"linux/amd64,linux/arm64/v8\")", metavar="strings", split=True)]),
    Command("image tag", "docker image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            "Create a tag TARGET_IMAGE that references SOURCE_IMAGE", Args.exact(2), aliases=("tag",)),
    # --- volume ------------------------------------------------------------------------------
    Command("volume create", "docker volume create [OPTIONS] [VOLUME]", "Create a volume", Args.max(1), flags=[
        Flag("driver", "d", str, "Specify volume driver name", default="local"),
        Flag("label", "", list, "Set metadata for a volume"),
        Flag("name", "", str, "Specify volume name", hidden=True),
        Flag("opt", "o", "mapping", "Set driver specific options")]),
    Command("volume inspect", "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
            "Display detailed information on one or more volumes", Args.min(1), flags=[fmt("f", INSPECT_FORMAT_HELP)]),
    Command("volume ls", "docker volume ls [OPTIONS]", "List volumes", Args.none(), aliases=("volume list",), flags=[
        filters("Provide filter values (e.g. \"dangling=true\")"), fmt(),
        Flag("quiet", "q", bool, "Only display volume names")]),
    Command("volume prune", "docker volume prune [OPTIONS]", "Remove unused local volumes", Args.none(),
            flags=prune_flags('Provide filter values (e.g. "label=<label>")',
                              Flag("all", "a", bool, "Remove all unused volumes, not just anonymous ones"))),
    Command("volume rm", "docker volume rm [OPTIONS] VOLUME [VOLUME...]", "Remove one or more volumes",
            Args.min(1), aliases=("volume remove",),
            flags=[Flag("force", "f", bool, "Force the removal of one or more volumes")]),
    # --- network -----------------------------------------------------------------------------
    Command("network connect", "docker network connect [OPTIONS] NETWORK CONTAINER",
            "Connect a container to a network", Args.exact(2), flags=[
                Flag("alias", "", list, "Add network-scoped alias for the container", metavar="strings", split=True),
                Flag("driver-opt", "", list, "driver options for the network", metavar="strings", split=True),
                Flag("gw-priority", "", int, "Highest gw-priority provides the default gateway. Accepts positive and negative values."),
                Flag("ip", "", str, "IPv4 address (e.g., \"172.30.100.104\")"),
                Flag("ip6", "", str, "IPv6 address (e.g., \"2001:db8::33\")"),
                Flag("link", "", list, "Add link to another container"),
                Flag("link-local-ip", "", list, "Add a link-local address for the container", metavar="strings", split=True)]),
    Command("network create", "docker network create [OPTIONS] NETWORK", "Create a network", Args.exact(1), flags=[
        Flag("attachable", "", bool, "Enable manual container attachment"),
        Flag("aux-address", "", "mapping", "Auxiliary IPv4 or IPv6 addresses used by Network driver"),
        Flag("driver", "d", str, "Driver to manage the Network", default="bridge"),
        Flag("gateway", "", list, "IPv4 or IPv6 Gateway for the master subnet", metavar="strings", split=True),
        Flag("internal", "", bool, "Restrict external access to the network"),
        Flag("ip-range", "", list, "Allocate container ip from a sub-range", metavar="strings", split=True),
        Flag("ipv4", "", bool, "Enable or disable IPv4 address assignment", default=True),
        Flag("ipv6", "", bool, "Enable or disable IPv6 address assignment"),
        Flag("label", "", list, "Set metadata on a network"),
        Flag("opt", "o", "mapping", "Set driver specific options"),
        Flag("subnet", "", list, "Subnet in CIDR format that represents a network segment", metavar="strings", split=True)]),
    Command("network disconnect", "docker network disconnect [OPTIONS] NETWORK CONTAINER",
            "Disconnect a container from a network", Args.exact(2),
            flags=[Flag("force", "f", bool, "Force the container to disconnect from a network")]),
    Command("network inspect", "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
            "Display detailed information on one or more networks", Args.min(1), flags=[
                fmt("f", INSPECT_FORMAT_HELP), Flag("verbose", "v", bool, "Verbose output for diagnostics")]),
    Command("network ls", "docker network ls [OPTIONS]", "List networks", Args.none(), aliases=("network list",), flags=[
        filters("Provide filter values (e.g. \"driver=bridge\")"), fmt(),
        Flag("no-trunc", "", bool, "Do not truncate the output"),
        Flag("quiet", "q", bool, "Only display network IDs")]),
    Command("network prune", "docker network prune [OPTIONS]", "Remove all unused networks", Args.none(),
            flags=prune_flags('Provide filter values (e.g. "until=<timestamp>")')),
    Command("network rm", "docker network rm NETWORK [NETWORK...]", "Remove one or more networks",
            Args.min(1), aliases=("network remove",),
            flags=[Flag("force", "f", bool, "Do not error if the network does not exist")]),
    # --- system and top-level --------------------------------------------------------------
    Command("system df", "docker system df [OPTIONS]", "Show docker disk usage", Args.none(), flags=[
        fmt(),
        Flag("verbose", "v", bool, "Show detailed information on space usage")]),
    Command("system events", "docker system events [OPTIONS]", "Get real time events from the server",
            Args.none(), aliases=("events",), flags=[
                filters(), fmt(text=INSPECT_FORMAT_HELP),
                Flag("since", "", str, "Show all events created since timestamp"),
                Flag("until", "", str, "Stream events until this timestamp")]),
    Command("system info", "docker system info [OPTIONS]", "Display system-wide information", Args.none(),
            aliases=("info",), top=13, flags=[fmt("f", INSPECT_FORMAT_HELP)]),
    Command("system prune", "docker system prune [OPTIONS]", "Remove unused data", Args.none(), flags=[
        Flag("all", "a", bool, "Remove all unused images not just dangling ones"),
        Flag("filter", "", list, 'Provide filter values (e.g. "label=<key>=<value>")', metavar="filter"),
        Flag("force", "f", bool, "Do not prompt for confirmation"),
        Flag("volumes", "", bool, "Prune anonymous volumes")]),
    Command("builder prune", "docker builder prune", "Remove build cache", Args.none(), flags=[
        Flag("all", "a", bool, "Remove all unused build cache, not just dangling ones"),
        Flag("filter", "", list, 'Provide filter values (e.g. "until=24h")', metavar="filter"),
        Flag("force", "f", bool, "Do not prompt for confirmation"),
        Flag("keep-storage", "", str, "Amount of disk space to keep for cache", metavar="bytes")]),
    Command("inspect", "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
            "Return low-level information on Docker objects", Args.min(1), flags=[
                fmt("f", INSPECT_FORMAT_HELP),
                Flag("size", "s", bool, "Display total file sizes if the type is container"),
                Flag("type", "", str, "Only inspect objects of the given type")]),
    Command("login", "docker login [OPTIONS] [SERVER]",
            "Authenticate to a registry", Args.max(1), top=8,
            long="Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.", flags=[
                Flag("password", "p", str, "Password or Personal Access Token (PAT)"),
                Flag("password-stdin", "", bool, "Take the Password or Personal Access Token (PAT) from stdin"),
                Flag("username", "u", str, "Username")]),
    Command("logout", "docker logout [SERVER]",
            "Log out from a registry", Args.max(1), top=9,
            long="Log out from a registry.\nIf no server is specified, the default is defined by the daemon."),
    Command("search", "docker search [OPTIONS] TERM", "Search Docker Hub for images", Args.exact(1), top=10, flags=[
        filters(), fmt(text="Pretty-print search using a Go template"),
        Flag("limit", "", int, "Max number of search results"),
        Flag("no-trunc", "", bool, "Don't truncate output")]),
    Command("version", "docker version [OPTIONS]", "Show the Docker version information", Args.none(), top=11,
            flags=[fmt("f", INSPECT_FORMAT_HELP)]),
]
