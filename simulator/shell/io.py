"""What a command reads and writes: stdin as a consumable string, output sinks."""
from ..limits import MAX_FILE, LimitExceeded

class Input:
    """Standard input: `read` consumes it line by line, a program takes the rest."""

    def __init__(self, text=""):
        self.text, self.pos = text, 0

    def read_line(self):
        if self.pos >= len(self.text):
            return None
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end + 1
        line, self.pos = self.text[self.pos:end], end
        return line

    def read_rest(self):
        rest, self.pos = self.text[self.pos:], len(self.text)
        return rest


class Capture:
    """Collects output for a pipe or $(...)."""

    def __init__(self):
        self.chunks, self.size = [], 0

    def write(self, text):
        self.size += len(text)
        if self.size > MAX_FILE:
            raise LimitExceeded("command stopped: output too large")
        self.chunks.append(text)

    def text(self):
        return "".join(self.chunks)


def discard(text):
    """/dev/null and background jobs."""


class FileSink:
    """Output redirected to a file: truncated when opened, written when the command ends."""

    def __init__(self, fs, path, append):
        self.fs, self.path, self.buffer = fs, path, Capture()
        if not append:
            fs.write(path, b"")
        elif not fs.exists(path):
            fs.write(path, b"")

    def write(self, text):
        self.buffer.write(text)

    def close(self):
        data = self.buffer.text()
        if data:
            self.fs.write(self.path, data, append=True)


class Ctx:
    """One command's view: the shell's Proc (machine, fs, budget...) plus its own stdio."""

    def __init__(self, proc, stdin, out, err):
        self.proc, self.stdin, self.out, self.err = proc, stdin, out, err

    def derive(self, stdin=None, out=None, err=None):
        return Ctx(self.proc, self.stdin if stdin is None else stdin,
                   self.out if out is None else out, self.err if err is None else err)

