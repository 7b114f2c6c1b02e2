"""The terminal websocket through the real ASGI application (contract 5)."""
import json

import pytest

from lab.terminal.line_editor import LineEditor
from lab.terminal.models import Workspace
from tests.lab.conftest import PROMPT, needs_shell, new_visitor

pytestmark = pytest.mark.django_db(transaction=True)


async def test_connect_shows_the_prompt_and_the_diagram_state(browser):
    b = browser()
    assert await b.connect()
    assert await b.read_until(PROMPT) == PROMPT
    state = await b.next_of("state")
    assert set(state) >= {"type", "containers", "images", "volumes", "networks"}


async def test_keystrokes_are_echoed_and_a_line_runs(browser):
    b = browser()
    await b.start()
    await b.type("nosuchcmd")
    assert await b.read_until("nosuchcmd") == "nosuchcmd"
    await b.type("\r")
    assert await b.read_until(PROMPT) == "\r\nbash: nosuchcmd: command not found\r\n" + PROMPT


async def test_a_pasted_block_runs_line_by_line(browser):
    b = browser()
    await b.start()
    await b.type("one\rtwo\r")
    assert await b.read_until(PROMPT + "two\r\nbash: two: command not found\r\n" + PROMPT) == (
        "one\r\nbash: one: command not found\r\n" + PROMPT + "two\r\nbash: two: command not found\r\n" + PROMPT)


async def reconnect_after(browser, line):
    """Runs `line` in a new visitor's playground, closes the tab and opens it again (not started)."""
    cookie = await new_visitor()
    first = browser(cookie=cookie)
    await first.start()
    await first.run(line)
    await first.close()
    return browser(cookie=cookie)


async def test_reconnecting_finds_the_same_workspace(browser):
    again = await reconnect_after(browser, "nosuchcmd")
    await again.start()
    await again.type("\x1b[A")          # the up arrow recalls the line typed before
    assert await again.read_until("\x1b[J") == "nosuchcmd\x1b[J"
    assert await Workspace.objects.acount() == 1


@needs_shell
async def test_reconnecting_finds_the_files_made_before(browser):
    again = await reconnect_after(browser, "echo kept > /root/note.txt")
    await again.start()
    assert await again.run("cat /root/note.txt") == "cat /root/note.txt\r\nkept\r\n" + PROMPT


async def test_two_visitors_are_isolated(browser):
    alice, bob = browser(), browser()
    await alice.start()
    await alice.run("secret-command")
    await bob.start()
    await bob.type("\x1b[Ax")             # nothing to recall: only the x is echoed
    assert await bob.read_until("x") == "x"
    assert await Workspace.objects.acount() == 2


async def test_a_foreign_origin_is_refused(browser):
    b = browser(origin=(b"origin", b"http://evil.example"))
    assert not await b.connect()


async def test_a_socket_without_a_visitor_is_refused(browser):
    b = browser(cookie=(b"cookie", b"sessionid=unknown"))
    assert not await b.connect()


async def test_an_unknown_workspace_is_refused(browser, lessons_dir):
    b = browser("no-such-lesson")
    assert not await b.connect()


async def test_an_oversized_message_is_refused_with_an_error(browser):
    b = browser()
    await b.start()
    await b.type("x" * 20000)
    assert await b.next_of("error") == {"type": "error", "message": "messages are limited to 16384 characters"}


async def test_malformed_messages_are_ignored(browser):
    b = browser()
    await b.start()
    await b.socket.send_to(text_data="not json")
    await b.send(["a", "list"])
    await b.send({"type": "input", "data": 5})
    await b.type("y")
    assert await b.read_until("y") == "y"


async def test_resize_changes_where_lines_wrap(browser):
    b = browser()
    await b.start()
    await b.send({"type": "resize", "cols": 20, "rows": 10})
    await b.type("abcd")                 # the prompt plus four characters fill the row
    assert await b.read_until(" \r") == "abcd \r"


