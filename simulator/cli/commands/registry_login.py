"""`docker login` / `docker logout`: credentials kept where the CLI keeps them, in
~/.docker/config.json on the host (base64 `user:password`, unencrypted, as without a helper)."""
import base64
import json
import posixpath

from ...engine.errors import DockerError
from ...fs import FSError
from ...terminal import FRAME_KINDS
from ..spec import CliError, handler

HUB = "https://index.docker.io/v1/"
STORED = ("\nWARNING! Your credentials are stored unencrypted in '{path}'.\n"
          "Configure a credential helper to remove this warning. See\n"
          "https://docs.docker.com/go/credential-store/\n\n")


def server_key(server):
    """The config.json key of a registry: Docker Hub's v1 URL, else host[:port]."""
    if not server or server.removeprefix("https://").rstrip("/") in (
            "docker.io", "index.docker.io", "registry-1.docker.io", "index.docker.io/v1"):
        return HUB
    return server.removeprefix("https://").removeprefix("http://").rstrip("/")


def config_path(home):
    return posixpath.join(home, ".docker", "config.json")


def read_config(fs, home):
    try:
        return json.loads(fs.read_text(config_path(home)))
    except (FSError, ValueError):
        return {"auths": {}}


def write_config(fs, home, config):
    fs.mkdir(posixpath.join(home, ".docker"), parents=True, exist_ok=True)
    fs.write(config_path(home), json.dumps(config, indent="\t") + "\n", mode=0o600)


def logged_in_user(fs, home, server=""):
    """Who the client is logged in as on a registry ("" when not)."""
    auth = read_config(fs, home).get("auths", {}).get(server_key(server), {}).get("auth", "")
    try:
        return base64.b64decode(auth).decode().split(":", 1)[0]
    except ValueError:
        return ""


def complete_login(engine, fs, home, server, username, password, out, err):
    """Check the registry answers, store the credentials, say so."""
    key = server_key(server)
    if not username or not password:
        err("Error: Non-null Username Required\n" if not username else
            "Error: Password Required\n")
        return 1
    try:
        engine.registries.login("docker.io" if key == HUB else key)
    except DockerError as error:
        err(f"Error response from daemon: {error.message}\n")
        return 1
    config = read_config(fs, home)
    config.setdefault("auths", {})[key] = {
        "auth": base64.b64encode(f"{username}:{password}".encode()).decode()}
    write_config(fs, home, config)
    err(STORED.format(path=config_path(home)))
    out("Login Succeeded\n")
    return 0


class LoginPrompt:
    """`Username: ` then `Password: `, as `docker login` asks on a terminal."""
    kind = "login"

    def __init__(self, server, home, username=""):
        self.server, self.home, self.username = server, home, username
        self.status = 0

    def prompt(self, engine):
        return ""

    def alive(self, engine):
        return True

    def feed(self, line, io):
        if not self.username:
            self.username = line.strip()
            if self.username:
                io.out("Password: ")
                return False
        self.status = complete_login(io.engine, io.engine.host_fs, self.home, self.server,
                                     self.username, line.strip(), io.out, io.err)
        return True

    def interrupt(self, io):
        self.status = 1
        return True

    def to_dict(self):
        return {"kind": self.kind, "server": self.server, "home": self.home, "username": self.username}

    @classmethod
    def from_dict(cls, data):
        return cls(data["server"], data["home"], data["username"])


FRAME_KINDS[LoginPrompt.kind] = LoginPrompt


@handler("login")
def login(ctx, opts, args):
    proc = ctx.proc
    server = args[0] if args else ""
    home = proc.machine.user.home
    password = opts.password or ""
    if opts.password and opts.password_stdin:
        raise CliError("--password and --password-stdin are mutually exclusive")
    if opts.password_stdin:
        if not opts.username:
            raise CliError("Must provide --username with --password-stdin")
        password = proc.stdin.strip()
    elif opts.password:
        ctx.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    if opts.username and password:
        return complete_login(ctx.engine, proc.fs, home, server, opts.username, password, ctx.out, ctx.err)
    if not ctx.tty:
        raise CliError("Error: Cannot perform an interactive login from a non TTY device")
    if not opts.username and server_key(server) == HUB:
        return web_login(ctx)
    ctx.out("Password: " if opts.username else "Username: ")
    ctx.terminal.push(LoginPrompt(server, home, opts.username or ""))
    return 0


def web_login(ctx):
    """Docker 28 signs in to Docker Hub in a browser with a device code; the lab has none."""
    letters = "".join("BCDFGHJKLMNPQRSTVWXZ"[int(c, 16)] for c in ctx.engine.ids.hex64("device")[:8])
    ctx.out("\nUSING WEB-BASED LOGIN\n\ni Info → To sign in with credentials on the command line, use "
            "'docker login -u <username>'\n         \n\n"
            f"Your one-time device confirmation code is: {letters[:4]}-{letters[4:]}\n"
            "Press ENTER to open your browser or submit your device code here: "
            "https://login.docker.com/activate\n\nWaiting for authentication in the browser…\n")
    raise CliError("Error: this lab has no web browser to sign in with: use 'docker login -u <username>'")


@handler("logout")
def logout(ctx, opts, args):
    proc = ctx.proc
    key = server_key(args[0] if args else "")
    home = proc.machine.user.home
    config = read_config(proc.fs, home)
    if key not in config.get("auths", {}):
        ctx.out(f"Not logged in to {key}\n")
        return 0
    ctx.out(f"Removing login credentials for {key}\n")
    del config["auths"][key]
    write_config(proc.fs, home, config)
    return 0
