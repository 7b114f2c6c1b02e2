"""A container's main process is simulated ahead of time, within bounds: an endless loop that
sleeps keeps its container up and its output appears as time reaches each line; a busy loop
keeps its container up too; neither holds up `docker run`."""
from simulator import Session
from simulator.limits import MAIN_HORIZON


def session():
    s = Session(seed=3)
    s.run("docker pull -q alpine")
    return s


def test_an_endless_loop_that_sleeps_logs_as_time_passes():
    s = session()
    s.run("docker run -d --name ticker alpine sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 2; done'")
    assert s.run("docker logs ticker").output == "tick 1\n"
    s.run("sleep 5")
    assert s.run("docker logs ticker").output == "tick 1\ntick 2\ntick 3\n"
    assert s.run("docker ps --format '{{.Names}} {{.State}}'").output == "ticker running\n"


def test_output_is_simulated_no_further_than_the_horizon():
    s = session()
    s.run("docker run -d --name ticker alpine sh -c 'while true; do echo tick; sleep 1; done'")
    container = s.engine.containers.find("ticker")
    assert len(container.logs) == MAIN_HORIZON + 1
    assert s.run("docker logs ticker | wc -l").output == "1\n"


def test_a_busy_loop_keeps_its_container_up_and_stops_with_sigkill():
    s = session()
    assert s.run("docker run -d --name busy alpine sh -c 'while true; do :; done'").exit_code == 0
    assert s.run("docker logs busy").output == ""
    assert s.run("docker ps --format '{{.Names}} {{.State}}'").output == "busy running\n"
    s.run("docker stop busy")
    assert s.run("docker ps -a --format '{{.Status}}'").output.startswith("Exited (137)")


def test_a_script_that_ends_after_its_sleeps_still_ends_on_time():
    s = session()
    s.run("docker run -d --name later alpine sh -c 'sleep 2; echo done; exit 3'")
    assert s.run("docker ps --format '{{.Names}}'").output == "later\n"
    s.run("sleep 3")
    assert s.run("docker ps -a --format '{{.Status}}'").output.startswith("Exited (3)")
    assert s.run("docker logs later").output == "done\n"
