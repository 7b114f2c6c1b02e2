"""Small comparisons shared by the checks: text patterns, image references, sizes."""
import re

MAX_TEXT = 1024 * 1024       # characters of output or file content a pattern is matched against

SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3}
SIZE = re.compile(r"^\s*([\d.]+)\s*([kmg]?b)?\s*$", re.I)


def text_matches(text, spec):
    """Whether `text` satisfies a spec: a mapping with any of `contains` (str or list),
    `not_contains`, `matches` (regex, searched), `equals` (after trimming trailing space)."""
    text = text[:MAX_TEXT]
    if "equals" in spec and text.rstrip() != str(spec["equals"]).rstrip():
        return False
    if not all(needle in text for needle in as_list(spec.get("contains"))):
        return False
    if any(needle in text for needle in as_list(spec.get("not_contains"))):
        return False
    return all(re.search(p, text, re.M) for p in as_list(spec.get("matches")))


def describe_text(spec):
    """How a text spec reads after "should": `contain "x"`, `match /re/`."""
    words = [f'contain "{n}"' for n in as_list(spec.get("contains"))]
    words += [f'not contain "{n}"' for n in as_list(spec.get("not_contains"))]
    words += [f"match /{p}/" for p in as_list(spec.get("matches"))]
    if "equals" in spec:
        words.append(f'be exactly "{spec["equals"]}"')
    return " and ".join(words) or "exist"


def as_list(value):
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def normalize_ref(ref):
    """`nginx` -> `docker.io/library/nginx:latest`, so references compare whatever the spelling."""
    ref = str(ref)
    name, _, digest = ref.partition("@")
    last = name.rsplit("/", 1)[-1]
    if ":" not in last and not digest:
        name += ":latest"
    first = name.split("/", 1)[0]
    if "/" not in name or not ("." in first or ":" in first or first == "localhost"):
        name = "docker.io/" + (name if "/" in name else "library/" + name)
    return name + ("@" + digest if digest else "")


def parse_size(value):
    """Bytes from 123, "150MB", "1.5 GB" (base 1000, as Docker prints sizes)."""
    if isinstance(value, (int, float)):
        return int(value)
    match = SIZE.match(str(value))
    if not match:
        raise ValueError(f"not a size: {value!r}")
    return int(float(match.group(1)) * SIZE_UNITS[(match.group(2) or "b").lower()])
