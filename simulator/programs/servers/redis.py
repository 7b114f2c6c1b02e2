"""redis-server and the official image's entrypoint: startup and shutdown logs, and the commands
lessons use. The keyspace lives in Running.config and is saved to /data/dump.rdb on SAVE and at
shutdown, so a volume on /data keeps it."""
import fnmatch
import json

from ...fs import FSError
from ..base import Running, program, service
from .common import ServiceContext, exec_argv, now, read_text, utc

DUMP = "/data/dump.rdb"


def version(env):
    """REDIS_VERSION, or the version in the image's download URL (.../8.2.3.tar.gz)."""
    if "REDIS_VERSION" in env:
        return env["REDIS_VERSION"]
    archive = env.get("REDIS_DOWNLOAD_URL", "8.2.3.tar.gz").rsplit("/", 1)[-1]
    return archive.removesuffix(".tar.gz").removeprefix("redis-")


def stamp(at, role="M"):
    return f"1:{role} {utc(at, '%d %b %Y %H:%M:%S')}.{int(at % 1 * 1000):03d}"


@program("redis-entrypoint")
def entrypoint(proc):
    argv = proc.argv[1:] or ["redis-server"]
    if argv[0].startswith("-") or argv[0].endswith(".conf"):
        argv = ["redis-server"] + argv
    return exec_argv(proc, argv, proc.argv[0])


@program("redis-server")
def redis_server(proc):
    ver = version(proc.env)
    args = proc.argv[1:]
    if "--version" in args or "-v" in args:
        proc.out(f"Redis server v={ver} sha=00000000:1 malloc=jemalloc-5.3.0 bits=64 build=8e4aa6a3d0b1c6f5\n")
        return 0
    at = now(proc)
    port = 6379
    if "--port" in args[:-1] and args[args.index("--port") + 1].isdigit():
        port = int(args[args.index("--port") + 1])
    if not proc.main:
        proc.out(f"{stamp(at)} # Warning: Could not create server TCP listening socket *:{port}: bind: Address already in use\n"
                 f"{stamp(at)} # Failed listening on port {port} (tcp), aborting.\n")
        return 1
    data = load(proc.fs)
    lines = [f"{stamp(at, 'C')} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
             f"{stamp(at, 'C')} * Redis version={ver}, bits=64, commit=00000000, modified=1, pid=1, just started"]
    if not any(a.endswith(".conf") for a in args):
        lines.append(f"{stamp(at, 'C')} # Warning: no config file specified, using the default config. "
                     "In order to specify a config file use redis-server /path/to/redis.conf")
    lines += [f"{stamp(at)} * monotonic clock: POSIX clock_gettime",
              f"{stamp(at)} * Running mode=standalone, port={port}.",
              f"{stamp(at)} * Server initialized"]
    if data is not None:
        lines += [f"{stamp(at)} * Done loading RDB, keys loaded: {len(data)}, keys expired: 0.",
                  f"{stamp(at)} * DB loaded from disk: 0.000 seconds"]
    lines.append(f"{stamp(at)} * Ready to accept connections tcp")
    proc.out("".join(line + "\n" for line in lines))
    config = {"version": ver, "data": data or {}, "expires": {}}
    return Running(service="redis", ports=[port], config=config, protocol="redis",
                   stop_logs=shutdown_log(at, "SIGTERM"))


def load(fs):
    text = read_text(fs, DUMP, "")
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def shutdown_log(at, signal):
    return (f"1:signal-handler ({int(at)}) Received {signal} scheduling shutdown...\n"
            f"{stamp(at)} * User requested shutdown...\n"
            f"{stamp(at)} * Saving the final RDB snapshot before exiting.\n"
            f"{stamp(at)} * DB saved on disk\n"
            f"{stamp(at)} # Redis is now ready to exit, bye bye...\n")


# --- commands -------------------------------------------------------------------------------------
# A request is the command as a list of words; a reply is {"type": status|error|integer|bulk|array,
# "value": ...} (a nil bulk has value None).

