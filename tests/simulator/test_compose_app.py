"""A three-service application through a whole session: a web front end, an API built from a
Dockerfile, a database with a healthcheck the API waits for."""
from simulator import Session

COMPOSE = """\
services:
  web:
    image: nginx
    ports:
      - "8080:80"
    depends_on:
      - api
  api:
    build: ./api
    depends_on:
      db:
        condition: service_healthy
  db:
    image: mysql:8.4
    environment:
      MYSQL_ROOT_PASSWORD: secret
    volumes:
      - dbdata:/var/lib/mysql
    healthcheck:
      test: ["CMD-SHELL", "test -d /var/lib/mysql/mysql"]
      interval: 10s
      retries: 5
volumes:
  dbdata:
"""

DOCKERFILE = """\
FROM nginx
COPY index.html /usr/share/nginx/html/index.html
"""


def session_with_app():
    s = Session(seed=5)
    for line in ["mkdir -p shop/api", "cd shop",
                 f"cat > compose.yaml <<'EOF'\n{COMPOSE}EOF",
                 f"cat > api/Dockerfile <<'EOF'\n{DOCKERFILE}EOF",
                 "echo '{\"status\": \"ok\"}' > api/index.html"]:
        assert s.run(line).exit_code == 0
    return s


def test_comes_up_in_dependency_order():
    s = session_with_app()
    result = s.run("docker compose up -d 2>&1 | grep Container")
    assert result.output == (
        " Container shop-db-1  Creating\n Container shop-db-1  Created\n"
        " Container shop-api-1  Creating\n Container shop-api-1  Created\n"
        " Container shop-web-1  Creating\n Container shop-web-1  Created\n"
        " Container shop-db-1  Starting\n Container shop-db-1  Started\n"
        " Container shop-db-1  Waiting\n Container shop-db-1  Healthy\n"
        " Container shop-api-1  Starting\n Container shop-api-1  Started\n"
        " Container shop-web-1  Starting\n Container shop-web-1  Started\n")
    ps = s.run("docker compose ps --format '{{.Service}} {{.State}} {{.Health}}'")
    assert ps.output == "api running \ndb running healthy\nweb running \n"


def test_services_reach_each_other_by_name():
    s = session_with_app()
    s.run("docker compose up -d")
    assert s.run("docker compose exec web curl -s http://api/").output == '{"status": "ok"}\n'
    lookup = s.run("docker compose exec api getent hosts db")
    assert lookup.exit_code == 0 and lookup.output.split()[1:] == ["db"]
    assert "Welcome to nginx!" in s.run("curl -s localhost:8080").output


def test_down_v_removes_everything_it_created():
    s = session_with_app()
    s.run("docker compose up -d")
    assert s.run("docker volume ls -q").output == "shop_dbdata\n"
    down = s.run("docker compose down -v")
    assert down.exit_code == 0
    assert s.run("docker ps -aq").output == ""
    assert s.run("docker volume ls -q").output == ""
    assert "shop_default" not in s.run("docker network ls --format '{{.Name}}'").output


def test_build_quietly_then_push_is_refused_without_login():
    s = session_with_app()
    assert s.run("docker compose build -q").output == ""
    assert s.run("docker images shop-api --format '{{.Repository}}:{{.Tag}}'").output == \
        "shop-api:latest\n"
    push = s.run("docker compose push api")
    assert (push.output, push.exit_code) == (
        " Image shop-api  Pushing\n Image shop-api  Error\n"
        "denied: requested access to the resource is denied\n", 1)


def test_run_rm_with_an_interactive_shell_removes_the_container_on_exit():
    s = Session(seed=2, tty=True)
    for line in ["mkdir app && cd app",
                 "printf 'services:\\n  box:\\n    image: busybox\\n' > compose.yaml",
                 "docker compose run --rm box sh"]:
        assert s.run(line).exit_code == 0
    assert s.prompt == "/ # "
    assert s.run("echo inside").output == "inside\n"
    s.run("exit")
    assert s.prompt == "root@slipway:~/app# "
    assert s.run("docker compose ps -a -q").output == ""


def test_project_survives_session_serialisation():
    s = session_with_app()
    s.run("docker compose up -d")
    restored = Session.from_json(s.to_json())
    ps = restored.run("docker compose ps --format '{{.Name}} {{.State}}'")
    assert ps.output == "shop-api-1 running\nshop-db-1 running\nshop-web-1 running\n"
    assert restored.run("docker compose up -d 2>&1").output == (
        " Container shop-db-1  Running\n"
        " Container shop-db-1  Waiting\n Container shop-db-1  Healthy\n"
        " Container shop-api-1  Running\n Container shop-web-1  Running\n")
