"""The docker program: dispatch, help layout, arity/flag/unknown-command errors, exit codes."""
from types import SimpleNamespace

import pytest

from simulator.cli import spec
from simulator.cli.flags import Flag
from simulator.engine.errors import NotFound
from simulator.programs.base import REGISTRY, Proc

from cli_harness import docker


@pytest.fixture
def verb():
    """A throwaway `docker container zap` command whose handler records what it got."""
    seen = {}

    @spec.command("container zap", usage="docker container zap [OPTIONS] CONTAINER [CONTAINER...]",
                  short="Zap containers", args=spec.Args.min(1), aliases=("zap",),
                  flags=[Flag("force", "f", bool, "Force"), Flag("time", "t", int, "Seconds", default=10)])
    def zap(ctx, opts, args):
        seen.update(force=opts.force, time=opts.time, args=args, path=ctx.path)
        if args == ["missing"]:
            raise NotFound("No such container: missing")
        ctx.out("\n".join(args) + "\n")
    yield seen
    del spec.COMMANDS["container zap"], spec.HANDLERS["container zap"]


def test_handler_gets_parsed_options(verb):
    assert docker("zap", "-ft", "3", "a", "b") == ("a\nb\n", "", 0)
    assert verb == {"force": True, "time": 3, "args": ["a", "b"], "path": "docker zap"}


def test_group_alias_path_is_canonical(verb):
    docker("container", "zap", "a")
    assert verb["path"] == "docker container zap"


def test_daemon_error_is_prefixed(verb):
    assert docker("zap", "missing") == ("", "Error response from daemon: No such container: missing\n", 1)


def test_requires_min_args(verb):
    assert docker("zap") == ("", "docker: 'docker zap' requires at least 1 argument\n\n"
                             "Usage:  docker zap [OPTIONS] CONTAINER [CONTAINER...]\n\n"
                             "See 'docker zap --help' for more information\n", 1)


def test_flag_error_exits_125(verb):
    assert docker("container", "zap", "--bogus", "a") == (
        "", "unknown flag: --bogus\n\nUsage:  docker container zap [OPTIONS] CONTAINER [CONTAINER...]\n\n"
        "Run 'docker container zap --help' for more information\n", 125)


def test_command_help(verb):
    assert docker("zap", "--help") == ("""
Usage:  docker zap [OPTIONS] CONTAINER [CONTAINER...]

Zap containers

Aliases:
  docker container zap, docker zap

Options:
  -f, --force      Force
  -t, --time int   Seconds (default 10)
""", "", 0)


def test_h_shorthand_is_deprecated_but_works(verb):
    out, err, code = docker("zap", "-h")
    assert (out.startswith("\nUsage:  docker zap"), err, code) == (
        True, "Flag shorthand -h has been deprecated, use --help\n", 0)


def test_no_args_and_exact_args_errors():
    assert docker("ps", "x")[1:] == ("docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]"
                                     "\n\nRun 'docker ps --help' for more information\n", 1)


def test_run_keeps_dash_h_for_hostname_and_stops_at_image():
    out, err, code = docker("run", "-h")
    assert err.startswith("flag needs an argument: 'h' in -h\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]")
    assert code == 125


def test_unknown_command():
    assert docker("foo") == ("", "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n", 1)


def test_unknown_subcommand():
    assert docker("network", "foo") == ("", "docker: unknown command: docker network foo\n\nUsage:  docker network\n\n"
                                        "Run 'docker network --help' for more information\n", 1)


def test_group_without_subcommand_prints_usage_to_stderr():
    out, err, code = docker("volume")
    assert (out, code) == ("", 0)
    assert err.startswith("\nUsage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n")
    assert err.endswith("\n\nRun 'docker volume COMMAND --help' for more information on a command.\n")


def test_version_flag():
    assert docker("-v") == ("Docker version 28.5.2, build ecc6942\n", "", 0)
    assert docker("--version") == ("Docker version 28.5.2, build ecc6942\n", "", 0)


def test_global_flags_are_accepted_before_the_command():
    assert docker("-D", "--context", "default", "-H", "unix:///var/run/docker.sock", "nope")[2] == 1


def test_unknown_global_flag():
    assert docker("--foo", "ps") == ("", "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
                                     "Run 'docker --help' for more information\n", 125)


def test_root_help_layout():
    out, err, code = docker("--help")
    assert out.startswith("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n"
                          "Common Commands:\n  run         Create and run a new container from an image\n"
                          "  exec        Execute a command in a running container\n  ps          List containers\n")
    assert "\nManagement Commands:\n  builder     Manage builds\n" in out
    assert "\n  container   Manage containers\n" in out
    assert "\n  -v, --version            Print version information and quit\n\n" in out
    assert out.endswith("Run 'docker COMMAND --help' for more information on a command.\n\n"
                        "For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n")
    assert (err, code) == ("", 0)


def test_help_command():
    assert docker("help", "rm")[0] == docker("rm", "--help")[0]
    assert docker("help", "nope") == ("", "unknown help topic: nope\n", 1)


def test_command_without_handler_says_so(monkeypatch):
    monkeypatch.delitem(spec.HANDLERS, "container diff")
    assert docker("container", "diff", "web") == ("", "docker: 'docker container diff' is not available in this lab\n", 1)


@pytest.fixture
def plugin():
    real = spec.COMMANDS.get("compose"), spec.HANDLERS.get("compose")

    @spec.command("compose", usage="docker compose [OPTIONS] COMMAND", short="Docker Compose", plugin=True)
    def compose(ctx, opts, args):
        ctx.out(f"{opts} {args}\n")
    yield
    spec.COMMANDS["compose"], spec.HANDLERS["compose"] = real    # the real plugin comes back


def test_plugin_gets_raw_arguments_and_is_listed(plugin):
    assert docker("compose", "up", "-d", "--bogus") == ("None ['up', '-d', '--bogus']\n", "", 0)
    assert "\n  compose*    Docker Compose\n" in docker("--help")[0]


def test_run_lists_help_flag_and_hostname():
    out = docker("run", "--help")[0]
    assert "\n      --help                             Print usage\n" in out
    assert "\n  -h, --hostname string                  Container host name\n" in out


def test_ps_help_golden():
    assert docker("ps", "--help") == ("""
Usage:  docker ps [OPTIONS]

List containers

Aliases:
  docker container ls, docker container list, docker container ps, docker ps

Options:
  -a, --all             Show all containers (default shows just running)
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -n, --last int        Show n last created containers (includes all
                        states) (default -1)
  -l, --latest          Show the latest created container (includes all
                        states)
      --no-trunc        Don't truncate output
  -q, --quiet           Only display container IDs
  -s, --size            Display total file sizes
""", "", 0)


def test_requires_max_args_keeps_dockers_typo():
    assert docker("images", "a", "b")[1:] == (
        "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]"
        "\n\nSRun 'docker images --help' for more information\n", 1)


def test_exact_and_range_arity():
    assert docker("logs")[1].startswith("docker: 'docker logs' requires 1 argument\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nRun ")
    assert docker("port")[1].startswith("docker: 'docker port' requires at least 1 and at most 2 arguments\n")


def test_help_wraps_to_a_wide_terminal():
    out = []
    proc = Proc(argv=["docker", "ps", "--help"], env={}, cwd="/", fs=None, machine=SimpleNamespace(engine=None),
                write_out=out.append, write_err=out.append, terminal=SimpleNamespace(width=200), tty=True)
    assert REGISTRY["docker"](proc) == 0
    assert "  -n, --last int        Show n last created containers (includes all states) (default -1)\n" in "".join(out)
