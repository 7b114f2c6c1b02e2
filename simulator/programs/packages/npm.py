"""npm: install (from package.json or named packages; --production / --omit=dev), ci (needs
package-lock.json), run / start / test (the package.json script, run through sh)."""
import datetime
import json
import posixpath

from ..base import program
from . import Unknown, now
from .node import Project

NPM_FOR_NODE = {"16": "8.19.4", "18": "10.8.2", "20": "10.8.2", "22": "10.9.3"}
LATEST = "11.6.2"
CI_USAGE = """The `npm ci` command can only install with an existing package-lock.json or
npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or
later to generate a package-lock.json file, then try again.

Clean install a project

Usage:
npm ci

Options:
[--install-strategy <hoisted|nested|shallow|linked>] [--legacy-bundling]
[--global-style] [--omit <dev|optional|peer> [--omit <dev|optional|peer> ...]]
[--include <prod|dev|optional|peer> [--include <prod|dev|optional|peer> ...]]
[--strict-peer-deps] [--foreground-scripts] [--ignore-scripts] [--no-audit]
[--no-bin-links] [--no-fund] [--dry-run]
[-w|--workspace <workspace-name> [-w|--workspace <workspace-name> ...]]
[-ws|--workspaces] [--include-workspace-root] [--install-links]

aliases: clean-install, ic, install-clean, isntall-clean

Run "npm help ci" for more info"""


