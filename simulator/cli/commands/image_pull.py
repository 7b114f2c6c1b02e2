"""`docker pull`, and the pull progress that `docker run` shows for a missing image.

The daemon sends a stream of {id, status, progress} messages. On a terminal the CLI redraws one
line per layer as the messages arrive (jsonmessage.DisplayJSONMessagesStream); otherwise each
layer settles to its last status, which is what is printed."""
from ... import catalog
from ...engine import reference
from ..format.units import human_size
from ..spec import CliError, handler

def progress_bar(current, total, width):
    """jsonmessage's JSONProgress.String(): `[=====>      ]  1.2MB/3.4MB`, the bar only on a
    terminal wider than 110 columns."""
    if total <= 0:
        return f"{human_size(current):>8}"
    filled = min(50, int(current / total * 100) // 2)
    bar = f"[{'=' * filled}>{' ' * (50 - filled)}] " if width > 110 else ""
    numbers = f"{human_size(current):>8}" + (f"/{human_size(total)}" if current <= total else "")
    return bar + numbers


def settle(messages):
    """The final lines of a pull stream: one per layer with its last status (non-terminal)."""
    out, layer_lines = [], {}
    for message in messages:
        key = message.get("id")
        if message.get("progress"):
            continue
        text = (f"{key}: " if key else "") + message["status"]
        if key is not None and not message["status"].startswith("Pulling from"):
            if key in layer_lines:
                out[layer_lines[key]] = text
                continue
            layer_lines[key] = len(out)
        out.append(text)
    return out


def show_pull(ctx, messages, write):
    if ctx.tty:
        animate(messages, write, getattr(ctx.terminal, "width", 80))
    else:
        for line in settle(messages):
            write(line + "\n")


def animate(messages, write, width):
    """Redraw each layer's line in place as its messages arrive (ANSI cursor moves)."""
    rows = {}
    count = 0
    for message in messages:
        key = message.get("id")
        text = (f"{key}: " if key else "") + message["status"]
        if message.get("progress"):
            text += " " + progress_bar(message["progress"]["current"], message["progress"]["total"], width)
        if key is None or message["status"].startswith("Pulling from") or key not in rows:
            if key is not None and not message["status"].startswith("Pulling from"):
                rows[key] = count
            count += 1
            write(text + "\n")
            continue
        up = count - rows[key]
        write(f"\x1b[{up}A\x1b[2K\r{text}\x1b[{up}B\r")


def pull(ctx, name, write, quiet=False):
    """Pull `name`, showing progress through `write` unless quiet; returns the PullResult."""
    result = ctx.engine.images.pull(name)
    if not quiet:
        show_pull(ctx, result.messages, write)
    return result


def pull_all_tags(ctx, ref, quiet):
    """`docker pull -a`: every tag of the repository, one stream each, one status at the end."""
    if ref.tag or ref.digest:
        raise CliError("tag can't be used with --all-tags/-a")
    updated = False
    for tag in catalog.tags(ref.name):
        result = ctx.engine.images.pull(f"{ref.name}:{tag}")
        updated = updated or result.updated
        if not quiet:
            show_pull(ctx, [m for m in result.messages if not m["status"].startswith("Status: ")], ctx.out)
    name = ref.familiar_name()
    if not quiet:
        word = "Downloaded newer image" if updated else "Image is up to date"
        ctx.out(f"Status: {word} for {name}\n")
    ctx.out(f"{ref.name}\n")
    return 0


def parse_reference(name):
    """The reference a user typed, or the CLI's error in the reference parser's words."""
    try:
        return reference.parse_normalized_named(name)
    except ValueError as error:
        raise CliError(str(error)) from None


@handler("image pull")
def pull_command(ctx, opts, args):
    name = args[0]
    ref = parse_reference(name)
    if opts.all_tags:
        return pull_all_tags(ctx, ref, opts.quiet)
    if not ref.tag and not ref.digest and not opts.quiet:
        ctx.out("Using default tag: latest\n")
    result = pull(ctx, name, ctx.out, quiet=opts.quiet)
    ctx.out(result.canonical + "\n")
    return 0
