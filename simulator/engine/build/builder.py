"""The builder: runs a Dockerfile's stages over layered filesystems with BuildKit's cache
rules, registers the image, and reports what it did as progress vertices
(cli/format/build_progress.py renders them as BuildKit or the legacy builder would).

Every step's cache key is chained from its parent's: FROM is keyed by the base image, COPY/ADD
by the content checksum of their sources, RUN by its command line and the ENV/ARG in scope,
WORKDIR by its path. The first miss therefore misses every step after it."""
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ... import catalog
from ...fs import FileSystem
from .. import reference
from ..errors import DockerError
from ..state import Image
from .cache import BuildCache, cache_id
from .context import BuildContext
from .copying import (CopyError, Missing, context_fs, copy, fs_context, single, source_checksum,
                      sources, unpack)
from .dockerfile import HEREDOC, ParseError, parse
from .expand import ExpandError, expand_word
from .instructions import instructions
from .internet import FetchError, fetch
from .metadata import apply_metadata, history_text, legacy_created_by, lint
from .mounts import MountError, parse as parse_mount
from .run import DEFAULT_PATH, heredoc_script, run

COMMENT = "buildkit.dockerfile.v0"
STEP_KINDS = ("run", "copy", "add", "workdir")
PROXY_ARGS = {"HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy",
              "https_proxy", "ftp_proxy", "no_proxy", "all_proxy"}


