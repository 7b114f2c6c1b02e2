"""The Django system check for the optional Linux runtime: when the operator enables it
(SLIPWAY_LINUX_RUNTIME=1), each thing this host lacks is an error naming it."""
from django.core import checks

from simulator.runtime.linux import checks as linux


@checks.register()
def linux_runtime(app_configs, **kwargs):
    if not linux.enabled():
        return []
    return [checks.Error(problem, hint="lessons with `runtime: linux` fall back to the simulated runtime",
                         id="slipway.E001") for problem in linux.problems()]
