"""`all_of`, `any_of`, `not`: combine other checks."""
from . import check, check_name, run_check


def _children(spec):
    return spec if isinstance(spec, list) else [spec]


@check("all_of")
def all_of(spec, probe):
    for child in _children(spec):
        result = run_check(child, probe)
        if not result.passed:
            return False, result.feedback
    return True, ""


@check("any_of")
def any_of(spec, probe):
    results = [run_check(child, probe) for child in _children(spec)]
    if any(r.passed for r in results):
        return True, ""
    return False, " or ".join(r.feedback for r in results)


@check("not")
def not_(spec, probe):
    """Passes unless every check under it passes (`not: [a, b]` is "not both")."""
    children = _children(spec)
    if all(run_check(child, probe).passed for child in children):
        return False, "this should not be so: " + ", ".join(check_name(c) for c in children)
    return True, ""