def reply(kind, value=None):
    return {"type": kind, "value": value}


OK = reply("status", "OK")
WRONGTYPE = reply("error", "WRONGTYPE Operation against a key holding the wrong kind of value")
NOT_INTEGER = reply("error", "ERR value is not an integer or out of range")
ARITY = {"PING": (1, 2), "ECHO": (2, 2), "SET": (3, 5), "GET": (2, 2), "DEL": (2, None),
         "EXISTS": (2, None), "INCR": (2, 2), "DECR": (2, 2), "INCRBY": (3, 3), "KEYS": (2, 2),
         "EXPIRE": (3, 3), "TTL": (2, 2), "FLUSHALL": (1, 2), "FLUSHDB": (1, 2), "DBSIZE": (1, 1),
         "SAVE": (1, 1), "LPUSH": (3, None), "RPUSH": (3, None), "LRANGE": (4, 4), "LLEN": (2, 2),
         "HSET": (4, None), "HGET": (3, 3), "HGETALL": (2, 2), "APPEND": (3, 3), "MSET": (3, None),
         "MGET": (2, None), "TYPE": (2, 2), "SELECT": (2, 2), "INFO": (1, 2), "AUTH": (2, 3)}


@service("redis")
class RedisService:
    @staticmethod
    def query(ctx: ServiceContext, words):
        if not words:
            return reply("error", "ERR empty command")
        name = str(words[0]).upper()
        if name not in ARITY:
            args = "".join(f"'{w}' " for w in words[1:])
            return reply("error", f"ERR unknown command '{words[0]}', with args beginning with: {args}")
        low, high = ARITY[name]
        if len(words) < low or (high is not None and len(words) > high):
            return reply("error", f"ERR wrong number of arguments for '{name.lower()}' command")
        store = Keyspace(ctx)
        return getattr(store, "delete" if name == "DEL" else name.lower())(*words[1:])

    @staticmethod
    def stop(ctx, signal):
        save(ctx)
        return shutdown_log(ctx.now(), signal)


def save(ctx):
    try:
        ctx.fs.write(DUMP, json.dumps(ctx.config["data"]).encode())
    except FSError:
        pass            # a read-only /data: redis logs the failure and exits anyway


