"""Built and committed layers shared by every session of the process.

A session loaded from JSON holds its built layers as dicts; making fs Layers of them again on
every load was most of the cost of a load. A committed Layer is immutable, so sessions holding
the same content can share one object. The diff id leaves mtimes out, so a layer is shared only
when its whole saved dict (mtimes included) is equal. The least recently used layers are
forgotten past a count and a byte budget, so hostile builds cannot fill the process."""
import threading
from collections import OrderedDict

from ..fs import Layer

MAX_LAYERS = 1024
MAX_BYTES = 32 * 1024 * 1024        # file data held by the shared layers together

_layers = OrderedDict()             # diff id -> (saved dict, Layer)
_held = 0
_lock = threading.Lock()


def load(diff_id, data):
    """The committed Layer of a saved layer dict, shared when the same content was seen."""
    with _lock:
        hit = _layers.get(diff_id)
        if hit is not None and hit[0] == data:
            _layers.move_to_end(diff_id)
            return hit[1]
    layer = Layer.from_dict(data)
    keep(diff_id, data, layer)
    return layer


def keep(diff_id, data, layer):
    """Share a committed layer whose saved dict is `data`."""
    global _held
    with _lock:
        old = _layers.pop(diff_id, None)
        if old is not None:
            _held -= old[1].stored
        _layers[diff_id] = (data, layer)
        _held += layer.stored
        while len(_layers) > MAX_LAYERS or (_held > MAX_BYTES and len(_layers) > 1):
            _, (_, dropped) = _layers.popitem(last=False)
            _held -= dropped.stored
