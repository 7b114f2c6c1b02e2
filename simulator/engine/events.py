"""The daemon's event log (`docker events`): what happened to which object, and when."""

LIMIT = 256             # events kept (oldest dropped)


class Events:
    def __init__(self, engine):
        self.engine = engine
        self.log = []           # {time, type, action, id, attributes}

    def emit(self, kind, action, object_id, attributes=None):
        self.log.append({"time": self.engine.clock.now(), "type": kind, "action": action,
                         "id": object_id, "attributes": dict(attributes or {})})
        if len(self.log) > LIMIT:
            del self.log[: len(self.log) - LIMIT]

    def to_dict(self):
        return list(self.log)

    def load(self, data):
        self.log = list(data)