class Keyspace:
    """The commands, over ctx.config["data"] (key -> str | list | dict) and its expiry times."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.data, self.expires = ctx.config.setdefault("data", {}), ctx.config.setdefault("expires", {})
        for key, when in list(self.expires.items()):
            if when <= ctx.now():
                self.data.pop(key, None)
                del self.expires[key]

    def typed(self, key, kind):
        value = self.data.get(key)
        return value if value is None or isinstance(value, kind) else WRONGTYPE

    def ping(self, message=None):
        return reply("status", "PONG") if message is None else reply("bulk", message)

    def echo(self, message):
        return reply("bulk", message)

    def set(self, key, value, *options):
        self.data[key] = str(value)
        self.expires.pop(key, None)
        if len(options) == 2 and options[0].upper() == "EX" and str(options[1]).isdigit():
            self.expires[key] = self.ctx.now() + int(options[1])
        elif options:
            return reply("error", "ERR syntax error")
        return OK

    def get(self, key):
        value = self.typed(key, str)
        return value if value is WRONGTYPE else reply("bulk", value)

    def delete(self, *keys):
        return reply("integer", sum(self.data.pop(k, None) is not None for k in keys))

    def exists(self, *keys):
        return reply("integer", sum(k in self.data for k in keys))

    def incrby(self, key, amount):
        value = self.typed(key, str)
        if value is WRONGTYPE:
            return value
        try:
            number = int(value or 0) + int(amount)
        except ValueError:
            return NOT_INTEGER
        self.data[key] = str(number)
        return reply("integer", number)

    def incr(self, key):
        return self.incrby(key, 1)

    def decr(self, key):
        return self.incrby(key, -1)

    def keys(self, pattern):
        return reply("array", sorted(k for k in self.data if fnmatch.fnmatchcase(k, pattern)))

    def expire(self, key, seconds):
        if key not in self.data:
            return reply("integer", 0)
        if not str(seconds).lstrip("-").isdigit():
            return NOT_INTEGER
        self.expires[key] = self.ctx.now() + int(seconds)
        return reply("integer", 1)

    def ttl(self, key):
        if key not in self.data:
            return reply("integer", -2)
        if key not in self.expires:
            return reply("integer", -1)
        return reply("integer", max(0, round(self.expires[key] - self.ctx.now())))

    def flushall(self, *mode):
        self.data.clear()
        self.expires.clear()
        return OK

    flushdb = flushall

    def dbsize(self):
        return reply("integer", len(self.data))

    def save(self):
        save(self.ctx)
        return OK

    def push(self, key, values, left):
        current = self.typed(key, list)
        if current is WRONGTYPE:
            return current
        current = self.data.setdefault(key, [])
        for value in values:
            current.insert(0, value) if left else current.append(value)
        return reply("integer", len(current))

    def lpush(self, key, *values):
        return self.push(key, values, True)

    def rpush(self, key, *values):
        return self.push(key, values, False)

    def lrange(self, key, start, stop):
        current = self.typed(key, list)
        if current is WRONGTYPE:
            return current
        try:
            start, stop = int(start), int(stop)
        except ValueError:
            return NOT_INTEGER
        items = current or []
        stop = len(items) + stop if stop < 0 else stop
        start = max(0, len(items) + start if start < 0 else start)
        return reply("array", items[start:stop + 1])

    def llen(self, key):
        current = self.typed(key, list)
        return current if current is WRONGTYPE else reply("integer", len(current or []))

    def hset(self, key, *pairs):
        current = self.typed(key, dict)
        if current is WRONGTYPE:
            return current
        if len(pairs) % 2:
            return reply("error", "ERR wrong number of arguments for 'hset' command")
        current = self.data.setdefault(key, {})
        added = 0
        for field, value in zip(pairs[::2], pairs[1::2]):
            added += field not in current
            current[field] = value
        return reply("integer", added)

    def hget(self, key, field):
        current = self.typed(key, dict)
        return current if current is WRONGTYPE else reply("bulk", (current or {}).get(field))

    def hgetall(self, key):
        current = self.typed(key, dict)
        if current is WRONGTYPE:
            return current
        return reply("array", [item for pair in (current or {}).items() for item in pair])

    def append(self, key, value):
        current = self.typed(key, str)
        if current is WRONGTYPE:
            return current
        self.data[key] = (current or "") + value
        return reply("integer", len(self.data[key]))

    def mset(self, *pairs):
        if len(pairs) % 2:
            return reply("error", "ERR wrong number of arguments for 'mset' command")
        for key, value in zip(pairs[::2], pairs[1::2]):
            self.data[key] = value
        return OK

    def mget(self, *keys):
        return reply("array", [v if isinstance(v, str) else None for v in map(self.data.get, keys)])

    def type(self, key):
        kinds = {str: "string", list: "list", dict: "hash"}
        return reply("status", kinds.get(type(self.data.get(key)), "none"))

    def select(self, index):
        if not str(index).isdigit() or int(index) > 15:
            return reply("error", "ERR DB index is out of range")
        return OK

    def info(self, *section):
        ver = self.ctx.config.get("version", "8.2.3")
        return reply("bulk", f"# Server\r\nredis_version:{ver}\r\nredis_mode:standalone\r\nos:Linux 6.8.0-87-generic x86_64\r\n"
                             f"tcp_port:6379\r\n\r\n# Keyspace\r\n"
                             + (f"db0:keys={len(self.data)},expires={len(self.expires)},avg_ttl=0,subexpiry=0\r\n" if self.data else ""))

    def auth(self, *credentials):
        return reply("error", "ERR AUTH <password> called without any password configured for the default user. "
                              "Are you sure your configuration is correct?")
