"""Compose's progress output: the TTY display (final frame) and the plain event lines.

TTY (compose pkg/progress/tty.go): a `[+] Running N/M` header, then one line per object:
` ✔ Container app-web-1  Started` with the IDs padded to the longest and the elapsed time
right-aligned to the terminal width. Plain (plain.go): ` <ID>  <Status>` for each event as it
happens, which is what a redirected `docker compose up -d > up.log 2>&1` records.
"""
from dataclasses import dataclass, field

DONE, ERROR, WARNING = "done", "error", "warning"
GLYPHS = {DONE: "✔", ERROR: "✘", WARNING: "!"}
COLOURS = {DONE: "\x1b[32m", ERROR: "\x1b[31m", WARNING: "\x1b[33m"}
BLUE = "\x1b[34m"
RESET = "\x1b[0m"


def _plain(object_id, status, text):
    """plain.go: fmt.Fprintln("", ID, Text, StatusText), one of the last two empty."""
    return f" {object_id} {status} \n" if text else f" {object_id}  {status}\n"


@dataclass
class Line:
    id: str
    status: str
    state: str = DONE
    elapsed: float = 0.0


@dataclass
class Progress:
    """Collects events; `plain` lines are written as they come, the TTY frame at the end."""
    write: object                       # callable(text) for plain lines
    tty: bool = False
    width: int = 80
    colour: bool = True                 # --ansi never: the same display without colours
    lines: list = field(default_factory=list)

    def working(self, object_id, status, text=False):
        """An object's work has begun (Building...): a plain line now, nothing on a TTY."""
        if not self.tty:
            self.write(_plain(object_id, status, text))

    def event(self, object_id, status, state=DONE, working=None, elapsed=0.1, text=False):
        """One object reached `status` (Created, Started...); `working` is the word printed
        before it in plain mode (Creating, Starting...). Compose words container, network and
        volume events as a status (` Container x  Started`), pulls as a text (` web Pulled `)."""
        if working:
            self.working(object_id, working, text)
        if not self.tty:
            self.write(_plain(object_id, status, text))
        for line in self.lines:
            if line.id == object_id:
                line.status, line.state = status, state
                line.elapsed = round(line.elapsed + elapsed, 1)
                return
        self.lines.append(Line(object_id, status, state, elapsed))

    def frame(self):
        """The TTY display's last frame ("" when nothing happened or not a TTY)."""
        if not self.tty or not self.lines:
            return ""
        done = sum(1 for line in self.lines if line.state != ERROR)
        width = max(len(line.id) for line in self.lines)
        header = f"[+] Running {done}/{len(self.lines)}"
        if done == len(self.lines) and self.colour:
            header = f"{BLUE}{header}{RESET}"       # tty.go: blue once everything is done
        out = [header + "\n"]
        for line in self.lines:
            glyph = GLYPHS[line.state]
            if self.colour:
                glyph = f"{COLOURS[line.state]}{glyph}{RESET}"
            text = f" {line.id.ljust(width)}  {line.status}"
            timer = f"{line.elapsed:.1f}s "
            pad = max(1, self.width - 2 - len(text) - len(timer))
            out.append(f" {glyph}{text}{' ' * pad}{timer}\n")
        return "".join(out)
