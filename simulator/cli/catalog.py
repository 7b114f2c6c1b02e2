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


def _format(name="format", short=""):
    return Flag(name, short, str, FORMAT_HELP)


COMMANDS = [
    Command("container rm", "docker container rm [OPTIONS] CONTAINER [CONTAINER...]",
            "Remove one or more containers", Args.min(1), aliases=("container remove", "rm"),
            flags=[Flag("force", "f", bool, "Force the removal of a running container (uses SIGKILL)"),
                   Flag("link", "l", bool, "Remove the specified link"),
                   Flag("volumes", "v", bool, "Remove anonymous volumes associated with the container")]),
    Command("container ls", "docker container ls [OPTIONS]", "List containers", Args.none(),
            aliases=("container list", "container ps", "ps"), top=3,
            flags=[Flag("all", "a", bool, "Show all containers (default shows just running)"),
                   Flag("filter", "f", list, "Filter output based on conditions provided", metavar="filter"),
                   _format(),
                   Flag("last", "n", int, "Show n last created containers (includes all states)", default=-1),
                   Flag("latest", "l", bool, "Show the latest created container (includes all states)"),
                   Flag("no-trunc", "", bool, "Don't truncate output"),
                   Flag("quiet", "q", bool, "Only display container IDs"),
                   Flag("size", "s", bool, "Display total file sizes")]),
]
