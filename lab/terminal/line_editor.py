"""The server-side line discipline: what a PTY plus readline do for bash, over raw keystrokes.

Pure Python. `feed(keys)` is a generator yielding, in order, text to write to the terminal and
events for the consumer (`Line`, `Interrupt`, `EndOfFile`). It pauses at each event so a pasted
block runs line by line, with the prompt of the moment drawn before the next line is echoed.
"""
import os
import re
from dataclasses import dataclass

MAX_LINE = 8192          # characters; more is ignored, like a full tty input buffer
MAX_ENTRY = 64 * 1024    # an entry continued over many lines runs once it is this long
MAX_HISTORY = 500
ESCAPE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O[@-~]|[^\[O])")
ANSI = re.compile(r"\x1b\[[0-9;?]*[@-~]")
ERASE_BELOW = "\x1b[J"
CLEAR_SCREEN = "\x1b[H\x1b[2J"
CONTINUATION = "> "      # bash's PS2: the entry goes on


@dataclass(frozen=True)
class Line:
    text: str


@dataclass(frozen=True)
class Interrupt:
    pass


@dataclass(frozen=True)
class EndOfFile:
    pass


KEYS = {
    "\x1b[D": "left", "\x1bOD": "left", "\x02": "left",
    "\x1b[C": "right", "\x1bOC": "right", "\x06": "right",
    "\x1b[A": "up", "\x1bOA": "up", "\x10": "up",
    "\x1b[B": "down", "\x1bOB": "down", "\x0e": "down",
    "\x1b[H": "home", "\x1bOH": "home", "\x1b[1~": "home", "\x01": "home",
    "\x1b[F": "end", "\x1bOF": "end", "\x1b[4~": "end", "\x05": "end",
    "\x1b[3~": "delete",
    "\x7f": "backspace", "\x08": "backspace",
    "\x15": "kill_before", "\x0b": "kill_after", "\x17": "kill_word",
    "\x0c": "clear", "\x03": "interrupt", "\x04": "eof", "\t": "complete",
    "\r": "enter", "\n": "enter",
}


def visible_width(text):
    return len(ANSI.sub("", text))


def common_prefix(words):
    return os.path.commonprefix(list(words))


