"""The line discipline: exact bytes written to the terminal and the events handed to the consumer."""
from lab.terminal.line_editor import EndOfFile, Interrupt, Line, LineEditor

PROMPT = "root@slipway:~# "


def editor(**kwargs):
    ed = LineEditor(**kwargs)
    ed.start(PROMPT)
    return ed


def feed(ed, keys):
    """Everything written and every event, in order (the consumer would run each Line)."""
    written, events = [], []
    for item in ed.feed(keys):
        (written if isinstance(item, str) else events).append(item)
    return "".join(written), events


def test_start_writes_the_prompt():
    assert LineEditor().start(PROMPT) == PROMPT


def test_typing_echoes_and_enter_submits_the_line():
    ed = editor()
    assert feed(ed, "docker ps") == ("docker ps", [])
    assert feed(ed, "\r") == ("\r\n" + PROMPT, [Line("docker ps")])
    assert ed.buffer == ""


def test_paste_of_several_lines_runs_them_one_by_one():
    ed = editor()
    items = list(ed.feed("ls\r\npwd\nexit"))
    assert items == ["l", "s", "\r\n", Line("ls"), PROMPT, "p", "w", "d", "\r\n", Line("pwd"), PROMPT,
                     "e", "x", "i", "t"]


def test_prompt_after_a_line_is_the_one_set_while_it_ran():
    ed = editor()
    items = ed.feed("docker run -it alpine sh\r")
    assert list(next(items) for _ in range(26))[-1] == Line("docker run -it alpine sh")
    ed.prompt = "/ # "
    assert list(items) == ["/ # "]


def test_backspace_redraws_the_rest_of_the_line():
    ed = editor()
    feed(ed, "lss")
    assert feed(ed, "\x7f") == ("\r\x1b[16C" + "ls" + "\x1b[J", [])
    assert ed.buffer == "ls"


def test_left_arrow_then_insert_in_the_middle():
    ed = editor()
    feed(ed, "dcker")
    out, _ = feed(ed, "\x1b[D" * 4)
    assert ed.cursor == 1
    assert feed(ed, "o") == ("\r\x1b[16Cdocker\x1b[J\r\x1b[18C", [])
    assert ed.buffer == "docker" and ed.cursor == 2


def test_home_end_and_ctrl_a_ctrl_e_move_the_cursor():
    ed = editor()
    feed(ed, "echo hi")
    feed(ed, "\x1b[H")
    assert ed.cursor == 0
    feed(ed, "\x1b[F")
    assert ed.cursor == 7
    feed(ed, "\x01")
    assert ed.cursor == 0
    feed(ed, "\x05")
    assert ed.cursor == 7


def test_escape_sequence_split_across_messages():
    ed = editor()
    feed(ed, "ab")
    assert feed(ed, "\x1b[") == ("", [])
    feed(ed, "D")
    assert ed.cursor == 1


def test_ctrl_u_k_w_kill_text():
    ed = editor()
    feed(ed, "docker run nginx")
    feed(ed, "\x17")
    assert ed.buffer == "docker run "
    feed(ed, "\x17")
    assert ed.buffer == "docker "
    feed(ed, "ps -a\x01\x1b[C\x1b[C")
    feed(ed, "\x0b")
    assert (ed.buffer, ed.cursor) == ("do", 2)
    feed(ed, "\x15")
    assert (ed.buffer, ed.cursor) == ("", 0)


def test_ctrl_c_abandons_the_line_and_interrupts():
    ed = editor()
    feed(ed, "ab\x01")
    assert feed(ed, "\x03") == ("\r\x1b[18C^C" + PROMPT, [Interrupt()])
    assert feed(ed, "sleep\x03") == ("sleep^C" + PROMPT, [Interrupt()])
    assert ed.buffer == ""


def test_ctrl_d_on_an_empty_line_is_end_of_file_else_deletes():
    ed = editor()
    assert feed(ed, "\x04") == ("\r\n" + PROMPT, [EndOfFile()])
    feed(ed, "ab\x02\x04")
    assert ed.buffer == "a"


def test_ctrl_l_clears_the_screen_and_redraws_the_line():
    ed = editor()
    feed(ed, "ls")
    assert feed(ed, "\x0c") == ("\x1b[H\x1b[2J" + PROMPT + "ls", [])


