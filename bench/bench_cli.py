"""How long the docker CLI framework takes: flag parsing, help, a 500-row --format table."""
from bench.timing import print_mean_ms
from simulator.cli.catalog import RUN_FLAGS
from simulator.cli.flags import parse
from simulator.cli.format.table import render
from simulator.cli.main import command_help
from simulator.cli.spec import routes

ROWS = [{"ID": f"{i:012x}", "Image": "nginx:latest", "Command": '"/docker-entrypoint.…"',
         "Status": "Up 2 minutes", "Names": f"web{i}"} for i in range(500)]
DEFAULT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Status}}\t{{.Names}}"
HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "Status": "STATUS", "Names": "NAMES"}


def main():
    argv = ["-dit", "-p", "8080:80", "-e", "A=1", "--name", "web", "--rm", "nginx", "nginx", "-g", "daemon off;"]
    print_mean_ms("parse docker run flags", lambda: parse(RUN_FLAGS, argv, False), 2000)
    print_mean_ms("docker run --help", lambda: command_help(*routes()["run"]), 200)
    print_mean_ms("500-row table", lambda: render(ROWS, "", DEFAULT, HEADERS), 20)
    print_mean_ms("500 rows, raw template with a function",
          lambda: render(ROWS, '{{.Names}} {{upper .Status}} {{json .ID}}', DEFAULT, HEADERS), 20)


if __name__ == "__main__":
    main()
