"""A saved container's HostConfig is filled back from its compact form: the quick merge used for
the usual requests gives exactly the key-by-key fill, in Docker's key order."""
from hypothesis import given, strategies as st

from simulator.engine.create import HOST_CONFIG, _fill, compact_host_config, fill_host_config

KEYS = [key for key, _ in HOST_CONFIG] + ["NotAHostConfigKey"]
VALUES = st.sampled_from([None, "", 0, False, True, [], {}, "x", 5, [1], {"a": 1}])


@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8),
       st.sampled_from(["default", "bridge", "host", "net0"]))
def test_fill_is_the_key_by_key_fill(request, network):
    request = {**request, "NetworkMode": network}
    expected = _fill(request)
    if expected["NetworkMode"] == "default":
        expected["NetworkMode"] = "bridge"
    assert list(fill_host_config(request).items()) == list(expected.items())


def test_compact_and_fill_round_trip():
    full = fill_host_config({"NetworkMode": "net0", "Memory": 1 << 20, "Tmpfs": {"/run": ""}})
    assert compact_host_config(full) == {"NetworkMode": "net0", "Memory": 1 << 20, "Tmpfs": {"/run": ""}}
    assert list(fill_host_config(compact_host_config(full)).items()) == list(full.items())
