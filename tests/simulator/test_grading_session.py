"""Grading against the real simulator: start states, the `answer` command, and checks that read
a session without changing it."""
import re
from types import SimpleNamespace

from simulator import Session
from simulator.grading import evaluate, rehearse, start_session
from simulator.grading.submission import start_state


def exercise(checks, files=None, setup=()):
    return SimpleNamespace(files=files or {}, setup=list(setup), checks=checks)


def test_start_session_writes_files_and_runs_setup():
    task = exercise([{"file": {"path": "/root/app/app.js", "contains": "hi"}}],
                    files={"/root/app/app.js": 'console.log("hi");\n'}, setup=["mkdir -p /root/made"])
    session = start_session(task, seed=1)
    assert session.run("cat /root/app/app.js").output == 'console.log("hi");\n'
    assert session.run("test -d /root/made").exit_code == 0
    assert evaluate(session, task).passed
    assert session.history == ["cat /root/app/app.js", "test -d /root/made"]


def test_the_answer_command():
    task = exercise([{"answer": {"matches": "cgroups?"}}])
    session = start_session(task)
    assert not evaluate(session, task).passed
    result = session.run("answer  cgroups")
    assert (result.output, result.exit_code) == ("Answer recorded: cgroups\n", 0)
    assert evaluate(session, task).passed
    assert session.run("answer").output == "Usage: answer TEXT\n"
    session.run("answer namespaces")
    assert evaluate(session, task).checks[0].feedback == "'namespaces' is not the expected answer"


def test_grading_leaves_the_session_as_it_was():
    task = exercise([{"container": {"name": "web", "state": "running", "ports": {"80/tcp": 8080}}},
                     {"http": {"url": "http://localhost:8080/", "contains": "Welcome to nginx"}},
                     {"exec": {"container": "web", "command": "rm /usr/share/nginx/html/index.html"}},
                     {"output_contains": {"command": "docker rm -f web", "contains": "web"}}])
    session = start_session(task)
    session.run("docker run -d --name web -p 8080:80 nginx")
    session.run("false")
    state = session.to_json()
    result = evaluate(session, task)
    assert [c.passed for c in result.checks] == [True, True, True, True]
    assert session.to_json() == state
    assert session.run("echo $?").output == "1\n"
    assert session.run("curl -s localhost:8080 | grep -c 'Welcome to nginx'").output == "2\n"


def test_container_checks_against_inspect_data():
    task = exercise([{"container": {"name": "db", "image": "alpine", "state": "running",
                                    "env": {"ROLE": "db"}, "restart": "always", "cmd": "sleep infinity"}}])
    session = start_session(task)
    assert evaluate(session, task).checks[0].feedback == "there is no container named db"
    session.run("docker run -d --name db -e ROLE=db alpine sleep infinity")
    assert evaluate(session, task).checks[0].feedback == "container db has restart policy no, expected always"
    session.run("docker rm -f db")
    session.run("docker run -d --name db -e ROLE=db --restart always alpine sleep infinity")
    assert evaluate(session, task).passed


def test_a_dockerfile_start_state_carries_only_a_warm_build_cache():
    task = SimpleNamespace(id="hello", files={"/root/hello/README": "build here"}, setup=[],
                           submission="dockerfile",
                           solution=["printf 'FROM alpine\\nRUN echo hi > /hi\\n' > /root/hello/Dockerfile",
                                     "docker build -t hello /root/hello"],
                           checks=[{"image": {"name": "hello"}}])
    session = Session.from_json(start_state(task))
    assert session.history == []
    assert session.run("ls /root/hello").output == "README\n"
    assert session.run("docker images -q").output == ""
    built = session.run("printf 'FROM alpine\\nRUN echo hi > /hi\\n' > /root/hello/Dockerfile && "
                        "docker build --progress=plain /root/hello").output
    assert re.search(r"#(\d+) \[2/2\] RUN echo hi > /hi\n#\1 CACHED", built)


def test_http_from_inside_a_container():
    task = exercise([{"http": {"url": "http://web/", "container": "app", "contains": "Welcome to nginx"}},
                     {"http": {"url": "http://web/nope", "container": "app", "status": 404}}])
    session = start_session(task)
    for line in ["docker network create lan", "docker run -d --name web --network lan nginx",
                 "docker run -d --name app --network lan alpine sleep infinity"]:
        session.run(line)
    assert [c.passed for c in evaluate(session, task).checks] == [True, True]


def test_reading_an_image_file_leaves_no_container_for_other_checks():
    task = exercise([{"file": {"image": "alpine", "path": "/etc/alpine-release", "matches": r"^3\."}},
                     {"container": {"state": "created", "count": 0}},
                     {"file": {"image": "alpine", "path": "/etc/nope", "exists": False}}])
    session = start_session(task)
    session.run("docker pull alpine")
    assert [c.passed for c in evaluate(session, task).checks] == [True, True, True]
    assert session.run("docker ps -aq").output == ""


def test_a_solution_may_not_use_a_disabled_command():
    task = SimpleNamespace(files={}, setup=[], disabled=["docker rm"], checks=[{"answer": {"equals": "x"}}],
                           solution=["docker rm -f nothing", "answer x"])
    rehearsal = rehearse(task)
    assert rehearsal.solved.passed
    assert (rehearsal.refused_commands, rehearsal.failed_commands) == (["docker rm -f nothing"], [])
