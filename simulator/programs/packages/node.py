"""A Node.js project as npm and yarn see it: package.json, node_modules, the lock file, and
package.json scripts run through the shell."""
import json
import posixpath

from ...fs import FSError
from . import index, now, place, resolve


class Project:
    def __init__(self, proc, root=None, bin_dir=None):
        """The project in the working directory, or with root=/usr/local/lib the global one
        (`npm install -g`: its programs go to bin_dir)."""
        self.proc, self.fs, self.root = proc, proc.fs, root or proc.cwd
        self.bin_dir = bin_dir or self.path("node_modules/.bin")
        self.catalog = index("npm")

    def path(self, name):
        return posixpath.join(self.root, name)

    def manifest(self):
        """package.json as a dict; None when missing; raises ValueError when not JSON."""
        try:
            text = self.fs.read_text(self.path("package.json"))
        except FSError:
            return None
        return json.loads(text)

    def installed(self):
        try:
            return {n for n in self.fs.listdir(self.path("node_modules")) if not n.startswith(".")}
        except FSError:
            return set()

    @staticmethod
    def wanted(data, named=(), omit_dev=False):
        """Package names to install: dependencies, devDependencies unless omitted, then named."""
        names = list(data.get("dependencies", {}))
        if not omit_dev:
            names += list(data.get("devDependencies", {}))
        return names + [n for n in named if n not in names]

    def install(self, names):
        """Install what `names` need into node_modules (raises Unknown); returns
        (packages added, every package of the tree)."""
        todo = resolve(names, self.catalog, self.installed())
        when = now(self.proc)
        for package in todo:
            folder = self.path(f"node_modules/{package.name}")
            self.fs.mkdir(folder, parents=True, exist_ok=True)
            self.fs.write(f"{folder}/package.json", json.dumps(
                {"name": package.name, "version": package.version}, indent=2) + "\n")
            place(self.fs, f"{folder}/index.js", package.size, now=when)
            for script in package.bin:
                place(self.fs, posixpath.join(self.bin_dir, script), 300, program=script, now=when)
        return todo, resolve(names, self.catalog)

    def save(self, data, named):
        """Record named packages in package.json's dependencies (`^version`)."""
        deps = data.setdefault("dependencies", {})
        for name in named:
            deps[name] = "^" + self.catalog[name].version
        self.fs.write(self.path("package.json"), json.dumps(data, indent=2) + "\n")

    def script(self, data, name):
        script = data.get("scripts", {}).get(name)
        if script is None and name == "start" and self.fs.exists(self.path("server.js")):
            return "node server.js"
        return script

    def run(self, script):
        """Run a script through the machine's shell, node_modules/.bin first on PATH."""
        from ...shell.interp import Shell
        env = dict(self.proc.env)
        env["PATH"] = self.path("node_modules/.bin") + ":" + env.get("PATH", "")
        return Shell(env, self.root, interactive=False).execute(script, self.proc)
