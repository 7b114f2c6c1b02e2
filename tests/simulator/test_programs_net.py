import pytest

from simulator.programs.base import HttpResponse

from shellrun import FakeNet, FakeService, Term, busybox_machine

PAGE = b"<html><head><title>Welcome to nginx!</title></head></html>\n"


def network():
    web = FakeService({"/": HttpResponse(200, "OK", {"Server": "nginx/1.27.3", "Content-Type": "text/html",
                                                     "Content-Length": str(len(PAGE))}, PAGE),
                       "/old": HttpResponse(301, "Moved Permanently", {"Location": "/"}, b"")})
    return FakeNet(names={"web": "172.18.0.2", "localhost": "127.0.0.1"},
                   services={("172.18.0.2", 80): web, ("127.0.0.1", 8080): web})


HOST = [
    ("curl -s http://localhost:8080 | grep '<title>'", "<html><head><title>Welcome to nginx!</title></head></html>\n", 0),
    ("curl -s http://localhost:9999", "", 7),
    ("curl http://localhost:9999",
     "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n", 7),
    ("curl http://nowhere/", "curl: (6) Could not resolve host: nowhere\n", 6),
    ("curl -s -o /dev/null -w '%{http_code}' http://web/missing", "404", 0),
    ("curl -sf http://web/missing; echo $?", "22\n", 0),
    ("curl -f http://web/missing", "curl: (22) The requested URL returned error: 404\n", 22),
    ("curl -sI http://web/", "HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nContent-Type: text/html\r\n"
                            "Content-Length: 59\r\n\r\n", 0),
    ("curl -s http://web/old | wc -c; curl -sL http://web/old | wc -c", "0\n59\n", 0),
    ("curl -s -o page.html http://web/ && cat page.html", PAGE.decode(), 0),
    ("curl", "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2),
    ("curl -s ftp://x", "", 3),
    ("wget -q -O - http://web/ | head -c 6", "<html>", 0),
    ("wget -q http://web/ && ls", "index.html\n", 0),
    ("wget http://nowhere/", "wget: unable to resolve host address 'nowhere'\n", 4),
    ("ping -c 2 web", "PING web (172.18.0.2) 56(84) bytes of data.\n"
                      "64 bytes from web (172.18.0.2): icmp_seq=1 ttl=64 time=0.080 ms\n"
                      "64 bytes from web (172.18.0.2): icmp_seq=2 ttl=64 time=0.080 ms\n\n"
                      "--- web ping statistics ---\n"
                      "2 packets transmitted, 2 received, 0% packet loss, time 1000ms\n"
                      "rtt min/avg/max/mdev = 0.080/0.080/0.080/0.000 ms\n", 0),
    ("ping -c 1 nowhere", "ping: nowhere: Name or service not known\n", 2),
    ("getent hosts web localhost", "172.18.0.2      web\n127.0.0.1       localhost\n", 0),
    ("getent hosts nowhere", "", 2),
]


@pytest.mark.parametrize("line, expected, status", HOST)
def test_host_clients(line, expected, status):
    term = Term(net=network())
    term.out("mkdir /tmp/w && cd /tmp/w")
    assert term.run(line) == (expected, status)


BUSYBOX = [
    ("ping -c 1 web", "PING web (172.18.0.2): 56 data bytes\n"
                      "64 bytes from 172.18.0.2: seq=0 ttl=64 time=0.080 ms\n\n"
                      "--- web ping statistics ---\n"
                      "1 packets transmitted, 1 packets received, 0% packet loss\n"
                      "round-trip min/avg/max = 0.080/0.080/0.080 ms\n", 0),
    ("ping -c 1 nowhere", "ping: bad address 'nowhere'\n", 1),
    ("wget -qO- http://web | grep '<title>'", "<html><head><title>Welcome to nginx!</title></head></html>\n", 0),
    ("wget -q -O - http://nowhere", "wget: bad address 'nowhere'\n", 1),
    ("wget -q -O - http://web:9999", "wget: can't connect to remote host (172.18.0.2): Connection refused\n", 1),
    ("wget -q -O - http://web/missing", "wget: server returned error: HTTP/1.1 404 Not Found\n", 1),
    ("nslookup web", "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
                     "Non-authoritative answer:\nName:\tweb\nAddress: 172.18.0.2\n\n", 0),
    ("nslookup nowhere", "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find nowhere: NXDOMAIN\n\n", 1),
]


@pytest.mark.parametrize("line, expected, status", BUSYBOX)
def test_busybox_clients(line, expected, status):
    assert Term(machine=busybox_machine(net=network())).run(line) == (expected, status)


def test_ping_takes_simulated_time():
    term = Term(net=network())
    before = term.machine.clock.now()
    term.run("ping -c 3 web")
    assert term.machine.clock.now() == before + 2


def test_curl_sends_method_headers_and_body():
    net = network()
    term = Term(net=net)
    term.out("curl -s -X PUT -H 'X-Token: abc' -d 'a=1' http://web/")
    method, path, headers, body = net.services[("172.18.0.2", 80)].last
    assert (method, path, body) == ("PUT", "/", b"a=1")
    assert headers["X-Token"] == "abc" and headers["Host"] == "web"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