@needs_shell
async def test_resize_reaches_the_session(browser):
    b = browser()
    await b.start()
    await b.send({"type": "resize", "cols": 123, "rows": 45})
    assert await b.run("echo $COLUMNS $LINES") == "echo $COLUMNS $LINES\r\n123 45\r\n" + PROMPT


async def test_undo_with_nothing_to_undo_rings_the_bell(browser):
    b = browser()
    await b.start()
    await b.send({"type": "undo"})
    assert await b.read_until("\a") == "\a"


async def test_undo_reverts_the_last_command(browser):
    b = browser()
    await b.start()
    await b.run("nosuchcmd")
    before = await Workspace.objects.aget()
    await b.send({"type": "undo"})
    assert await b.read_until(PROMPT) == "\x1b[H\x1b[2J" + PROMPT
    after = await Workspace.objects.aget()
    assert after.state == before.undo[-1] and after.undo == []


async def test_reconnecting_shows_the_screen_as_it_was(browser):
    again = await reconnect_after(browser, "nosuchcmd")
    await again.connect()
    assert await again.read_until("found\r\n" + PROMPT) == (
        PROMPT + "nosuchcmd\r\nbash: nosuchcmd: command not found\r\n" + PROMPT)


async def test_ctrl_c_at_the_prompt_prints_the_sessions_interrupt(browser):
    b = browser()
    await b.start()
    await b.type("sleep 5\x03")
    assert await b.read_until("^C\r\n" + PROMPT) == "sleep 5^C\r\n" + PROMPT


@needs_shell
async def test_a_container_shell_changes_the_prompt_and_exit_returns(browser):
    b = browser()
    await b.start()
    await b.type("docker run -it alpine sh\r")
    await b.read_until("/ # ")
    await b.type("hostname -s >/dev/null; echo inside\r")
    assert await b.read_until("/ # ") == "hostname -s >/dev/null; echo inside\r\ninside\r\n/ # "
    await b.type("exit\r")
    assert await b.read_until(PROMPT) == "exit\r\n" + PROMPT


@needs_shell
async def test_a_yes_no_question_is_answered_on_its_line_and_not_remembered(browser):
    b = browser()
    await b.start()
    await b.type("docker container prune\r")
    assert (await b.read_until("[y/N] ")).endswith("Are you sure you want to continue? [y/N] ")
    await b.type("y\r")
    await b.read_until(PROMPT)
    workspace = await Workspace.objects.aget()
    assert workspace.history == ["docker container prune"]


@pytest.fixture
def blocking_command(monkeypatch):
    """The command `block` runs until the test releases it, like a slow command."""
    import threading

    from simulator import Result, Session

    released = threading.Event()
    run = Session.run

    def slow_run(self, line, on_output=None):
        if line != "block":
            return run(self, line, on_output)
        on_output("blocking\n")
        released.wait(10)
        return Result("blocking\nreleased\n", 0)

    monkeypatch.setattr(Session, "run", slow_run)
    return released


async def test_a_slow_command_streams_and_does_not_stall_other_terminals(browser, blocking_command):
    slow, other = browser(), browser()
    await slow.start()
    await other.start()
    await slow.type("block\r")
    assert await slow.read_until("blocking\r\n") == "block\r\nblocking\r\n"
    await other.type("x")
    assert await other.read_until("x") == "x"
    blocking_command.set()
    assert await slow.read_until(PROMPT) == "released\r\n" + PROMPT


async def test_keys_typed_during_a_command_wait_their_turn(browser, blocking_command):
    b = browser()
    await b.start()
    await b.type("block\r")
    await b.read_until("blocking\r\n")
    await b.type("\x03")
    blocking_command.set()
    assert await b.read_until("^C\r\n" + PROMPT) == "released\r\n" + PROMPT + "^C\r\n" + PROMPT


