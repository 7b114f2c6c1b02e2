"""The catalog and the image servers: reading the YAML data (once per process), building every
layer's files (once per layer), and in-process answers of nginx (an HTTP GET) and mysqld (a
SELECT) (goals: catalog under 50 ms, one answer under 1 ms median)."""
import statistics

from bench.timing import samples_ms, timed_ms
from simulator.catalog import loader
from simulator.catalog.content import build_layer, file_sets
from simulator.clock import Clock
from simulator.fs import FileSystem
from simulator.fs.nodes import Layer
from simulator.programs.base import SERVICES, Proc, REGISTRY
from simulator.programs.servers.common import ServiceContext

ROUNDS = 200


class Box:
    """A container's machine without an engine: filesystem, clock, environment."""

    def __init__(self, ref):
        repo, _, tag = ref.partition(":")
        self.image = loader.catalog().repos[loader.full_name(repo)]["tags"][tag or "latest"]
        self.fs = FileSystem([layer.build() for layer in self.image.layers], Layer(committed=False))
        self.env = dict(e.split("=", 1) for e in self.image.config["Env"])
        self.clock, self.hostname, self.net = Clock(), "0123456789ab", None

    def start(self, argv, env=None):
        self.env.update(env or {})
        proc = Proc(argv=argv, env=self.env, cwd="/", fs=self.fs, machine=self, write_out=lambda t: None,
                    write_err=lambda t: None, main=True)
        running = REGISTRY[argv[0]](proc)
        return ServiceContext(fs=self.fs, env=self.env, config=running.config, now=self.clock.now), running


def median_and_p99_ms(func):
    samples = sorted(samples_ms(func, ROUNDS))
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main():
    loader.catalog.cache_clear()
    catalog, load_ms = timed_ms(loader.catalog)
    _, sets_ms = timed_ms(file_sets)
    _, build_ms = timed_ms(lambda: [build_layer(layer) for layer in catalog.layers.values()])
    print(f"catalog: {len(catalog.repos)} repositories, {len(catalog.layers)} layers read in {load_ms:.1f} ms (goal < 50 ms); "
          f"file sets {sets_ms:.1f} ms; every layer built in {build_ms:.1f} ms")
    import simulator.programs.servers  # noqa: F401  (registers the servers)
    web_ctx, web = Box("nginx").start(["nginx-entrypoint", "nginx", "-g", "daemon off;"])
    nginx = SERVICES[web.service]
    median, p99 = median_and_p99_ms(lambda: nginx.http(web_ctx, "GET", "/", {"User-Agent": "curl/7.88.1"}, b""))
    print(f"nginx GET /: median {median:.3f} ms, p99 {p99:.3f} ms (goal: median < 1 ms)")
    db_ctx, db = Box("mysql").start(["mysql-entrypoint", "mysqld"], {"MYSQL_ROOT_PASSWORD": "pw",
                                                                      "MYSQL_DATABASE": "shop"})
    mysql = SERVICES[db.service]
    mysql.query(db_ctx, {"password": "pw", "database": "shop", "sql": "CREATE TABLE t (id INT, name TEXT)"})
    mysql.query(db_ctx, {"password": "pw", "database": "shop", "sql": "INSERT INTO t VALUES (1, 'a'), (2, 'b')"})
    median, p99 = median_and_p99_ms(lambda: mysql.query(db_ctx, {"password": "pw", "database": "shop",
                                                         "sql": "SELECT * FROM t WHERE id = 2"}))
    print(f"mysql SELECT: median {median:.3f} ms, p99 {p99:.3f} ms (goal: median < 1 ms)")


if __name__ == "__main__":
    main()
