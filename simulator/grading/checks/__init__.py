"""The check vocabulary. A check is a mapping with exactly one type key (`container:`, `file:`,
...) whose value is that type's spec, plus optional `name` and `feedback` (shown instead of the
default message when the check fails). Each type lives in a small module and registers itself."""
from ..result import CheckResult

CHECKS = {}          # type -> (function(spec, probe) -> (passed, feedback), allowed keys or None)
COMMON = {"name", "feedback"}


def check(kind, keys=None):
    """Register a check type; `keys` lists the spec keys it accepts (None: the spec is not a
    mapping, e.g. the list under `all_of`)."""
    def register(func):
        CHECKS[kind] = (func, set(keys) if keys is not None else None)
        return func
    return register


def check_kind(check_):
    kinds = [key for key in check_ if key not in COMMON]
    return kinds[0] if len(kinds) == 1 else None


def check_problems(check_):
    """Why a check mapping is not valid vocabulary (an empty list when it is)."""
    if not isinstance(check_, dict):
        return [f"a check must be a mapping, not {check_!r}"]
    kind = check_kind(check_)
    if kind is None:
        return [f"a check needs exactly one type key, one of {', '.join(sorted(CHECKS))}: {check_!r}"]
    if kind not in CHECKS:
        return [f"unknown check type {kind!r} (known: {', '.join(sorted(CHECKS))})"]
    spec, keys = check_[kind], CHECKS[kind][1]
    if keys is None:
        children = spec if isinstance(spec, list) else [spec]
        return [p for child in children for p in check_problems(child)]
    if not isinstance(spec, dict):
        return [f"{kind}: the spec must be a mapping"]
    unknown = sorted(set(spec) - keys)
    return [f"{kind}: unknown key {unknown[0]!r} (known: {', '.join(sorted(keys))})"] if unknown else []


def check_name(check_):
    if "name" in check_:
        return str(check_["name"])
    kind = check_kind(check_)
    spec = check_[kind]
    if isinstance(spec, dict):
        subject = next((str(spec[k]) for k in ("name", "path", "container", "image", "url", "command")
                        if k in spec), "")
        return f"{kind} {subject}".strip()
    return kind


def run_check(check_, probe):
    """Evaluate one check; a check never raises: a broken probe is a failed check."""
    kind = check_kind(check_)
    func = CHECKS[kind][0]
    try:
        passed, feedback = func(check_[kind], probe)
    except Exception as error:  # noqa: BLE001 - a grading bug must not reach the student as a traceback
        passed, feedback = False, f"could not be checked: {error}"
    if not passed and "feedback" in check_:
        feedback = str(check_["feedback"])
    return CheckResult(check_name(check_), bool(passed), feedback if not passed else "ok")


from . import files, logic, objects, probes, words  # noqa: E402,F401  (register the types)
