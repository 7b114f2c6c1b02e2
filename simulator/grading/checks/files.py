"""`file`: a path on the host, in a container (running or stopped) or in an image."""
from ..match import describe_text, text_matches
from . import check

TEXT_KEYS = {"contains", "not_contains", "matches", "equals"}


@check("file", {"path", "container", "image", "exists"} | TEXT_KEYS)
def file(spec, probe):
    path = str(spec["path"])
    if "container" in spec:
        where = f"{path} in container {spec['container']}"
        exists, text = probe.object_file(container=str(spec["container"]), path=path)
    elif "image" in spec:
        where = f"{path} in image {spec['image']}"
        exists, text = probe.object_file(image=str(spec["image"]), path=path)
    else:
        where = f"{path} on the host"
        text = probe.host_file(path)
        exists = text is not None or probe.host_exists(path)
    if not spec.get("exists", True):
        return not exists, f"{where} should not exist"
    if not exists:
        return False, f"{where} does not exist"
    if TEXT_KEYS & set(spec):
        if text is None:
            return False, f"{where} is not a regular file"
        if not text_matches(text, spec):
            return False, f"{where} should {describe_text(spec)}"
    return True, ""