class LineEditor:
    def __init__(self, complete=lambda line: [], needs_more=lambda entry: False, history=(), cols=80):
        self.complete = complete      # line before the cursor -> candidates for its last word
        self.needs_more = needs_more  # entry so far -> True when Enter should continue it
        self.history = [line for line in history if "\n" not in line][-MAX_HISTORY:]
        self.cols = cols
        self.prompt = ""                   # the session's prompt
        self.shown = ""                    # the prompt on screen: the session's or CONTINUATION
        self._entry = ""                   # earlier lines of an entry that continues
        self.buffer = ""
        self.cursor = 0
        self._browse = len(self.history)   # index into history while pressing up/down
        self._draft = ""                   # the unfinished line kept while browsing history
        self._pending = ""                 # an escape sequence split across two messages
        self._after_cr = False

    def start(self, prompt):
        """Begin a new empty line after `prompt`; returns the text to write."""
        self.prompt, self.shown, self._entry, self.buffer, self.cursor = prompt, prompt, "", "", 0
        self._browse, self._draft = len(self.history), ""
        return prompt

    def resize(self, cols):
        self.cols = max(1, cols)

    def feed(self, keys):
        data, self._pending = self._pending + keys, ""
        i = 0
        while i < len(data):
            key, i = self._next_key(data, i)
            if key is None:             # an incomplete escape sequence: wait for the rest
                self._pending = data[i:]
                return
            if key == "\n" and self._after_cr:   # \r\n from a paste is one Enter
                self._after_cr = False
                continue
            self._after_cr = key == "\r"
            yield from self._handle(key)

    def _next_key(self, data, i):
        if data[i] != "\x1b":
            return data[i], i + 1
        match = ESCAPE.match(data, i)
        if match:
            return match.group(), match.end()
        if len(data) - i < 8 and not any(c.isalpha() or c == "~" for c in data[i + 1:]):
            return None, i
        return data[i], i + 1

    def _handle(self, key):
        action = KEYS.get(key)
        if action is None:
            if key.isprintable():
                yield from self._insert(key)
            return
        if action == "enter":
            yield "\r\n"
            entry = self._entry + self.buffer
            self.buffer, self.cursor = "", 0
            if not self.prompt:         # an answer to a [y/N] question: not history, never continued
                yield Line(entry)
            elif len(entry) < MAX_ENTRY and self.needs_more(entry):
                self._entry, self.shown = entry + "\n", CONTINUATION
                yield CONTINUATION
                return
            else:
                self._remember(entry)
                yield Line(entry)
            yield self.start(self.prompt)
        elif action == "interrupt":     # the tty echoes ^C; the session writes the rest
            yield self._move_to(len(self.buffer)) + "^C"
            self.buffer, self.cursor = "", 0
            yield Interrupt()
            yield self.start(self.prompt)
        elif action == "eof":
            if self.buffer:
                yield from self._edit(self.buffer[:self.cursor] + self.buffer[self.cursor + 1:], self.cursor)
            else:                       # Ctrl-D ends a continued entry, or the shell
                yield "\r\n"
                yield Line(self._entry) if self._entry else EndOfFile()
                yield self.start(self.prompt)
        elif action == "clear":
            yield CLEAR_SCREEN + self.shown + self.buffer + self._move(len(self.buffer), self.cursor)
        elif action == "complete":
            yield from self._complete()
        elif action in ("up", "down"):
            yield from self._browse_history(-1 if action == "up" else 1)
        else:
            yield from getattr(self, "_" + action)()

    # Editing: each computes the new buffer and cursor, then redraws what changed.
    def _insert(self, text):
        text = text[:MAX_LINE - len(self.buffer)]
        if not text:
            return
        if self.cursor == len(self.buffer):
            self.buffer += text
            self.cursor += len(text)
            yield text + self._wrap_fix(len(self.buffer))
        else:
            yield from self._edit(self.buffer[:self.cursor] + text + self.buffer[self.cursor:],
                                  self.cursor + len(text))

    def _left(self):
        yield from self._edit(self.buffer, max(0, self.cursor - 1))

    def _right(self):
        yield from self._edit(self.buffer, min(len(self.buffer), self.cursor + 1))

    def _home(self):
        yield from self._edit(self.buffer, 0)

    def _end(self):
        yield from self._edit(self.buffer, len(self.buffer))

    def _backspace(self):
        if self.cursor:
            yield from self._edit(self.buffer[:self.cursor - 1] + self.buffer[self.cursor:], self.cursor - 1)

    def _delete(self):
        yield from self._edit(self.buffer[:self.cursor] + self.buffer[self.cursor + 1:], self.cursor)

    def _kill_before(self):
        yield from self._edit(self.buffer[self.cursor:], 0)

    def _kill_after(self):
        yield from self._edit(self.buffer[:self.cursor], self.cursor)

    def _kill_word(self):
        start = len(self.buffer[:self.cursor].rstrip(" "))
        start = self.buffer.rfind(" ", 0, start) + 1
        yield from self._edit(self.buffer[:start] + self.buffer[self.cursor:], start)

    def _browse_history(self, step):
        target = self._browse + step
        if not 0 <= target <= len(self.history):
            return
        if self._browse == len(self.history):
            self._draft = self.buffer
        self._browse = target
        text = self.history[target] if target < len(self.history) else self._draft
        yield from self._edit(text, len(text))

    def _complete(self):
        before = self.buffer[:self.cursor]
        word = before.rsplit(" ", 1)[-1]
        candidates = sorted({c for c in self.complete(before) if c.startswith(word)})
        if not candidates:
            return
        if len(candidates) == 1:
            addition = candidates[0][len(word):] + ("" if candidates[0].endswith("/") else " ")
        else:
            addition = common_prefix(candidates)[len(word):]
        if addition:
            yield from self._insert(addition)
            return
        listing = "  ".join(candidates)
        yield self._move_to(len(self.buffer)) + "\r\n" + listing + "\r\n"
        yield self.shown + self.buffer + self._move(len(self.buffer), self.cursor)

    def _remember(self, line):
        if line.strip() and "\n" not in line and (not self.history or self.history[-1] != line):
            self.history = (self.history + [line])[-MAX_HISTORY:]

    # Drawing. Positions count cells from the start of the prompt; lines wrap at self.cols.
    def _edit(self, buffer, cursor):
        old_cursor = self.cursor
        self.buffer, self.cursor = buffer, cursor
        end = len(buffer)
        yield (self._move(old_cursor, 0) + buffer + self._wrap_fix(end) + ERASE_BELOW
               + self._move(end, cursor))

    def _move_to(self, index):
        return self._move(self.cursor, index)

    def _cell(self, index):
        return divmod(visible_width(self.shown) + index, self.cols)

    def _move(self, src, dst):
        """Escape codes moving the cursor from buffer index src to dst (across wrapped rows)."""
        (row, col), (to_row, to_col) = self._cell(src), self._cell(dst)
        if (row, col) == (to_row, to_col):
            return ""
        vertical = f"\x1b[{row - to_row}A" if row > to_row else f"\x1b[{to_row - row}B" if to_row > row else ""
        return vertical + "\r" + (f"\x1b[{to_col}C" if to_col else "")

    def _wrap_fix(self, index):
        """At the last column a terminal holds the cursor there until the next character; a space
        and a carriage return put it on the next row where the arithmetic above expects it."""
        row, col = self._cell(index)
        return " \r" if col == 0 and row and index else ""
