"""Traffic between machines: who reaches whom by name and address, and what servers answer."""
import pytest

from session_harness import Lab
from simulator import Session

TITLE = "<title>Welcome to nginx!</title>\n"


@pytest.fixture(scope="module")
def pulled():
    lab = Lab()
    for image in ("busybox", "nginx", "mysql:8.0", "redis", "postgres"):
        lab.ok(f"docker pull -q {image}")
    return lab.session.to_json()


@pytest.fixture
def lab(pulled):
    lab = Lab()
    lab.session = Session.from_json(pulled)
    lab.ok("docker network create app")
    lab.ok("docker run -d --name web --network app nginx")
    return lab


def test_busybox_ping_by_name_on_the_same_network(lab):
    assert lab("docker run --rm --network app busybox ping -c 2 web") == (
        "PING web (172.18.0.2): 56 data bytes\n"
        "64 bytes from 172.18.0.2: seq=0 ttl=64 time=0.045 ms\n"
        "64 bytes from 172.18.0.2: seq=1 ttl=64 time=0.045 ms\n\n"
        "--- web ping statistics ---\n"
        "2 packets transmitted, 2 packets received, 0% packet loss\n"
        "round-trip min/avg/max = 0.045/0.045/0.045 ms\n")


def test_names_do_not_resolve_from_another_network(lab):
    assert lab("docker run --rm busybox ping -c 1 web") == "ping: bad address 'web'\n"
    assert lab.code == 1


def test_wget_by_name_and_by_address_on_the_same_network(lab):
    assert lab("docker run --rm --network app busybox wget -qO- http://web | grep '<title>'") == TITLE
    assert lab("docker run --rm --network app busybox wget -qO- http://172.18.0.2 | grep '<title>'") == TITLE


def test_addresses_on_another_network_time_out(lab):
    assert lab("docker run --rm busybox wget -qO- -T 1 http://172.18.0.2") == (
        "wget: can't connect to remote host (172.18.0.2): Connection timed out\n")
    assert lab("docker run --rm busybox ping -c 1 172.18.0.2").endswith("0 packets received, 100% packet loss\n")


def test_a_port_nothing_listens_on_is_refused(lab):
    assert lab("docker run --rm --network app busybox wget -qO- http://web:81") == (
        "wget: can't connect to remote host (172.18.0.2): Connection refused\n")


def test_the_host_reaches_container_addresses_and_published_ports(lab):
    assert lab("curl -s http://172.18.0.2 | grep '<title>'") == TITLE
    lab.ok("docker run -d -p 8080:80 nginx")
    assert lab("curl -s http://localhost:8080 | grep '<title>'") == TITLE


def test_a_stopped_server_no_longer_answers(lab):
    lab.ok("docker stop web")
    assert lab("docker run --rm --network app busybox wget -qO- http://web") == "wget: bad address 'web'\n"


def test_nginx_serves_a_page_kept_in_a_volume(lab):
    lab.ok("docker run --rm -v pages:/p busybox sh -c 'echo \"<h1>From a volume</h1>\" > /p/index.html'")
    lab.ok("docker run -d --name site --network app -v pages:/usr/share/nginx/html nginx")
    assert lab("docker run --rm --network app busybox wget -qO- http://site") == "<h1>From a volume</h1>\n"


def test_mysql_client_by_name_with_realistic_answers(lab):
    lab.ok("docker run -d --name db --network app -e MYSQL_ROOT_PASSWORD=secret mysql:8.0")
    client = "docker run --rm --network app mysql:8.0 mysql"
    warning = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    assert lab(f"{client} -h db -uroot -psecret -e 'SELECT 1'") == warning + "1\n1\n"
    assert lab(f"{client} -h db -uroot -pwrong -e 'SELECT 1'") == (
        warning + "ERROR 1045 (28000): Access denied for user 'root'@'172.18.0.4' (using password: YES)\n")
    assert lab(f"{client} -h web -uroot -psecret -e 'SELECT 1'") == (
        warning + "ERROR 2003 (HY000): Can't connect to MySQL server on 'web:3306' (111)\n")
    assert lab("docker run --rm mysql:8.0 mysql -h db -uroot -psecret -e 'SELECT 1'") == (
        warning + "ERROR 2005 (HY000): Unknown MySQL server host 'db' (-2)\n")


def test_redis_cli_by_name(lab):
    lab.ok("docker run -d --name cache --network app redis")
    assert lab("docker run --rm --network app redis redis-cli -h cache ping") == "PONG\n"
    assert lab("docker run --rm redis redis-cli -h cache ping") == (
        "Could not connect to Redis at cache:6379: Name or service not known\n")
    assert lab("docker run --rm --network app redis redis-cli -h web ping") == (
        "Could not connect to Redis at web:6379: Connection refused\n")


def test_psql_to_a_host_without_postgres_is_refused(lab):
    assert lab("docker run --rm --network app postgres psql -h web -U postgres") == (
        'psql: error: connection to server at "web" (172.18.0.2), port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?\n")