async def test_input_queued_behind_a_running_command_is_bounded(browser, blocking_command):
    b = browser()
    await b.start()
    await b.type("block\r")
    await b.read_until("blocking\r\n")
    for _ in range(100):                # typing ahead, one message per key, is kept
        await b.type("a")
    for _ in range(5):                  # four 16 KB pastes fill the 64 KB of type-ahead
        await b.type("p" * 16000)
    assert await b.read_until("\a") == "\a"
    blocking_command.set()
    assert (await b.read_until("released\r\n" + PROMPT + "a" * 64 + " \r")).endswith(
        "released\r\n" + PROMPT + "a" * 64 + " \r")
    await b.type("\x15z")
    await b.read_until("z")


@needs_shell
async def test_ctrl_c_ends_a_yes_no_question_and_that_is_saved(browser):
    cookie = await new_visitor()
    first = browser(cookie=cookie)
    await first.start()
    await first.type("docker container prune\r")
    await first.read_until("[y/N] ")
    await first.type("\x03")
    assert await first.read_until(PROMPT) == "^C\r\n" + PROMPT
    await first.close()
    again = browser(cookie=cookie)
    assert (await again.start()).endswith("[y/N] ^C\r\n" + PROMPT)      # no question pending


async def test_a_state_that_cannot_be_restored_gives_a_fresh_machine(browser):
    cookie = await new_visitor()
    first = browser(cookie=cookie)
    await first.start()
    await first.close()
    await Workspace.objects.aupdate(state='{"from": "an older simulator"}')
    again = browser(cookie=cookie)
    assert await again.start() == (
        "Your saved machine could not be restored after an update; this is a fresh one.\r\n" + PROMPT)


@needs_shell
async def test_a_here_document_typed_line_by_line_runs_as_one_entry(browser):
    b = browser()
    await b.start()
    await b.type("cat > /tmp/note <<EOF\rfirst\rEOF\r")
    assert await b.read_until("\r\n" + PROMPT) == "cat > /tmp/note <<EOF\r\n> first\r\n> EOF\r\n" + PROMPT
    assert await b.run("cat /tmp/note") == "cat /tmp/note\r\nfirst\r\n" + PROMPT


async def test_ctrl_c_stops_a_running_command_and_drops_the_keys_typed_meanwhile(browser):
    b = browser()
    await b.start()
    await b.type("echo start; while true; do :; done\r")
    await b.read_until("start\r\n")
    await b.type("ls\r")                # type-ahead a tty forgets on Ctrl-C
    await b.type("\x03echo after")
    assert await b.read_until(PROMPT + "echo after") == "^C\r\n" + PROMPT + "echo after"
    assert await b.run("") == "\r\n" + "after\r\n" + PROMPT
    assert (await b.run("echo $?")).startswith("echo $?\r\n0\r\n")


async def test_ctrl_c_stops_a_loop_in_a_container_shell(browser):
    b = browser()
    await b.start()
    await b.type("docker run -it alpine sh\r")
    await b.read_until("/ # ")
    await b.type("echo go; while :; do :; done\r")
    await b.read_until("go\r\n")            # output streams once the command runs
    await b.type("\x03")
    assert await b.read_until("/ # ") == "^C\r\n/ # "
    await b.type("echo $?\r")
    assert await b.read_until("/ # ") == "echo $?\r\n130\r\n/ # "


async def test_an_ordinary_keystroke_touches_no_thread_and_no_database(browser, monkeypatch):
    from lab.terminal import terminal

    b = browser()
    await b.start()
    await b.next_of("state")
    hops = []
    monkeypatch.setattr(terminal, "in_thread", lambda *args: hops.append(("thread", args)))
    monkeypatch.setattr(terminal, "database_sync_to_async", lambda fn: hops.append(("database", fn)))
    keys = "docker ps -a\x1b[D\x7f\tx"          # typing, a cursor move, a deletion, Tab
    editor = LineEditor()
    editor.start(PROMPT)
    echo = "".join(item for item in editor.feed(keys) if isinstance(item, str))
    await b.type(keys)
    assert await b.read_until(echo) == echo
    assert hops == []