def test_history_up_and_down_keep_the_draft():
    ed = editor(history=["docker ps", "docker images"])
    feed(ed, "dra")
    feed(ed, "\x1b[A")
    assert ed.buffer == "docker images"
    feed(ed, "\x1b[A\x1b[A")
    assert ed.buffer == "docker ps"
    feed(ed, "\x1b[B\x1b[B")
    assert ed.buffer == "dra"


def test_answers_at_an_empty_prompt_are_not_history():
    ed = LineEditor()
    ed.start("")
    feed(ed, "y\r")
    assert ed.history == []


def test_history_records_lines_once_and_skips_blank_ones():
    ed = editor()
    feed(ed, "ls\rls\r \rpwd\r")
    assert ed.history == ["ls", "pwd"]


def test_tab_completes_a_single_candidate_with_a_space():
    ed = editor(complete=lambda line: ["images", "image", "info"] if line == "docker im" else [])
    feed(ed, "docker im")
    assert feed(ed, "\t") == ("age", [])
    ed2 = editor(complete=lambda line: ["inspect"])
    feed(ed2, "docker ins")
    assert feed(ed2, "\t") == ("pect ", [])
    assert ed2.buffer == "docker inspect "


def test_tab_lists_candidates_when_there_is_no_common_prefix_to_add():
    ed = editor(complete=lambda line: ["ps", "pull", "push"])
    feed(ed, "docker p")
    assert feed(ed, "\t") == ("\r\nps  pull  push\r\n" + PROMPT + "docker p", [])


def test_tab_keeps_directories_open():
    ed = editor(complete=lambda line: ["/etc/"])
    feed(ed, "ls /et")
    assert feed(ed, "\t") == ("c/", [])


def test_long_line_wraps_and_the_cursor_moves_across_rows():
    ed = editor(cols=20)
    feed(ed, "echo abcdefgh")        # prompt 16 + 13 = 29 cells: rows 0 and 1
    out, _ = feed(ed, "\x01")
    assert out == "\x1b[1A\r\x1b[16C" + "echo abcdefgh" + "\x1b[J" + "\x1b[1A\r\x1b[16C"


def test_filling_the_last_column_moves_to_the_next_row():
    ed = editor(cols=20)
    assert feed(ed, "abcd") == ("abcd \r", [])


def test_unknown_control_keys_and_escapes_are_ignored():
    ed = editor()
    assert feed(ed, "a\x1b[15~\x07b") == ("ab", [])


def test_resize_changes_wrapping():
    ed = editor()
    ed.resize(40)
    assert ed.cols == 40


def test_line_length_is_bounded():
    ed = editor()
    feed(ed, "x" * 10000)
    assert len(ed.buffer) == 8192


def heredoc_open(entry):
    return entry.startswith("cat <<EOF") and not entry.endswith("\nEOF")


def test_an_unfinished_entry_continues_on_a_continuation_line():
    ed = editor(needs_more=heredoc_open)
    assert list(ed.feed("cat <<EOF\rhello\rEOF\r")) == [
        *"cat <<EOF", "\r\n", "> ", *"hello", "\r\n", "> ", *"EOF", "\r\n", Line("cat <<EOF\nhello\nEOF"), PROMPT]
    assert ed.history == []            # multi-line entries are not recalled with the arrows


def test_ctrl_c_abandons_a_continued_entry():
    ed = editor(needs_more=heredoc_open)
    feed(ed, "cat <<EOF\rhello\r")
    assert feed(ed, "\x03") == ("^C" + PROMPT, [Interrupt()])
    assert feed(ed, "ls\r") == ("ls\r\n" + PROMPT, [Line("ls")])


def test_ctrl_d_ends_a_continued_entry():
    ed = editor(needs_more=heredoc_open)
    feed(ed, "cat <<EOF\rhello\r")
    assert feed(ed, "\x04") == ("\r\n" + PROMPT, [Line("cat <<EOF\nhello\n")])


def test_continuation_lines_wrap_after_the_short_prompt():
    ed = editor(needs_more=heredoc_open, cols=20)
    feed(ed, "cat <<EOF\r")
    assert feed(ed, "x" * 18) == ("x" * 18 + " \r", [])