class Npm:
    def __init__(self, proc):
        self.proc = proc
        self.project = Project(proc)
        major = proc.env.get("NODE_VERSION", "20").split(".")[0]
        self.version = NPM_FOR_NODE.get(major, "10.8.2")
        self.prefix = "npm ERR!" if int(self.version.split(".")[0]) < 10 else "npm error"

    def fail(self, lines, code=1):
        """npm's error block, then where its (simulated) debug log went."""
        p = self.prefix
        self.proc.err("".join(f"{p} {line}".rstrip() + "\n" for line in lines.split("\n")))
        stamp = datetime.datetime.fromtimestamp(now(self.proc), datetime.timezone.utc)
        log = f"/root/.npm/_logs/{stamp:%Y-%m-%dT%H_%M_%S}_{stamp.microsecond // 1000:03d}Z-debug-0.log"
        if p == "npm ERR!":
            self.proc.err(f"\n{p} A complete log of this run can be found in:\n{p}     {log}\n")
        else:
            self.proc.err(f"{p} A complete log of this run can be found in: {log}\n")
        return code

    def lock(self, data, packages):
        body = {"name": data.get("name", posixpath.basename(self.project.root)),
                "version": data.get("version", "1.0.0"), "lockfileVersion": 3, "requires": True,
                "packages": {f"node_modules/{p.name}": {"version": p.version} for p in packages}}
        self.project.fs.write(self.project.path("package-lock.json"), json.dumps(body, indent=2) + "\n")

    def report(self, added, total):
        out = self.proc.out
        if added:
            out(f"\nadded {added} package{'s' if added != 1 else ''}, and audited {total + 1} "
                f"packages in 2s\n")
        else:
            out(f"\nup to date, audited {total + 1} package{'s' if total else ''} in 1s\n")
        funding = total // 8
        if funding:
            out(f"\n{funding} package{'s are' if funding > 1 else ' is'} looking for funding\n"
                "  run `npm fund` for details\n")
        out("\nfound 0 vulnerabilities\n")
        self.notice()
        return 0

    def notice(self):
        """The nudge an older npm prints after an install."""
        major = self.version.split(".")[0]
        kind = "major" if major != LATEST.split(".")[0] else "minor"
        self.proc.err(f"npm notice \nnpm notice New {kind} version of npm available! {self.version} -> "
                      f"{LATEST}\nnpm notice Changelog: <https://github.com/npm/cli/releases/tag/v{LATEST}>\n"
                      f"npm notice Run `npm install -g npm@{LATEST}` to update!\nnpm notice \n")

    def install(self, args, clean=False):
        if {"-g", "--global"} & set(args):
            return self.install_global([a for a in args if not a.startswith("-")])
        project = self.project
        try:
            data = project.manifest()
        except ValueError:
            return self.fail(f"code EJSONPARSE\nJSON.parse Invalid package.json: "
                             f"{project.path('package.json')}")
        omit_dev = bool({"--production", "--omit=dev"} & set(args)) \
            or self.proc.env.get("NODE_ENV") == "production"
        if "--production" in args:
            self.proc.err("npm WARN config production Use `--omit=dev` instead.\n")
        named = [a.rsplit("@", 1)[0] if a.rfind("@") > 0 else a for a in args if not a.startswith("-")]
        if clean:
            if not project.fs.exists(project.path("package-lock.json")):
                return self.fail("code EUSAGE\n\n" + CI_USAGE)
            if project.fs.exists(project.path("node_modules")):
                project.fs.rmtree(project.path("node_modules"))
        data = data if data is not None else {}
        try:
            added, every = project.install(project.wanted(data, named, omit_dev))
        except Unknown as exc:
            name = exc.names[0]
            return self.fail(f"code E404\n404 Not Found - GET https://registry.npmjs.org/{name} - "
                             f"Not found\n404\n404  '{name}@*' is not in this registry.\n404\n"
                             "404 Note that you can also install from a\n"
                             "404 tarball, folder, http url, or git url.")
        if named:
            project.save(data, named)
        self.lock(data, every)
        return self.report(len(added), len(every))

    def install_global(self, names):
        project = Project(self.proc, root="/usr/local/lib", bin_dir="/usr/local/bin")
        try:
            added, every = project.install([n.rsplit("@", 1)[0] if n.rfind("@") > 0 else n for n in names])
        except Unknown as exc:
            return self.fail(f"code E404\n404 Not Found - GET https://registry.npmjs.org/{exc.names[0]} - "
                             "Not found")
        self.proc.out(f"\nadded {len(added)} package{'s' if len(added) != 1 else ''} in 2s\n")
        funding = len(every) // 8
        if funding:
            self.proc.out(f"\n{funding} package{'s are' if funding > 1 else ' is'} looking for funding\n"
                          "  run `npm fund` for details\n")
        self.notice()
        return 0

    def run(self, name):
        project = self.project
        try:
            data = project.manifest()
        except ValueError:
            data = None
        if data is None:
            return self.fail(f"code ENOENT\nsyscall open\npath {project.path('package.json')}\n"
                             f"errno -2\nenoent Could not read package.json: Error: ENOENT: no "
                             f"such file or directory, open '{project.path('package.json')}'")
        script = project.script(data, name)
        if script is None:
            return self.fail(f'Missing script: "{name}"\n\nTo see a list of scripts, run:\n  npm run')
        self.proc.out(f"\n> {data.get('name', '')}@{data.get('version', '')} {name}\n> {script}\n\n")
        code = project.run(script)
        if code:
            return self.fail(f"Lifecycle script `{name}` failed with error:\ncode {code}\n"
                             f"path {project.root}\ncommand failed\ncommand sh -c {script}", code)
        return 0


@program("npm")
def npm(proc):
    tool = Npm(proc)
    args = proc.argv[1:]
    command = next((a for a in args if not a.startswith("-")), "")
    rest = args[args.index(command) + 1:] if command else list(args)
    if not command and ({"-v", "--version"} & set(args)):
        proc.out(tool.version + "\n")
        return 0
    if command in ("install", "i", "add"):
        return tool.install(rest)
    if command in ("ci", "clean-install"):
        return tool.install(rest, clean=True)
    if command in ("run", "run-script") and rest:
        return tool.run(rest[0])
    if command in ("start", "test", "stop", "restart"):
        return tool.run(command)
    proc.out("npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\n"
             "npm run <foo>      run the script named <foo>\n\n"
             f"npm@{tool.version} /usr/local/lib/node_modules/npm\n")
    return 1
