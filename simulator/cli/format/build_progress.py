"""How a build is shown: BuildKit's plain progress and its tty display (printer.go and
display.go of buildkit's progressui), the error summary buildx prints (the failed step's logs, the
Dockerfile excerpt box, `ERROR: failed to build: ...`), and the legacy builder's stream."""
import posixpath

from ...engine.build.builder import human

HEADER = '#0 building with "default" instance using docker driver\n\n'
LEGACY_NOTICE = ("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
                 "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
                 "            environment-variable.\n\n")
LOG_TAIL = 10


def status_text(text, seconds):
    return text + (f" {seconds:.1f}s" if seconds is not None else "") + " done"


def plain(result):
    """The whole plain-progress transcript of a build (errors excluded: see failure())."""
    blocks = []
    for number, vertex in enumerate(result.vertices, 1):
        lines = [f"#{number} {vertex.name}"]
        lines += [f"#{number} {status_text(text, sec)}" for text, sec in vertex.statuses]
        lines += [f"#{number} {elapsed:.3f} {line}" for elapsed, line in vertex.logs]
        if vertex.error:
            lines.append(f"#{number} ERROR: {vertex.error}")
        elif vertex.cached:
            lines.append(f"#{number} CACHED")
        else:
            lines.append(f"#{number} DONE {vertex.duration:.1f}s")
        blocks.append("\n".join(lines) + "\n")
    return HEADER + "\n".join(blocks)


def tty(result, width=80):
    """BuildKit's tty display: the screen redrawn in place as each step runs (a running step
    shows its last log lines), then the final screen."""
    vertices = result.vertices
    frames, elapsed = [], 0.0
    for i, vertex in enumerate(vertices):
        elapsed += vertex.duration
        if vertex.logs and not vertex.cached:
            frames.append(screen(vertices[:i + 1], elapsed, width, running=vertex))
    frames.append(screen(vertices, result.duration, width))
    out, previous = [], 0
    for frame in frames:
        if previous:
            out.append(f"\x1b[{previous}A")
        out.append("".join(line + "\x1b[K\n" for line in frame) if previous else
                   "".join(line + "\n" for line in frame))
        previous = len(frame)
    return "".join(out)


def screen(vertices, elapsed, width, running=None):
    done = sum(1 for v in vertices if not v.error and v is not running)
    head = f"[+] Building {elapsed:.1f}s ({done}/{len(vertices)})" + ("" if running else " FINISHED")
    lines = [fit(head, "docker:default", width)]
    for vertex in vertices:
        word = "ERROR " if vertex.error else ("CACHED " if vertex.cached else "")
        lines.append(fit(f" => {word}{vertex.name}", f"{vertex.duration:.1f}s", width))
        for text, seconds in vertex.statuses:
            lines.append(fit(f" => => {text}", f"{seconds or 0:.1f}s", width))
        if vertex is running:
            lines += [fit(f" => => # {line}", "", width).rstrip() for _, line in vertex.logs[-6:]]
    return lines


def fit(left, right, width):
    """left, then right aligned to the terminal's last column (left cut with `...`)."""
    room = width - len(right) - 1
    if len(left) > room:
        left = left[:room - 3] + "..."
    return left.ljust(room) + " " + right


def warnings(result):
    found = sorted(result.warnings, key=lambda warning: warning[2])
    if not found:
        return ""
    noun = "warning" if len(found) == 1 else "warnings"
    return (f"\n {len(found)} {noun} found (use docker --debug to expand):\n"
            + "".join(f" - {rule}: {message} (line {line})\n" for rule, message, line in found))


def failure(result, with_logs=True):
    """What buildx prints for a failed build, ending with its ERROR line."""
    error = result.error
    out = []
    vertex = error.vertex
    if with_logs and vertex is not None:
        out.append("------\n")
        out.append(f" > {vertex.name}:\n")
        out += [f"{elapsed:.3f} {line}\n" for elapsed, line in vertex.logs[-LOG_TAIL:]]
        out.append("------\n")
    if error.lines:
        out.append(excerpt(result.dockerfile, posixpath.basename(result.dockerfile_name), *error.lines))
    cause = ("failed to solve: " if error.solve else "") + error.message
    out.append(f"ERROR: failed to build: {cause}\n")
    return "".join(out)


def excerpt(text, name, start, end):
    """BuildKit's source box: the failing lines marked `>>>`, with context around them."""
    lines = text.split("\n")
    if start < 1 or start > len(lines):
        return ""
    end = min(max(end, start), len(lines))
    failing = range(start, end + 1)
    pad, filled = (4 if end == start else 2), 0
    while filled < pad:
        if start > 1:
            start -= 1
            filled += 1
        if end != len(lines):
            end += 1
            filled += 1
        filled += 1
    rows = [f" {i:3d} | {'>>>' if i in failing else '   '} {lines[i - 1]}" for i in range(start, end + 1)]
    return f"{name}:{failing[0]}\n--------------------\n" + "\n".join(rows) + "\n--------------------\n"


def legacy(result, context_size, pull_lines):
    """The legacy builder's stream, to its final `Successfully ...` lines (or the failure);
    pull_lines(messages) renders a FROM's pull as `docker pull` would."""
    out = [f"Sending build context to Docker daemon  {human(context_size)}\n"]
    total = len(result.steps)
    for number, step in enumerate(result.steps, 1):
        out.append(f"Step {number}/{total} : {step.text}\n")
        if number == 1 or step.text.split(None, 1)[0].upper() == "FROM":
            out += [line + "\n" for line in pull_lines(step.pulled)]
            out.append(f" ---> {step.result}\n")
            continue
        if step.cached:
            out.append(" ---> Using cache\n")
        else:
            out.append(f" ---> Running in {step.container}\n")
            out += [line + "\n" for _, line in step.logs]
            if step.error:
                break
            out.append(f" ---> Removed intermediate container {step.container}\n")
        out.append(f" ---> {step.result}\n")
    return "".join(out)
