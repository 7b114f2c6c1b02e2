"""A container's /dev on the Linux runtime is the real one it builds, not the simulated mount."""
from .test_docker import both_runtimes


def test_dev_devices_behave_alike_on_both_runtimes(runtime_root, monkeypatch):
    line = "docker run --rm busybox sh -c 'echo x > /dev/null; cat /dev/null; ls /dev/null /dev/zero /dev/stdout'"
    simulated, linux = both_runtimes(line, runtime_root, monkeypatch)
    assert linux == simulated == ("/dev/null\n/dev/stdout\n/dev/zero\n", 0)
