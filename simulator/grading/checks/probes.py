"""Checks that act, each in its own fork of the session so the student's state is untouched:
`exec` (a command in a container), `http` (a GET), `rebuild` (build-cache efficiency)."""
import re
import shlex

from ..match import as_list, describe_text, text_matches
from . import check

TEXT_KEYS = {"contains", "not_contains", "matches", "equals"}
STEP = re.compile(r"^#(\d+) \[(?:[^\]]*? )?\s*\d+/\d+\] (.*)$")
CACHED = re.compile(r"^#(\d+) CACHED$")


@check("exec", {"container", "command", "exit_code"} | TEXT_KEYS)
def exec_(spec, probe):
    container, command = str(spec["container"]), str(spec["command"])
    result = probe.fork().run(f"docker exec {shlex.quote(container)} sh -c {shlex.quote(command)}")
    if "exit_code" in spec and result.exit_code != int(spec["exit_code"]):
        return False, f"`{command}` in container {container} exits with {result.exit_code}, expected {spec['exit_code']}"
    if "exit_code" not in spec and result.exit_code != 0 and not TEXT_KEYS & set(spec):
        return False, f"`{command}` fails in container {container}: {result.output.strip()[:200]}"
    if not text_matches(result.output, spec):
        return False, f"the output of `{command}` in container {container} should {describe_text(spec)}"
    return True, ""


@check("http", {"url", "container", "status"} | TEXT_KEYS)
def http(spec, probe):
    """GET `url` from the host (curl -i) or from inside `container` (wget -S, as busybox has)."""
    url = str(spec["url"])
    wanted = int(spec.get("status", 200))
    if "container" in spec:
        where = f"from container {spec['container']}"
        result = probe.fork().run(f"docker exec {shlex.quote(str(spec['container']))} "
                                  f"wget -S -q -O - {shlex.quote(url)}")
        status, body = _wget_response(result.output)
    else:
        where = "from the host"
        result = probe.fork().run(f"curl -s -i {shlex.quote(url)}")
        status, body = _response(result.output)
    if status != wanted:
        said = result.output.strip()[:120]
        seen = f"status {status}" if status else "no response" + (f" ({said})" if said else "")
        return False, f"GET {url} {where}: {seen}, expected {wanted}"
    if not text_matches(body, spec):
        return False, f"GET {url} {where}: the page should {describe_text(spec)}"
    return True, ""


def _wget_response(text):
    """(status, body) from `wget -S -O -` output: the response headers come first, indented."""
    lines = text.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].startswith("  "):
        head += 1
    match = re.match(r"\s+HTTP/[\d.]+ (\d{3})", lines[0]) if head else None
    return (int(match.group(1)), "".join(lines[head:])) if match else (0, "")


def _response(text):
    """(status, body) from `curl -i` output; (0, "") when nothing answered."""
    match = re.match(r"HTTP/[\d.]+ (\d{3})", text)
    if not match:
        return 0, ""
    head, _, body = text.replace("\r\n", "\n").partition("\n\n")
    return int(match.group(1)), body


@check("rebuild", {"context", "change", "append", "cached", "rebuilt", "file"})
def rebuild(spec, probe):
    """Builds the context (so a cache exists), appends to `change`, builds again and requires the
    steps named in `cached` to be CACHED and those in `rebuilt` not to be. Steps are named by the
    start of their instruction, e.g. `RUN npm install`."""
    context = str(spec["context"])
    dockerfile = f" -f {shlex.quote(str(spec['file']))}" if "file" in spec else ""
    build = f"docker build --progress=plain{dockerfile} {shlex.quote(context)}"
    fork = probe.fork()
    first = fork.run(build)
    if first.exit_code != 0:
        return False, f"the image does not build: {_last_line(first.output)}"
    changed = f"{context.rstrip('/')}/{spec['change']}"
    text = str(spec.get("append", "\n// a change\n"))
    fork.run(f"printf '%s' {shlex.quote(text)} >> {shlex.quote(changed)}")
    second = fork.run(build)
    if second.exit_code != 0:
        return False, f"the image does not rebuild after a change to {spec['change']}: {_last_line(second.output)}"
    steps = _step_cache(second.output)
    for name in as_list(spec.get("cached")):
        state = _state_of(steps, name)
        if state is not True:
            return False, (f"after a change to {spec['change']}, `{name}` is "
                           f"{'not a step of the build' if state is None else 'run again instead of CACHED'}")
    for name in as_list(spec.get("rebuilt")):
        state = _state_of(steps, name)
        if state is not False:
            return False, (f"after a change to {spec['change']}, `{name}` is "
                           f"{'not a step of the build' if state is None else 'CACHED but should be rebuilt'}")
    return True, ""


def _step_cache(output):
    """{instruction text: cached?} from BuildKit plain progress."""
    names, cached = {}, set()
    for line in output.splitlines():
        step = STEP.match(line)
        if step:
            names[step.group(1)] = step.group(2)
        hit = CACHED.match(line)
        if hit:
            cached.add(hit.group(1))
    return {text: number in cached for number, text in names.items()}


def _state_of(steps, name):
    wanted = " ".join(name.split())
    for text, cached in steps.items():
        if " ".join(text.split()).startswith(wanted):
            return cached
    return None


def _last_line(output):
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"
