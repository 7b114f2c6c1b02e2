"""Every check type, passing and failing, with its exact default feedback (fake inspect data)."""
from simulator.grading import check_problems
from simulator.grading.checks import check_name, run_check

from grading_fakes import FakeProbe, Result, container, image, verdict

WEB = container("web", image="nginx", env=["A=1", "B=two"], labels={"tier": "front"},
                ports={"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]},
                mounts=[{"Type": "volume", "Name": "data", "Source": "/var/lib/docker/volumes/data/_data",
                         "Destination": "/data", "RW": True},
                        {"Type": "bind", "Source": "/root/site", "Destination": "/site", "RW": False}],
                networks={"net": {"Aliases": ["www"], "DNSNames": ["web", "www", "abc"]}},
                restart="on-failure", retries=3, cmd=["nginx", "-g", "daemon off;"],
                entrypoint=["/docker-entrypoint.sh"], workdir="/srv", user="nginx")
DONE = container("job", image="alpine:latest", status="exited", exit_code=2)


def probe(**extra):
    return FakeProbe(containers=[WEB, DONE], **extra)


# --- container -------------------------------------------------------------------------------
def test_container_passes_on_every_listed_property():
    check = {"container": {"name": "web", "image": "nginx:latest", "state": "running",
                           "env": {"A": 1}, "ports": {"80": 8080}, "label": {"tier": "front"},
                           "mounts": [{"type": "volume", "source": "data", "destination": "/data"},
                                      {"type": "bind", "source": "/root/site", "read_only": True}],
                           "networks": {"net": {"aliases": ["www"]}}, "restart": "on-failure:3",
                           "cmd": "nginx -g daemon off;", "entrypoint": ["/docker-entrypoint.sh"],
                           "workdir": "/srv", "user": "nginx"}}
    assert verdict(check, probe()) == (True, "ok")


def test_container_missing_by_name():
    assert verdict({"container": {"name": "db"}}, probe()) == (False, "there is no container named db")


def test_container_wrong_state_and_exit_code():
    assert verdict({"container": {"name": "web", "state": "exited"}}, probe()) == \
        (False, "container web is running, expected exited")
    assert verdict({"container": {"name": "job", "exit_code": 0}}, probe()) == \
        (False, "container job has not exited with code 0")
    assert verdict({"container": {"name": "job", "exit_code": 2}}, probe())[0]


def test_container_properties_each_fail_with_their_message():
    cases = {
        "image": ("httpd", "container web runs image nginx, expected httpd"),
        "env": ({"A": "2"}, "container web lacks the environment A=2"),
        "ports": ({"80/tcp": 9090}, "container web does not publish port 80/tcp on host port 9090"),
        "mounts": ([{"type": "bind", "destination": "/data"}], "container web lacks the mount type=bind, destination=/data"),
        "networks": (["other"], "container web is not connected to network other"),
        "restart": ("always", "container web has restart policy on-failure:3, expected always"),
        "cmd": (["nginx"], "container web has cmd ['nginx', '-g', 'daemon off;'], expected ['nginx']"),
        "workdir": ("/app", "container web has workdir '/srv', expected '/app'"),
        "user": ("root", "container web has user 'nginx', expected 'root'"),
        "label": ({"tier": "back"}, "container web lacks the labels tier=back"),
    }
    for key, (value, feedback) in cases.items():
        assert verdict({"container": {"name": "web", key: value}}, probe()) == (False, feedback), key


def test_container_alias_on_network():
    assert verdict({"container": {"name": "web", "networks": {"net": {"aliases": ["api"]}}}}, probe()) == \
        (False, "container web has no alias api on network net")


def test_container_any_published_port():
    assert verdict({"container": {"name": "web", "ports": {"80/tcp": "any"}}}, probe())[0]
    assert not verdict({"container": {"name": "job", "ports": {"80/tcp": "any"}}}, probe())[0]


def test_container_tmpfs_from_host_config_counts_as_a_mount():
    scratch = container("scratch", tmpfs={"/tmp/x": ""})
    check = {"container": {"name": "scratch", "mounts": [{"type": "tmpfs", "destination": "/tmp/x"}]}}
    assert verdict(check, FakeProbe(containers=[scratch])) == (True, "ok")


def test_container_selected_by_image_ignores_others():
    extra = container("other", image="redis")
    check = {"container": {"image": "nginx", "state": "running"}}
    assert verdict(check, FakeProbe(containers=[extra, WEB])) == (True, "ok")
    assert verdict({"container": {"image": "mysql"}}, probe()) == (False, "there is no container from image mysql")


def test_container_image_matches_by_id_when_names_differ():
    alias = FakeProbe(containers=[WEB], images={"my-nginx": image()})
    assert verdict({"container": {"name": "web", "image": "my-nginx"}}, alias) == (True, "ok")


def test_container_count():
    running = [container(f"w{i}") for i in range(3)]
    assert verdict({"container": {"image": "nginx", "count": 3}}, FakeProbe(containers=running))[0]
    assert verdict({"container": {"image": "nginx", "count": 2}}, FakeProbe(containers=running)) == \
        (False, "expected 2 containers from image nginx as asked, found 3")
    assert verdict({"container": {"state": "exited", "count": 0}}, probe()) == \
        (False, "expected 0 matching containers as asked, found 1")
    assert verdict({"container": {"state": "exited", "count": 0}}, FakeProbe(containers=[WEB]))[0]
    assert verdict({"container": {"state": "exited", "count": 0}}, FakeProbe())[0]


def test_container_label_selector():
    compose = container("shop-db-1", image="redis", labels={"com.docker.compose.service": "db"})
    check = {"container": {"label": {"com.docker.compose.service": "db"}, "state": "running"}}
    assert verdict(check, FakeProbe(containers=[WEB, compose])) == (True, "ok")
    assert verdict(check, FakeProbe(containers=[WEB])) == \
        (False, "there is no container labelled com.docker.compose.service=db")


# --- image -----------------------------------------------------------------------------------
APP = image(cmd=["node", "app.js"], entrypoint=None, env=["NODE_ENV=production"],
            exposed={"3000/tcp": {}}, labels={"maintainer": "me"}, workdir="/app", user="node",
            layers=5, size=120_000_000)


def image_probe(dockerfile=""):
    return FakeProbe(images={"app": APP}, histories={"app": ["CMD [\"node\" \"app.js\"]", "RUN /bin/sh -c npm install # buildkit"]},
                     host_files={"/root/app/Dockerfile": dockerfile})


def test_image_passes_on_config():
    check = {"image": {"name": "app", "cmd": ["node", "app.js"], "env": {"NODE_ENV": "production"},
                       "exposed_ports": [3000], "labels": {"maintainer": "me"}, "workdir": "/app",
                       "user": "node", "max_layers": 5, "max_size": "120MB", "history_contains": "npm install"}}
    assert verdict(check, image_probe()) == (True, "ok")


def test_image_failures():
    cases = [
        ({"name": "nope"}, "there is no image nope"),
        ({"name": "app", "exists": False}, "image app should not exist"),
        ({"name": "app", "cmd": "node server.js"}, "image app has cmd ['node', 'app.js'], expected node server.js"),
        ({"name": "app", "exposed_ports": ["80"]}, "image app does not expose port 80"),
        ({"name": "app", "max_layers": 4}, "image app has 5 layers, at most 4 expected"),
        ({"name": "app", "max_size": "100MB"}, "image app is larger than 100MB"),
        ({"name": "app", "history_contains": "pip"}, "no layer of image app was made by 'pip'"),
        ({"name": "app", "env": {"NODE_ENV": "dev"}}, "image app lacks the environment NODE_ENV=dev"),
        ({"name": "app", "multi_stage": "/root/app/Dockerfile"},
         "image app was not built by a multi-stage build (/root/app/Dockerfile)"),
    ]
    for spec, feedback in cases:
        assert verdict({"image": spec}, image_probe("FROM node\nRUN npm install\n")) == (False, feedback), spec
    assert verdict({"image": {"name": "gone", "exists": False}}, image_probe()) == (True, "ok")


def test_image_multi_stage_reads_the_dockerfile():
    dockerfile = "FROM node:16 AS builder\nRUN npm run build\nFROM node:16-alpine\nCOPY --from=builder /app/dist ./dist\n"
    assert verdict({"image": {"name": "app", "multi_stage": "/root/app/Dockerfile"}}, image_probe(dockerfile))[0]


# --- volume and network ----------------------------------------------------------------------
def test_volume():
    volumes = {"data": {"Name": "data", "Driver": "local", "Labels": {"team": "a"}}}
    p = FakeProbe(containers=[WEB], volumes=volumes)
    assert verdict({"volume": {"name": "data", "driver": "local", "labels": {"team": "a"}, "used_by": ["web"]}}, p) == (True, "ok")
    assert verdict({"volume": {"name": "data", "used_by": ["job"]}}, p) == (False, "container job does not mount volume data")
    assert verdict({"volume": {"name": "other"}}, p) == (False, "there is no volume other")
    assert verdict({"volume": {"name": "data", "exists": False}}, p) == (False, "volume data should not exist")
    assert verdict({"volume": {"name": "data", "driver": "nfs"}}, p) == (False, "volume data uses driver local, expected nfs")


def test_network():
    net = {"Name": "net", "Driver": "bridge", "Labels": {},
           "IPAM": {"Config": [{"Subnet": "182.18.0.0/24", "Gateway": "182.18.0.1"}]},
           "Containers": {"abc": {"Name": "web"}}}
    p = FakeProbe(networks={"net": net})
    assert verdict({"network": {"name": "net", "driver": "bridge", "subnet": "182.18.0.0/24",
                                "gateway": "182.18.0.1", "containers": ["web"]}}, p) == (True, "ok")
    assert verdict({"network": {"name": "net", "subnet": "10.0.0.0/8"}}, p) == (False, "network net has no subnet 10.0.0.0/8")
    assert verdict({"network": {"name": "net", "containers": ["db"]}}, p) == (False, "container db is not connected to network net")
    assert verdict({"network": {"name": "lan"}}, p) == (False, "there is no network lan")


# --- file ------------------------------------------------------------------------------------
def test_file_on_host_container_and_image():
    p = FakeProbe(host_files={"/root/a.txt": "hello world\n"},
                  object_files={("web", "/etc/x"): "x=1\n", ("img", "/app/src"): None})
    assert verdict({"file": {"path": "/root/a.txt", "contains": "hello", "matches": "^hello w"}}, p) == (True, "ok")
    assert verdict({"file": {"path": "/root/a.txt", "contains": "bye"}}, p) == \
        (False, '/root/a.txt on the host should contain "bye"')
    assert verdict({"file": {"path": "/root/b.txt"}}, p) == (False, "/root/b.txt on the host does not exist")
    assert verdict({"file": {"container": "web", "path": "/etc/x", "equals": "x=1"}}, p) == (True, "ok")
    assert verdict({"file": {"container": "web", "path": "/etc/y"}}, p) == (False, "/etc/y in container web does not exist")
    assert verdict({"file": {"image": "img", "path": "/app/src", "exists": False}}, p) == \
        (False, "/app/src in image img should not exist")
    assert verdict({"file": {"image": "img", "path": "/app/src", "contains": "x"}}, p) == \
        (False, "/app/src in image img is not a regular file")


# --- exec, http, rebuild, output_contains ----------------------------------------------------
def test_exec():
    outputs = {"docker exec app sh -c 'ping -c 1 db'": Result("1 packets received\n"),
               "docker exec app sh -c 'cat /x'": Result("cat: can't open '/x': No such file or directory\n", 1)}
    p = FakeProbe(outputs=outputs)
    assert verdict({"exec": {"container": "app", "command": "ping -c 1 db", "contains": "1 packets"}}, p) == (True, "ok")
    assert verdict({"exec": {"container": "app", "command": "cat /x"}}, p) == \
        (False, "`cat /x` fails in container app: cat: can't open '/x': No such file or directory")
    assert verdict({"exec": {"container": "app", "command": "cat /x", "exit_code": 0}}, p) == \
        (False, "`cat /x` in container app exits with 1, expected 0")
    assert verdict({"exec": {"container": "app", "command": "ping -c 1 db", "contains": "0 packets"}}, p) == \
        (False, 'the output of `ping -c 1 db` in container app should contain "0 packets"')


def test_http_from_host_and_container():
    page = "HTTP/1.1 200 OK\r\nServer: nginx/1.27.2\r\n\r\n<h1>Welcome to nginx!</h1>\n"
    outputs = {"curl -s -i http://localhost:8080/": Result(page),
               "curl -s -i http://localhost:9090/": Result("", 7),
               "docker exec app wget -S -q -O - http://web/": Result("  HTTP/1.1 200 OK\n  Server: nginx\n<h1>Welcome to nginx!</h1>\n"),
               "docker exec app wget -S -q -O - http://web/x": Result("  HTTP/1.1 404 Not Found\n  Server: nginx\n"
                                                                     "wget: server returned error: HTTP/1.1 404 Not Found\n", 1),
               "docker exec app wget -S -q -O - http://nowhere/": Result("wget: bad address 'nowhere'\n", 1)}
    p = FakeProbe(outputs=outputs)
    assert verdict({"http": {"url": "http://localhost:8080/", "contains": "Welcome to nginx"}}, p) == (True, "ok")
    assert verdict({"http": {"url": "http://localhost:8080/", "status": 404}}, p) == \
        (False, "GET http://localhost:8080/ from the host: status 200, expected 404")
    assert verdict({"http": {"url": "http://localhost:9090/"}}, p) == \
        (False, "GET http://localhost:9090/ from the host: no response, expected 200")
    assert verdict({"http": {"url": "http://localhost:8080/", "contains": "Apache"}}, p) == \
        (False, 'GET http://localhost:8080/ from the host: the page should contain "Apache"')
    assert verdict({"http": {"url": "http://web/", "container": "app", "contains": "nginx"}}, p) == (True, "ok")
    assert verdict({"http": {"url": "http://web/", "container": "app", "contains": "Server"}}, p) == \
        (False, 'GET http://web/ from container app: the page should contain "Server"')
    assert verdict({"http": {"url": "http://web/x", "container": "app", "status": 404}}, p) == (True, "ok")
    assert verdict({"http": {"url": "http://nowhere/", "container": "app"}}, p) == \
        (False, "GET http://nowhere/ from container app: no response (wget: bad address 'nowhere'), expected 200")


PLAIN_CACHED = """#5 [2/5] WORKDIR /app
#5 CACHED

#6 [3/5] COPY package*.json ./
#6 CACHED

#7 [4/5] RUN npm install
#7 CACHED

#8 [5/5] COPY . .
#8 DONE 0.1s
"""
PLAIN_MISSED = PLAIN_CACHED.replace("#7 CACHED", "#7 0.512 added 57 packages\n#7 DONE 2.1s")


def test_rebuild():
    build = "docker build --progress=plain /root/app"
    check = {"rebuild": {"context": "/root/app", "change": "app.js", "cached": ["RUN npm"], "rebuilt": ["COPY . ."]}}
    good = FakeProbe(outputs={build: Result(PLAIN_CACHED)})
    assert verdict(check, good) == (True, "ok")
    assert good.session.ran[1] == "printf '%s' '\n// a change\n' >> /root/app/app.js"
    assert verdict(check, FakeProbe(outputs={build: Result(PLAIN_MISSED)})) == \
        (False, "after a change to app.js, `RUN npm` is run again instead of CACHED")
    check["rebuild"]["cached"] = ["RUN pip"]
    assert verdict(check, good) == (False, "after a change to app.js, `RUN pip` is not a step of the build")
    failing = FakeProbe(outputs={build: Result("ERROR: failed to build: failed to solve: bad\n", 1)})
    assert verdict(check, failing) == (False, "the image does not build: ERROR: failed to build: failed to solve: bad")


def test_output_contains():
    p = FakeProbe(outputs={"docker logs greet": Result("Hello Bob\n"), "docker images -q -f dangling=true": Result("")})
    assert verdict({"output_contains": {"command": "docker logs greet", "equals": "Hello Bob"}}, p) == (True, "ok")
    assert verdict({"output_contains": {"command": "docker logs greet", "contains": "Alice"}}, p) == \
        (False, 'the output of `docker logs greet` should contain "Alice"')
    assert verdict({"output_contains": {"command": "docker images -q -f dangling=true", "equals": ""}}, p)[0]
    assert verdict({"output_contains": {"command": "docker logs greet", "exit_code": 1}}, p) == \
        (False, "`docker logs greet` exits with 0, expected 1")


# --- answer and command_used -----------------------------------------------------------------
def test_answer():
    p = FakeProbe(host_files={"/var/lib/slipway/answer": "172.18.0.3\n"})
    assert verdict({"answer": {"matches": r"172\.18\.0\.3"}}, p) == (True, "ok")
    assert verdict({"answer": {"matches": r"172\.18\.0\.2"}}, p) == (False, "'172.18.0.3' is not the expected answer")
    assert verdict({"answer": {"matches": r"172\.18\.0"}}, p)[0] is False   # whole answer must match
    assert verdict({"answer": {"equals": "172.18.0.3"}}, p)[0]
    assert verdict({"answer": {"equals": "x"}}, FakeProbe()) == \
        (False, "no answer yet: type `answer <your answer>` in the terminal")


def test_command_used():
    p = FakeProbe(history=["docker ps", "docker system df -v"])
    assert verdict({"command_used": {"command": "docker system df"}}, p) == (True, "ok")
    assert verdict({"command_used": {"command": "docker system prune"}}, p) == (False, "use `docker system prune`")
    assert verdict({"command_used": {"matches": r"df +-v\b"}}, p)[0]


# --- logic, names, custom feedback, vocabulary -----------------------------------------------
def test_all_any_not():
    yes, no = {"container": {"name": "web"}}, {"container": {"name": "db"}}
    assert verdict({"all_of": [yes, yes]}, probe()) == (True, "ok")
    assert verdict({"all_of": [yes, no]}, probe()) == (False, "there is no container named db")
    assert verdict({"any_of": [no, yes]}, probe()) == (True, "ok")
    assert verdict({"any_of": [no, {"volume": {"name": "v"}}]}, probe()) == \
        (False, "there is no container named db or there is no volume v")
    assert verdict({"not": no}, probe()) == (True, "ok")
    assert verdict({"not": yes}, probe()) == (False, "this should not be so: container web")


def test_custom_feedback_and_name():
    result = run_check({"container": {"name": "db"}, "feedback": "Start the database.", "name": "db up"}, probe())
    assert (result.name, result.passed, result.feedback) == ("db up", False, "Start the database.")
    assert check_name({"file": {"path": "/x"}}) == "file /x"


def test_a_broken_probe_is_a_failed_check_not_a_crash():
    class Broken(FakeProbe):
        def containers(self):
            raise RuntimeError("engine exploded")
    assert verdict({"container": {"name": "web"}}, Broken()) == (False, "could not be checked: engine exploded")


def test_vocabulary_problems():
    assert check_problems({"container": {"name": "web"}}) == []
    assert check_problems({"all_of": [{"not": {"file": {"path": "/x"}}}]}) == []
    assert check_problems({"containr": {}}) == [
        "unknown check type 'containr' (known: all_of, answer, any_of, command_used, container, exec, "
        "file, http, image, network, not, output_contains, rebuild, volume)"]
    assert check_problems({"container": {"nmae": "web"}})[0].startswith("container: unknown key 'nmae'")
    assert check_problems({"container": {}, "file": {}})[0].startswith("a check needs exactly one type key")
    assert check_problems({"any_of": [{"volume": "x"}]}) == ["volume: the spec must be a mapping"]
    assert check_problems("container") == ["a check must be a mapping, not 'container'"]
