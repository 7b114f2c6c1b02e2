"""How long Compose takes: loading a 50-service file (parse, interpolate, validate, normalise)
and a whole `docker compose up -d` / `down` of a 10-service project."""
from bench.timing import print_mean_ms
from simulator.engine.compose.loader import load_project
from simulator.fs import FileSystem
from simulator.session import Session

SERVICE = """\
  svc{n}:
    image: nginx:${{TAG:-latest}}
    ports: ["{port}:80"]
    environment: [N={n}, HOME=/srv]
    volumes: [data{n}:/data, ./conf:/etc/conf:ro]
    depends_on: [{dep}]
    healthcheck:
      test: curl -f http://localhost/
      interval: 10s
"""


def compose_file(count):
    services = "".join(SERVICE.format(n=n, port=8000 + n, dep=f"svc{max(n - 1, 0)}")
                       for n in range(count)).replace("    depends_on: [svc0]\n", "", 1)
    volumes = "".join(f"  data{n}:\n" for n in range(count))
    return f"services:\n{services}volumes:\n{volumes}"


def main():
    fs = FileSystem()
    fs.mkdir("/root/app", parents=True)
    fs.write("/root/app/compose.yaml", compose_file(50).encode())
    print_mean_ms("load a 50-service compose.yaml", lambda: load_project(fs, "/root/app", {}), 20)

    def up_down():
        session = Session(seed=1)
        session.run("mkdir app && cd app")
        session.run(f"cat > compose.yaml <<'EOF'\n{compose_file(10)}EOF")
        session.run("docker compose up -d")
        session.run("docker compose down -v")

    print_mean_ms("up -d and down -v of 10 services (fresh session)", up_down, 3)
