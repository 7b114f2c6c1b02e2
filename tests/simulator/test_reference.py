"""distribution/reference behaviour: the 40 conformance cases and the familiar forms."""
import json
from pathlib import Path

import pytest

from simulator.engine.reference import (Reference, InvalidReference, parse, parse_any_reference,
                                        parse_docker_ref, parse_normalized_named, tag_name_only)

CASES = json.loads((Path(__file__).parent.parent / "data" / "reference" / "cases.json").read_text())["cases"]
FUNCTIONS = {"Parse": parse, "ParseNormalizedNamed": parse_normalized_named,
             "ParseDockerRef": parse_docker_ref, "ParseAnyReference": parse_any_reference}


def test_all_cases_are_loaded():
    assert len(CASES) == 40


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fn']}:{c['input'][:40]}" for c in CASES])
def test_conformance(case):
    function = FUNCTIONS[case["fn"]]
    if "error" in case:
        with pytest.raises(InvalidReference) as caught:
            function(case["input"])
        if not case["error"].startswith("(any error"):
            assert str(caught.value) == case["error"]
        return
    ref = function(case["input"])
    expected = {key: case[key] for key in ("expect", "familiar", "domain", "path", "repository", "tag", "digest")
                if key in case}
    actual = {"expect": str(ref), "familiar": ref.familiar_name(), "domain": ref.domain, "path": ref.path,
              "repository": ref.name, "tag": ref.tag, "digest": ref.digest}
    assert {key: actual[key] for key in expected} == expected


def test_familiar_string_is_what_the_cli_prints():
    assert parse_docker_ref("nginx").familiar_string() == "nginx:latest"
    assert parse_docker_ref("docker.io/library/nginx:1.25").familiar_string() == "nginx:1.25"
    assert parse_docker_ref("bitnami/redis").familiar_string() == "bitnami/redis:latest"
    assert parse_docker_ref("localhost:5000/app").familiar_string() == "localhost:5000/app:latest"


def test_tag_name_only():
    assert str(tag_name_only(parse_normalized_named("alpine"))) == "docker.io/library/alpine:latest"
    assert str(tag_name_only(parse_normalized_named("alpine:3"))) == "docker.io/library/alpine:3"


def test_messages_docker_prints():
    with pytest.raises(InvalidReference, match=r"^invalid reference format: repository name \(library/Nginx\) must be lowercase$"):
        parse_normalized_named("Nginx")
    with pytest.raises(InvalidReference, match="^invalid reference format$"):
        parse_normalized_named("nginx:")


def test_image_id_reference():
    assert parse_any_reference("sha256:" + "a" * 64) == Reference(digest="sha256:" + "a" * 64)
