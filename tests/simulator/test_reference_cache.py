"""Image references parsed once per text: the same answers and the same errors every time."""
import pytest

from simulator.engine.reference import InvalidReference, familiar_tagged, parse_normalized_named


@pytest.mark.parametrize("text, familiar", [
    ("nginx", "nginx:latest"),
    ("docker.io/library/nginx:1.27", "nginx:1.27"),
    ("index.docker.io/fooo/bar", "fooo/bar:latest"),
    ("localhost:5000/app", "localhost:5000/app:latest"),
])
def test_familiar_tagged(text, familiar):
    assert familiar_tagged(text) == familiar
    assert familiar_tagged(text) == familiar


def test_a_parsed_reference_is_shared_and_errors_repeat():
    assert parse_normalized_named("alpine") is parse_normalized_named("alpine")
    for _ in range(2):
        with pytest.raises(InvalidReference) as raised:
            familiar_tagged("Nginx")
        assert str(raised.value) == "invalid reference format: repository name (library/Nginx) must be lowercase"
