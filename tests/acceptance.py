"""Replay transcripts of real Docker output (tests/data/acceptance/*.t) against the simulator.

Usage, from the project's root:
    python -m tests.acceptance [FILE.t ...]     # default: every transcript in tests/data/acceptance

A transcript is a sequence of commands run in ONE fresh `simulator.Session(seed=0)`:
    $ command                 a command line (continuation lines start with "> ")
    expected output line      what the terminal shows, stdout and stderr as interleaved
    [exit N]                  optional last line of a block: the expected exit code (default 0)
    # comment                 ignored (only at the start of a line, outside output blocks)

Placeholders inside expected lines:
    <ID>      12 lowercase hex          <LONGID>  64 lowercase hex
    <DIGEST>  sha256:<64 hex>           <N>       an integer
    <*>       any text within the line
    <...>     alone on a line: any number of lines (also none)
Whitespace: trailing spaces are ignored, and every run of 2+ spaces counts as one column gap,
so table alignment may differ while the cells must match.
"""
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

TRANSCRIPTS = Path(__file__).resolve().parent / "data" / "acceptance"

PLACEHOLDERS = {
    "<ID>": "[0-9a-f]{12}",
    "<LONGID>": "[0-9a-f]{64}",
    "<DIGEST>": "sha256:[0-9a-f]{64}",
    "<N>": "[0-9]+",
    "<*>": ".*?",
}
TOKEN = re.compile("|".join(re.escape(k) for k in PLACEHOLDERS))
GAP = re.compile(r" {2,}")
EXIT = re.compile(r"\[exit (\d+)\]")
ANY_LINES = "<...>"


@dataclass
class Step:
    cmd: str
    out: list = field(default_factory=list)
    exit: int = 0


def normalise(line):
    return GAP.sub("  ", line.rstrip())


def line_pattern(expected):
    parts, pos = [], 0
    for m in TOKEN.finditer(expected):
        parts.append(re.escape(expected[pos:m.start()]))
        parts.append(PLACEHOLDERS[m.group(0)])
        pos = m.end()
    parts.append(re.escape(expected[pos:]))
    return re.compile("".join(parts) + r"\Z")


def match_lines(expected, actual):
    """True when actual lines match the expected lines, <...> matching any run of lines."""
    memo = {}

    def go(i, j):
        if (i, j) not in memo:
            if i == len(expected):
                ok = j == len(actual)
            elif expected[i] == ANY_LINES:
                ok = any(go(i + 1, k) for k in range(j, len(actual) + 1))
            else:
                ok = (j < len(actual) and bool(line_pattern(normalise(expected[i])).match(normalise(actual[j])))
                      and go(i + 1, j + 1))
            memo[i, j] = ok
        return memo[i, j]

    return go(0, 0)


def parse(text):
    steps, current = [], None
    for raw in text.splitlines():
        if raw.startswith("$ "):
            current = Step(raw[2:])
            steps.append(current)
        elif raw.startswith("> ") and current is not None and not current.out:
            current.cmd += "\n" + raw[2:]
        elif current is None:
            continue  # header comments
        elif EXIT.fullmatch(raw.strip()):
            current.exit = int(EXIT.fullmatch(raw.strip()).group(1))
        else:
            current.out.append(raw)
    for step in steps:  # a block's trailing blank lines are layout, not output
        while step.out and not step.out[-1].strip():
            step.out.pop()
    return steps


def output_lines(output):
    lines = output.rstrip("\n").split("\n") if output.strip() else []
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def run_file(path, session_cls):
    """None when every step of the transcript matches, else a description of the first mismatch."""
    session = session_cls(seed=0)
    for n, step in enumerate(parse(Path(path).read_text()), 1):
        started = time.perf_counter()
        try:
            result = session.run(step.cmd)
        except Exception:
            return f"{Path(path).name} step {n} `{step.cmd}` raised:\n{traceback.format_exc(limit=3)}"
        took = time.perf_counter() - started
        actual = output_lines(result.output)
        if not match_lines(step.out, actual) or result.exit_code != step.exit:
            shown = "\n".join("    " + a for a in actual) or "    (nothing)"
            wanted = "\n".join("    " + e for e in step.out) or "    (nothing)"
            return (f"{Path(path).name} step {n} `{step.cmd}`\n  expected (exit {step.exit}):\n{wanted}\n"
                    f"  got (exit {result.exit_code}, {took * 1000:.0f} ms):\n{shown}")
    return None


def transcripts():
    return sorted(TRANSCRIPTS.glob("*.t"))


def main(argv):
    from simulator import Session

    files = [Path(a) for a in argv] or transcripts()
    failures = [f for f in (run_file(p, Session) for p in files) if f]
    for failure in failures:
        print(failure, end="\n\n")
    print(f"{len(files) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
