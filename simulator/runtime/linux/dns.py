"""Docker's embedded DNS for the private bridge network: 127.0.0.11 inside a container on a
user-defined network answers the names (container name, aliases, short ID, hostname) of the
running containers that share one of those networks. The shim serves it on a UDP socket bound
in the container's network namespace. Each container's names are in its directory
(`names.json`), so containers started later by any process are found. Nothing is forwarded (no
route out): other names are NXDOMAIN. Queries are hostile input: anything malformed is
dropped, and at most QUERIES_PER_SECOND are answered."""
import json
import os
import socket
import struct
import time

ADDRESS = "127.0.0.11"
QUERIES_PER_SECOND = 50
TTL = 600
A, IN = 1, 1
NOERROR, NXDOMAIN = 0, 3
NAMES_FILE = "names.json"


def publish(directory, networks):
    """Write the container's names per bridge ({bridge: [names]}, user-defined networks only)."""
    names = {net["bridge"]: [n.lower() for n in net["names"]] for net in networks if net["names"]}
    entries = {net["bridge"]: net["address"].split("/")[0] for net in networks if net["names"]}
    with open(os.path.join(directory, NAMES_FILE), "w") as f:
        json.dump({"names": names, "addresses": entries}, f)
    return bool(names)


class Resolver:
    """Answers the queries arriving on `sock` for the container whose directory is `directory`."""

    def __init__(self, sock, directory):
        self.sock, self.directory = sock, directory
        self.window, self.answered = 0, 0

    def serve(self):
        try:
            query, sender = self.sock.recvfrom(512)
        except OSError:
            return
        if self._over_limit():
            return
        reply = self.reply(query)
        if reply:
            try:
                self.sock.sendto(reply, sender)
            except OSError:
                pass                # the asker has gone

    def _over_limit(self):
        second = int(time.monotonic())
        if second != self.window:
            self.window, self.answered = second, 0
        self.answered += 1
        return self.answered > QUERIES_PER_SECOND

    def reply(self, query):
        """The response to one query, or None for anything that is not a plain question."""
        parsed = _question(query)
        if parsed is None:
            return None
        ident, flags, name, qtype, end = parsed
        addresses = self.lookup(name)
        answers = [struct.pack("!HHHIH4s", 0xC00C, A, IN, TTL, 4, socket.inet_aton(a))
                   for a in addresses if qtype == A]
        rcode = NOERROR if addresses else NXDOMAIN
        header = struct.pack("!HHHHHH", ident, 0x8080 | (flags & 0x0100) | rcode, 1, len(answers), 0, 0)
        return header + query[12:end] + b"".join(answers)

    def lookup(self, name):
        """The addresses of running containers named `name` on the networks this one's names
        are on, in the order their directories sort."""
        own = _names(self.directory)
        if own is None:
            return []
        containers = os.path.dirname(self.directory)
        found = []
        for entry in sorted(os.listdir(containers)):
            other = os.path.join(containers, entry)
            if os.path.exists(os.path.join(other, "status.json")):
                continue            # ended
            data = _names(other)
            for bridge, names in (data or {}).get("names", {}).items():
                if bridge in own["names"] and name in names:
                    found.append(data["addresses"][bridge])
        return list(dict.fromkeys(found))


def _names(directory):
    try:
        with open(os.path.join(directory, NAMES_FILE)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _question(query):
    """(id, flags, lower-case name, qtype, end of the question) of a one-question query."""
    try:
        ident, flags, questions = struct.unpack_from("!HHH", query)
        if flags & 0x8000 or questions != 1:
            return None
        labels, at = [], 12
        while query[at]:
            length = query[at]
            if length > 63 or len(labels) > 127:
                return None
            labels.append(query[at + 1:at + 1 + length].decode("ascii").lower())
            at += 1 + length
        qtype, qclass = struct.unpack_from("!HH", query, at + 1)
        return (ident, flags, ".".join(labels), qtype, at + 5) if qclass == IN else None
    except (struct.error, IndexError, UnicodeDecodeError):
        return None