def rfc3339(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def digest(*parts):
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class BuildRequest:
    dockerfile: str                      # the Dockerfile's text
    context: BuildContext = None         # None for `docker build - < Dockerfile`
    dockerfile_name: str = "Dockerfile"  # as the student named it (messages, excerpt box)
    tags: list = field(default_factory=list)
    build_args: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    target: str = ""
    no_cache: bool = False
    pull: bool = False
    legacy: bool = False                 # DOCKER_BUILDKIT=0


@dataclass
class Vertex:
    """One line of BuildKit's progress: `name`, then statuses, logs and how it ended."""
    name: str
    duration: float = 0.0
    cached: bool = False
    statuses: list = field(default_factory=list)    # [text, seconds or None]
    logs: list = field(default_factory=list)        # [elapsed seconds, line]
    error: str = ""


class BuildFailed(Exception):
    """`failed to solve: <message>`; `lines` locate it in the Dockerfile, `vertex` names the
    step whose logs BuildKit repeats."""

    def __init__(self, message, lines=None, vertex=None, solve=True):
        super().__init__(message)
        self.message, self.lines, self.vertex, self.solve = message, lines, vertex, solve


@dataclass
class LegacyStep:
    """One `Step N/M` of the legacy builder's output."""
    text: str                    # the instruction as written
    result: str                  # 12-hex id the step printed (` ---> <id>`)
    cached: bool = False
    container: str = ""          # the intermediate container, when the step ran
    logs: list = field(default_factory=list)
    error: str = ""
    pulled: list = field(default_factory=list)   # a FROM's pull stream, when it pulled its image


@dataclass
class BuildResult:
    vertices: list
    image: Image = None
    error: BuildFailed = None
    warnings: list = field(default_factory=list)
    names: list = field(default_factory=list)       # canonical names the image was tagged with
    dockerfile: str = ""
    dockerfile_name: str = "Dockerfile"
    duration: float = 0.0
    steps: list = field(default_factory=list)       # LegacyStep per instruction, FROM included


@dataclass
class StageState:
    config: dict
    layers: list                 # diff ids, base first
    history: list
    key: str
    args: dict = field(default_factory=dict)
    cmd_set: bool = False
    author: str = ""

    def copy(self):
        return StageState(json.loads(json.dumps(self.config)), list(self.layers),
                          [dict(h) for h in self.history], self.key, dict(self.args), False,
                          self.author)


class Builder:
    def __init__(self, engine):
        self.engine = engine
        self.cache = BuildCache(engine)

    def to_dict(self):
        return {"cache": self.cache.to_dict()}

    def load(self, data):
        self.cache.load((data or {}).get("cache"))

    def build(self, request):
        return Build(self, request).run()


class Build:
    """One `docker build`."""

    def __init__(self, builder, request):
        self.builder, self.engine, self.request = builder, builder.engine, request
        self.cache = builder.cache
        self.vertices = []
        self.elapsed = 0.0
        self.stages = {}            # stage index -> StageState
        self.built = False          # whether any step ran (rather than came from the cache)
        self.shown = set()          # base images whose FROM step is shown
        self.result = BuildResult([], dockerfile=request.dockerfile,
                                  dockerfile_name=request.dockerfile_name)

    # --- progress ---------------------------------------------------------------------------
    def vertex(self, name, duration=0.0, **kw):
        v = Vertex(name, duration, **kw)
        self.vertices.append(v)
        self.elapsed += duration
        return v

    # --- the build ----------------------------------------------------------------------------
    def run(self):
        request = self.request
        size = len(request.dockerfile.encode())
        self.vertex(f"[internal] load build definition from {posixpath.basename(request.dockerfile_name)}",
                    statuses=[[f"transferring dockerfile: {size}B", None]])
        try:
            self.solve()
        except BuildFailed as failure:
            self.result.error = failure
        self.result.vertices = self.vertices
        self.result.duration = self.elapsed
        self.engine.clock.advance(self.elapsed)
        return self.result

    def solve(self):
        request = self.request
        if not request.dockerfile:
            raise BuildFailed("the Dockerfile cannot be empty")
        try:
            dockerfile = instructions(parse(request.dockerfile))
        except ParseError as err:
            raise BuildFailed(str(err), (err.line, err.end_line) if err.line else None) from None
        self.dockerfile = dockerfile
        self.result.warnings = lint(dockerfile)
        self.meta = self.meta_args(dockerfile)
        target = dockerfile.stages[-1]
        if request.target:
            target = dockerfile.stage(request.target)
            if target is None:
                raise BuildFailed(f'target stage "{request.target}" could not be found')
        needed = self.needed(target)
        bases, resolved = {}, {}
        for stage in needed:
            base = self.expand(stage.base, self.meta, stage.node)
            if dockerfile.stage(base) is None or dockerfile.stage(base).index >= stage.index:
                if base != "scratch":
                    if base not in resolved:
                        resolved[base] = self.resolve_base(base, stage.node)
                    bases[stage.index] = resolved[base]
        self.vertex("[internal] load .dockerignore", statuses=[
            [f"transferring context: {request.context.ignore_size if request.context else 2}B", None]])
        self.context_loaded = False
        for stage in needed:
            self.build_stage(stage, bases.get(stage.index))
        self.export(self.stages[target.index], target)

    def meta_args(self, dockerfile):
        values = {}
        for instruction in dockerfile.meta_args:
            for word in instruction.args:
                name, eq, default = word.partition("=")
                if name in self.request.build_args:
                    values[name] = self.request.build_args[name]
                elif eq:
                    values[name] = self.expand(default, values, instruction.node)
                else:
                    values.setdefault(name, None)
        return values

    def needed(self, target):
        """The stages the target depends on (FROM <stage>, COPY --from=<stage>), in order."""
        found, todo = set(), [target]
        while todo:
            stage = todo.pop()
            if stage.index in found:
                continue
            found.add(stage.index)
            refs = [self.expand(stage.base, self.meta, stage.node)]
            refs += [i.flags["from"] for i in stage.instructions if i.flags.get("from")]
            for ref in refs:
                other = self.dockerfile.stage(ref)
                if other is not None and other.index < stage.index:
                    todo.append(other)
        return [s for s in self.dockerfile.stages if s.index in found]

    def expand(self, text, env, node):
        undefined = []
        try:
            word = expand_word(text, {k: v for k, v in env.items() if v is not None},
                               self.dockerfile.escape, undefined)
        except ExpandError as err:
            raise BuildFailed(str(err), (node.start_line, node.end_line)) from None
        if node.keyword != "from":
            for name in undefined:
                warning = ("UndefinedVar", f"Usage of undefined variable '${name}'", node.start_line)
                if warning not in self.result.warnings:
                    self.result.warnings.append(warning)
        return word

    # --- base images --------------------------------------------------------------------------
    def resolve_base(self, name, node):
        """A FROM image as a dict (display name, config, layers, history, key, and whether its
        layers are new here): a local image unless --pull, else the catalog (the registry)."""
        lines = (node.start_line, node.end_line)
        try:
            ref = reference.tag_name_only(reference.parse_normalized_named(name))
        except ValueError as err:
            raise BuildFailed(f"failed to parse stage name \"{name}\": {err}", lines) from None
        canonical = str(ref)
        images = self.engine.images
        local = None if self.request.pull else images.get(name)
        pulled = []
        if self.request.legacy and local is None:
            # The legacy builder works in the daemon's image store: its base is pulled there.
            try:
                result = images.pull(name)
            except DockerError as err:
                raise BuildFailed(err.message, lines) from None
            local, pulled = result.image, result.messages
        vertex = self.vertex(f"[internal] load metadata for {canonical}", 0.0 if local else 0.6)
        if local is not None:
            return {"display": canonical, "config": local.config, "layers": list(local.layers),
                    "history": list(local.history), "key": local.id,
                    "fresh": False, "pulled": pulled}
        entry = catalog.lookup(ref.name.removeprefix("docker.io/"), ref.tag, ref.digest or None) \
            if ref.domain == "docker.io" else None
        if entry is None:
            if ref.domain == "docker.io" and catalog.tags(ref.name.removeprefix("docker.io/")):
                cause = f"{canonical}: not found"
            else:
                cause = ("pull access denied, repository does not exist or may require "
                         "authorization: server message: insufficient_scope: authorization failed")
            vertex.error = cause
            raise BuildFailed(f"{name}: failed to resolve source metadata for {canonical}: {cause}",
                              lines, vertex)
        fresh = any(layer.digest not in images.layers for layer in entry.layers)
        return {"display": f"{canonical}@{entry.digest}", "config": entry.config,
                "layers": [images.add_catalog_layer(layer) for layer in entry.layers],
                "history": list(entry.history), "key": entry.id,
                "fresh": fresh, "sizes": [(layer.digest, layer.size) for layer in entry.layers]}

    # --- stages -------------------------------------------------------------------------------
    def label(self, stage, number, total):
        prefix = ""
        if len(self.dockerfile.stages) > 1:
            prefix = (stage.name or f"stage-{stage.index}") + " "
        return f"[{prefix}{number:>{len(str(total))}}/{total}]"

    def build_stage(self, stage, base):
        total = 1 + sum(1 for i in stage.instructions if i.kind in STEP_KINDS)
        base_name = self.expand(stage.base, self.meta, stage.node)
        parent = self.dockerfile.stage(base_name)
        if parent is not None and parent.index < stage.index:
            state = self.stages[parent.index].copy()
        elif base is None:
            state = StageState({"Env": [f"PATH={DEFAULT_PATH}"]}, [], [], digest("scratch"))
        else:
            state = StageState(json.loads(json.dumps(base["config"])), list(base["layers"]),
                               [dict(h) for h in base["history"]], digest("from", base["key"]))
            self.from_vertex(stage, base, total)
        steps = self.result.steps
        steps.append(LegacyStep(stage.node.original.strip(), (base or {}).get("key", state.key)[7:19],
                                pulled=(base or {}).get("pulled", [])))
        state.args = {k: v for k, v in self.request.build_args.items() if k in PROXY_ARGS}
        self.uses_context(stage)
        number, cached = 1, True
        for instruction in self.onbuild(state) + stage.instructions:
            step = LegacyStep(instruction.text, "")
            steps.append(step)
            if instruction.kind in STEP_KINDS:
                number += 1
                try:
                    vertex = self.step(stage, state, instruction, self.label(stage, number, total))
                except BuildFailed as failure:
                    if failure.vertex is not None:
                        step.container = digest("container", state.key, instruction.text)[:12]
                        step.logs, step.error = failure.vertex.logs, failure.message
                    raise
                cached = cached and vertex.cached
                step.logs = vertex.logs
            else:
                self.metadata(state, instruction)
            step.cached, step.result = cached, digest("legacy", state.key, instruction.text)[:12]
            if not cached:
                step.container = digest("container", state.key, str(self.engine.clock.now()))[:12]
        self.stages[stage.index] = state

    def from_vertex(self, stage, base, total):
        """The FROM step, once per base image: BuildKit merges identical sources."""
        if base["display"] in self.shown:
            return
        self.shown.add(base["display"])
        name = f"{self.label(stage, 1, total)} FROM {base['display']}"
        if not base["fresh"]:
            self.vertex(name, cached=True, statuses=[[f"resolve {base['display']}", 0.0]])
            return
        statuses = [[f"resolve {base['display']}", 0.0]]
        duration = 0.0
        for layer_digest, size in base.get("sizes", []):
            seconds = round(0.1 + size / 40_000_000, 1)
            statuses.append([f"{layer_digest} {human(size)} / {human(size)}", seconds])
            duration += seconds
        for layer_digest, size in base.get("sizes", []):
            seconds = round(0.1 + size / 80_000_000, 1)
            statuses.append([f"extracting {layer_digest}", seconds])
            duration += seconds
        self.vertex(name, round(duration, 1), statuses=statuses)

    def uses_context(self, stage):
        if self.context_loaded or self.request.context is None:
            return
        if any(i.kind in ("copy", "add") and not i.flags.get("from") for i in stage.instructions):
            self.context_loaded = True
            self.vertex("[internal] load build context",
                        statuses=[[f"transferring context: {human(self.request.context.size)}", None]])

    def onbuild(self, state):
        """The base image's ONBUILD triggers, run first (and not inherited further)."""
        triggers = state.config.pop("OnBuild", None) or []
        found = []
        for text in triggers:
            try:
                found += instructions(parse("FROM scratch\n" + text + "\n")).stages[0].instructions
            except ParseError as err:
                raise BuildFailed(f"failed to parse onbuild trigger: {err.message}") from None
        return found

    def scope(self, state):
        """The environment a step sees: ENV, then ARGs not shadowed by ENV."""
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in state.config.get("Env") or [])
        args = {k: v for k, v in state.args.items() if v is not None and k not in env}
        return env, args

    def metadata(self, state, instruction):
        env, args = self.scope(state)
        if instruction.kind == "arg":
            for word in instruction.args:
                name, eq, default = word.partition("=")
                if name in self.request.build_args:
                    state.args[name] = self.request.build_args[name]
                elif eq:
                    state.args[name] = self.expand(default, {**args, **env}, instruction.node)
                else:
                    state.args[name] = self.meta.get(name)
        try:
            created_by = apply_metadata(state, instruction, self.expand_for(instruction, env, args))
        except ValueError as err:
            raise BuildFailed(str(err), (instruction.line, instruction.node.end_line)) from None
        self.record(state, instruction, created_by, "", None)

    # --- steps --------------------------------------------------------------------------------
    def step(self, stage, state, instruction, label):
        name = " ".join([label, instruction.kind.upper(), *instruction.text.split(None, 1)[1:]])
        lines = (instruction.line, instruction.node.end_line)
        env, args = self.scope(state)
        runner = getattr(self, "step_" + instruction.kind)
        key_text, work = runner(state, instruction, env, args, lines)
        key = digest(state.key, key_text)
        record = None if self.request.no_cache else self.cache.get(key)
        vertex = self.vertex(name)
        if record is not None:
            vertex.cached = True
            layer, created = record.diff_id, record.created
        else:
            layer, duration = work(vertex)
            self.built = True
            size = self.engine.images.layers[layer].size if layer else 0
            vertex.duration = duration
            self.elapsed += duration
            record = self.cache.put(key, layer, size, name)
            created = record.created
        state.key = key
        if layer:
            state.layers.append(layer)
        declared = {k: v for k, v in args.items() if k not in PROXY_ARGS}
        self.record(state, instruction, history_text(instruction, state, declared),
                    rfc3339(created), layer, key_text)
        return vertex

    def record(self, state, instruction, created_by, created, layer, key_text=""):
        """The step's `docker history` entry, in BuildKit's words or the legacy builder's."""
        if self.request.legacy:
            created_by, comment = legacy_created_by(instruction, created_by, digest(key_text)), ""
        else:
            suffix = " # buildkit" if instruction.kind in ("run", "copy", "add") else ""
            created_by, comment = created_by + suffix, COMMENT
        state.history.append({"created": created, "created_by": created_by,
                              "empty_layer": layer is None, "comment": comment})

    def expand_for(self, instruction, env, args):
        return lambda text: self.expand(text, {**args, **env}, instruction.node)

    def stage_fs(self, state):
        images = self.engine.images
        return FileSystem([images.layer(d) for d in state.layers], clock=self.engine.clock)

    def commit(self, fs):
        """The step's layer id, or None when it changed nothing."""
        layer = fs.commit()
        if not [p for p in layer.entries if p != "/"]:
            return None
        return self.engine.images.add_layer(layer)

    def step_workdir(self, state, instruction, env, args, lines):
        path = self.expand(instruction.args[0], {**args, **env}, instruction.node)
        path = posixpath.normpath(posixpath.join(state.config.get("WorkingDir") or "/", path))
        state.config["WorkingDir"] = path

        def work(vertex):
            fs = self.stage_fs(state)
            if not fs.is_dir(path):
                fs.mkdir(path, parents=True, exist_ok=True)
            return self.commit(fs), 0.0
        return json.dumps(["workdir", path]), work

    def step_run(self, state, instruction, env, args, lines):
        shell = state.config.get("Shell") or ["/bin/sh", "-c"]
        script = instruction.args[0] if instruction.args else ""
        if instruction.heredocs and not instruction.json:
            script = heredoc_script(instruction)
        argv = list(instruction.args) if instruction.json else shell + [script]
        user = state.config.get("User") or ""
        workdir = state.config.get("WorkingDir") or "/"
        mounts, keyed = self.run_mounts(instruction, lines)
        key = json.dumps(["run", argv, sorted(env.items()), sorted(args.items()), user, workdir,
                          keyed, instruction.flags.get("network", "")])

        def work(vertex):
            return self.execute(state, argv, {**args, **env}, user, workdir, vertex, lines, mounts)
        return key, work

    def run_mounts(self, instruction, lines):
        """(target, FileSystem, subpath, readonly) per --mount, and what of them the cache key
        holds: a bind mount's content checksum, a cache mount's id."""
        mounts, keyed = [], []
        for text in instruction.flags.get("mount", []):
            try:
                spec = parse_mount(text)
            except MountError as err:
                raise BuildFailed(str(err), lines) from None
            if spec.type == "bind":
                rel = posixpath.normpath("/" + spec.source).lstrip("/")
                ctx = self.copy_source(instruction, [rel or "."], lines, source=spec.source_from)
                found = [(rel, [rel])] if rel in ctx.entries or not rel else []
                if not found:
                    raise BuildFailed(f"failed to compute cache key: \"/{rel}\": not found", lines)
                keyed.append(["bind", spec.target, source_checksum(ctx, found)])
                mounts.append((spec.target, context_fs(ctx), "/" + rel, spec.readonly))
            elif spec.type == "cache":
                keyed.append(["cache", spec.target, spec.id])
                description = f"mount {spec.target} from exec {' '.join(instruction.args)}"
                mounts.append((spec.target, self.cache.mount(spec.id, description), "/", False))
            else:
                keyed.append([spec.type, spec.target])
                mounts.append((spec.target, FileSystem(clock=self.engine.clock), "/", spec.type != "tmpfs"))
        return mounts, keyed

    def execute(self, state, argv, env, user, workdir, vertex, lines, mounts=()):
        fs = self.stage_fs(state)
        outcome = run(self.engine, fs, argv, env, user, workdir, mounts)
        duration = round(0.1 + 0.02 * len(outcome.lines) + fs.upper.size / 50_000_000, 1)
        vertex.logs = spread(outcome.lines, duration)
        if outcome.code:
            vertex.error = (f'process "{" ".join(argv)}" did not complete successfully: '
                            f'{outcome.failure or f"exit code: {outcome.code}"}')
            vertex.duration = duration
            self.elapsed += duration
            raise BuildFailed(vertex.error, lines, vertex)
        return self.commit(fs), duration

    def step_copy(self, state, instruction, env, args, lines):
        return self.copy_step(state, instruction, env, args, lines)

    def step_add(self, state, instruction, env, args, lines):
        return self.copy_step(state, instruction, env, args, lines, add=True)

    def copy_step(self, state, instruction, env, args, lines, add=False):
        expand = self.expand_for(instruction, env, args)
        words = [expand(a) for a in instruction.args]
        specs, dest = words[:-1], words[-1]
        chown = expand(instruction.flags["chown"]) if instruction.flags.get("chown") else None
        chmod = instruction.flags.get("chmod")
        if chmod is not None and not re.fullmatch(r"[0-7]{1,4}", chmod):
            raise BuildFailed(f"invalid chmod parameter: {chmod}", lines)
        if len(words) > 2 and not dest.endswith("/"):
            raise BuildFailed("When using COPY with more than one source file, the destination "
                              "must be a directory and end with a /", lines)
        pieces = self.heredoc_pieces(instruction, specs)
        specs = [s for s in specs if not HEREDOC.match(s)]
        if add:
            pieces += self.url_pieces([s for s in specs if "://" in s], lines)
            specs = [s for s in specs if "://" not in s]
        if specs:
            ctx = self.copy_source(instruction, specs, lines)
            try:
                found = sources(ctx, specs)
            except Missing as missing:
                ref = cache_id(self.engine.ids.hex64("ref"))
                raise BuildFailed(f"failed to compute cache key: failed to calculate checksum of ref "
                                  f"{ref}::{cache_id(digest(ref))}: \"{missing.source}\": not found",
                                  lines) from None
            pieces += self.archive_pieces(ctx, found) if add else [(ctx, found)]
        workdir = state.config.get("WorkingDir") or "/"
        key = json.dumps(["copy", [source_checksum(ctx, found) for ctx, found in pieces], dest,
                          workdir, chown, chmod])

        def work(vertex):
            fs = self.stage_fs(state)
            try:
                for ctx, found in pieces:
                    copy(fs, ctx, found, dest, workdir, chown, chmod)
            except CopyError as err:
                vertex.error = str(err)
                raise BuildFailed(str(err), lines, vertex) from None
            return self.commit(fs), round(0.1 + fs.upper.size / 100_000_000, 1)
        return key, work

    @staticmethod
    def heredoc_pieces(instruction, specs):
        """`COPY <<EOF /dest`: each heredoc as a one-file context."""
        docs = {d.name: d for d in instruction.heredocs}
        pieces = []
        for spec in specs:
            match = HEREDOC.match(spec)
            name = match.group(3).strip("'\"") if match else None
            if name in docs:
                pieces.append(single(name, docs[name].text().encode(), 0o644))
        return pieces

    def url_pieces(self, urls, lines):
        """`ADD <url>`: the file fetched, named after the URL's last path segment, mode 600."""
        pieces = []
        for url in urls:
            try:
                data = fetch(url)
            except FetchError as err:
                raise BuildFailed(f"failed to load cache key: {err}", lines) from None
            path = url.split("://", 1)[1].split("?", 1)[0].partition("/")[2]
            pieces.append(single(posixpath.basename(path.rstrip("/")) or "index.html", data, 0o600,
                                 self.engine.clock.now()))
        return pieces

    @staticmethod
    def archive_pieces(ctx, found):
        """`ADD app.tar.gz /dest/`: a local archive is unpacked into the destination."""
        pieces = []
        for spec, matches in found:
            plain = []
            for rel in matches:
                archive = unpack(ctx.node(rel))
                if archive is None:
                    plain.append(rel)
                else:
                    pieces.append((archive, [(spec, [""])]))
            pieces.append((ctx, [(spec, plain)]))
        return pieces

    def copy_source(self, instruction, specs, lines, source=None):
        """The files COPY (or a bind mount) reads: the context, or a stage's or image's."""
        source = instruction.flags.get("from") if source is None else source
        if not source:
            if self.request.context is None:
                raise BuildFailed("failed to compute cache key: failed to calculate checksum: "
                                  "no build context: the Dockerfile was read from stdin", lines)
            return self.request.context
        source = self.expand(source, self.meta, instruction.node)
        stage = self.dockerfile.stage(source)
        if stage is not None and stage.index not in self.stages:
            raise BuildFailed(f"circular dependency detected on stage: {source}", lines)
        if stage is not None and stage.index in self.stages:
            state = self.stages[stage.index]
        else:
            base = self.resolve_base(source, instruction.node)
            state = StageState(base["config"], base["layers"], [], "")
        try:
            return fs_context(self.stage_fs(state), specs)
        except CopyError as err:
            raise BuildFailed(str(err), lines) from None

    # --- the image ----------------------------------------------------------------------------
    def export(self, state, target):
        request = self.request
        config = dict(state.config)
        if request.labels:
            config["Labels"] = {**(config.get("Labels") or {}), **request.labels}
        # The newest layer's time, so that a fully cached rebuild gives the same image ID.
        created = max([h["created"] for h in state.history if h["created"]]
                      or [rfc3339(self.engine.clock.now())])
        history = [dict(h, created=h["created"] or created) for h in state.history]
        names = []
        for tag in request.tags:
            ref = reference.tag_name_only(reference.parse_normalized_named(tag))
            names.append(str(ref))
        image = self.engine.images.create(config, state.layers, history, created, tags=request.tags,
                                          author=state.author)
        statuses = [["exporting layers", 0.1 if self.built else None],
                    [f"writing image {image.id}", None]]
        statuses += [[f"naming to {name}", None] for name in names]
        self.vertex("exporting to image", 0.1, statuses=statuses)
        self.result.image, self.result.names = image, names
        self.result.steps[-1].result = image.id[7:19]


def spread(lines, duration):
    """Log lines with the elapsed time BuildKit prefixes them with."""
    n = max(1, len(lines))
    return [[round(0.05 + duration * 0.9 * i / n, 3), line] for i, line in enumerate(lines)]


def human(size):
    """go-units HumanSize (%.4g, decimal units) as BuildKit's progress prints sizes."""
    value, units = float(size), ["B", "kB", "MB", "GB", "TB"]
    unit = 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    return f"{value:.4g}{units[unit]}"
