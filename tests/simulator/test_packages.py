"""Package managers over a filesystem: what they print, what they install, how they fail."""
import json

import pytest

import simulator.programs.packages  # noqa: F401  (registers the programs)
from simulator.fs import FileSystem
from simulator.machine import Machine
from simulator.programs.base import REGISTRY, Output, Proc, User

ALPINE_REPOS = ("https://dl-cdn.alpinelinux.org/alpine/v3.22/main\n"
                "https://dl-cdn.alpinelinux.org/alpine/v3.22/community\n")
FETCH = ("fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/main/x86_64/APKINDEX.tar.gz\n"
         "fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/community/x86_64/APKINDEX.tar.gz\n")


class Box:
    """A bare container filesystem with one file set per distribution."""

    def __init__(self, files):
        self.fs = FileSystem()
        for path, text in files.items():
            self.fs.mkdir(path.rsplit("/", 1)[0] or "/", parents=True, exist_ok=True)
            self.fs.write(path, text)
        self.machine = Machine(fs=self.fs, kind="container")

    def run(self, line, cwd="/", env=None, tty=False):
        argv = line.split()
        out = Output(10 ** 7)
        proc = Proc(argv=argv, env=env or {"PATH": "/usr/bin"}, cwd=cwd, fs=self.fs,
                    machine=self.machine, write_out=out.write,
                    write_err=lambda text: out.write(text, "err"), tty=tty)
        code = REGISTRY[argv[0]](proc)
        return out.text(), code


@pytest.fixture
def debian():
    return Box({"/etc/os-release": "ID=debian\nVERSION_CODENAME=bookworm\n"})


@pytest.fixture
def alpine():
    return Box({"/etc/apk/repositories": ALPINE_REPOS, "/etc/alpine-release": "3.22.2\n"})


@pytest.fixture
def node_app():
    box = Box({"/app/package.json": json.dumps({
        "name": "app", "version": "1.0.0", "dependencies": {"express": "^4.18.2"},
        "devDependencies": {"nodemon": "^3.0.0"}})})
    return box


PREAMBLE = "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"


def test_apt_install_before_update_cannot_locate(debian):
    assert debian.run("apt-get install -y curl") == (PREAMBLE + "E: Unable to locate package curl\n", 100)
    assert debian.run("apt-get install -y curl", tty=True)[0].startswith("Reading package lists... Done\n")


def test_apt_update_then_install(debian):
    out, code = debian.run("apt-get update")
    assert code == 0
    assert out.splitlines()[0] == "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]"
    assert out.endswith("Reading package lists...\n")
    out, code = debian.run("apt-get install -y curl")
    assert code == 0
    assert ("The following NEW packages will be installed:\n"
            "  ca-certificates curl libbrotli1 libcurl4 libnghttp2-14 libpsl5 librtmp1\n"
            "  libssh2-1 libssl3 openssl\n"
            "0 upgraded, 10 newly installed, 0 to remove and 0 not upgraded.\n"
            "Need to get 4090 kB of archives.\n"
            "After this operation, 12.3 MB of additional disk space will be used.\n") in out
    assert "Setting up curl (7.88.1-10+deb12u14) ...\n" in out
    assert debian.fs.stat("/usr/bin/curl").program == "curl"
    assert debian.run("apt-get install -y curl") == (
        PREAMBLE + "curl is already the newest version (7.88.1-10+deb12u14).\n"
        "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n", 0)
    assert debian.run("apt-get install -y nosuchpkg") == (PREAMBLE + "E: Unable to locate package nosuchpkg\n", 100)


def test_apt_without_yes_aborts_when_more_is_needed(debian):
    debian.run("apt-get update")
    out, code = debian.run("apt-get install curl")
    assert (out.endswith("Do you want to continue? [Y/n] Abort.\n"), code) == (True, 1)
    assert not debian.fs.exists("/usr/bin/curl")


def test_apt_warns_when_not_a_tty(debian):
    out, code = debian.run("apt update")
    assert out.startswith("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")


def test_apk_add_installs_programs(alpine):
    out, code = alpine.run("apk add --no-cache curl")
    assert code == 0
    assert out.startswith(FETCH + "(1/10) Installing brotli-libs (1.1.0-r2)\n")
    assert out.endswith("(10/10) Installing curl (8.14.1-r2)\nExecuting busybox-1.37.0-r19.trigger\n"
                        "Executing ca-certificates-20250911-r0.trigger\nOK: 13 MiB in 26 packages\n")
    assert alpine.fs.stat("/usr/bin/curl").program == "curl"
    assert not alpine.fs.exists("/var/cache/apk")


def test_apk_without_no_cache_keeps_the_index(alpine):
    alpine.run("apk add jq")
    assert len(alpine.fs.listdir("/var/cache/apk")) == 2
    out, _ = alpine.run("apk add tree")
    assert not out.startswith("fetch")


def test_apk_unknown_package(alpine):
    assert alpine.run("apk add nosuchpkg") == (
        FETCH + "ERROR: unable to select packages:\n  nosuchpkg (no such package):\n"
        "    required by: world[nosuchpkg]\n", 1)


def test_pip_install_and_freeze(debian):
    debian.fs.mkdir("/usr/local/bin", parents=True)
    debian.fs.write("/usr/local/bin/python3", "")
    debian.fs.mkdir("/usr/local/lib/python3.12", parents=True)
    out, code = debian.run("pip install --no-cache-dir requests==2.31.0")
    assert code == 0
    assert out.startswith("Collecting requests==2.31.0\n  Downloading requests-2.31.0-py3-none-any.whl.metadata")
    assert "Collecting urllib3>=2.5.0 (from requests)\n" in out
    assert ("Successfully installed certifi-2025.10.5 charset-normalizer-3.4.4 idna-3.10 "
            "requests-2.31.0 urllib3-2.5.0\nWARNING: Running pip as the 'root' user") in out
    assert debian.run("pip freeze") == ("certifi==2025.10.5\ncharset_normalizer==3.4.4\nidna==3.10\n"
                                        "requests==2.31.0\nurllib3==2.5.0\n", 0)
    assert debian.run("pip install requests")[0].startswith(
        "Requirement already satisfied: requests in /usr/local/lib/python3.12/site-packages (2.31.0)\n")


def test_pip_errors(debian):
    assert debian.run("pip install nosuchpkg") == (
        "ERROR: Could not find a version that satisfies the requirement nosuchpkg (from versions: none)\n"
        "ERROR: No matching distribution found for nosuchpkg\n", 1)
    assert debian.run("pip install -r requirements.txt") == (
        "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'requirements.txt'\n", 1)


def test_pip_refuses_a_distro_managed_python(debian):
    debian.run("apt-get update")
    debian.run("apt-get install -y python3-pip")
    out, code = debian.run("pip3 install flask")
    assert (out.splitlines()[0], code) == ("error: externally-managed-environment", 1)
    assert debian.run("pip3 install --break-system-packages flask")[1] == 0


def test_pip_requirements_file(debian):
    debian.fs.write("/requirements.txt", "flask==3.0.0  # web\n\n")
    out, code = debian.run("pip install -r requirements.txt")
    assert out.startswith("Collecting flask==3.0.0 (from -r requirements.txt (line 1))\n")
    assert "flask-3.0.0" in out and code == 0


def test_npm_install_from_package_json(node_app):
    out, code = node_app.run("npm install", cwd="/app", env={"NODE_VERSION": "16.20.2"})
    assert (out, code) == ("\nadded 52 packages, and audited 53 packages in 2s\n\n6 packages are looking "
                           "for funding\n  run `npm fund` for details\n\nfound 0 vulnerabilities\n"
                           "npm notice \nnpm notice New major version of npm available! 8.19.4 -> 11.6.2\n"
                           "npm notice Changelog: <https://github.com/npm/cli/releases/tag/v11.6.2>\n"
                           "npm notice Run `npm install -g npm@11.6.2` to update!\nnpm notice \n", 0)
    assert node_app.fs.is_dir("/app/node_modules/express")
    assert node_app.fs.stat("/app/node_modules/.bin/nodemon").program == "nodemon"
    assert json.loads(node_app.fs.read_text("/app/package-lock.json"))["lockfileVersion"] == 3


def test_npm_production_skips_dev_dependencies(node_app):
    out, code = node_app.run("npm install --production", cwd="/app", env={"NODE_VERSION": "16.20.2"})
    assert out.startswith("npm WARN config production Use `--omit=dev` instead.\n\nadded 51 packages")
    assert not node_app.fs.exists("/app/node_modules/nodemon")


def test_npm_ci_needs_a_lock_file(node_app):
    out, code = node_app.run("npm ci", cwd="/app", env={"NODE_VERSION": "20.19.5"})
    assert code == 1
    assert out.startswith("npm error code EUSAGE\nnpm error\nnpm error The `npm ci` command can only install")
    node_app.run("npm install", cwd="/app")
    assert node_app.run("npm ci", cwd="/app")[0].startswith("\nadded 52 packages")


def test_npm_unknown_package(node_app):
    out, code = node_app.run("npm install nosuchpkg", cwd="/app", env={"NODE_VERSION": "16.20.2"})
    assert code == 1
    assert out.startswith("npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/nosuchpkg")


def test_npm_missing_script(node_app):
    out, code = node_app.run("npm run build", cwd="/app")
    assert (out.splitlines()[:4], code) == (
        ['npm error Missing script: "build"', "npm error", "npm error To see a list of scripts, run:",
         "npm error   npm run"], 1)


def test_npm_run_runs_the_script_through_the_shell():
    box = Box({"/app/package.json": json.dumps({"name": "app", "version": "1.0.0", "scripts": {
        "build": "echo built > dist.txt && echo done", "fail": "exit 3"}})})
    assert box.run("npm run build", cwd="/app") == ("\n> app@1.0.0 build\n> echo built > dist.txt && echo done\n\ndone\n", 0)
    assert box.fs.read_text("/app/dist.txt") == "built\n"
    out, code = box.run("npm run fail", cwd="/app")
    assert code == 3
    assert out.splitlines()[4:9] == ["npm error Lifecycle script `fail` failed with error:", "npm error code 3",
                                     "npm error path /app", "npm error command failed",
                                     "npm error command sh -c exit 3"]


def test_yarn(node_app):
    out, code = node_app.run("yarn install --frozen-lockfile", cwd="/app")
    assert (out, code) == ("yarn install v1.22.19\nerror Your lockfile needs to be updated, but yarn was run "
                           "with `--frozen-lockfile`.\ninfo Visit https://yarnpkg.com/en/docs/cli/install for "
                           "documentation about this command.\n", 1)
    out, code = node_app.run("yarn", cwd="/app")
    assert (out, code) == ("yarn install v1.22.19\ninfo No lockfile found.\n[1/4] Resolving packages...\n"
                           "[2/4] Fetching packages...\n[3/4] Linking dependencies...\n"
                           "[4/4] Building fresh packages...\nsuccess Saved lockfile.\nDone in 3.08s.\n", 0)
    assert node_app.fs.read_text("/app/yarn.lock").startswith("# THIS IS AN AUTOGENERATED FILE.")
    assert node_app.run("yarn install --frozen-lockfile", cwd="/app") == (
        "yarn install v1.22.19\n[1/4] Resolving packages...\nsuccess Already up-to-date.\nDone in 0.12s.\n", 0)
    out, code = node_app.run("yarn add lodash", cwd="/app")
    assert "success Saved 1 new dependencies.\ninfo Direct dependencies\n└─ lodash@4.17.21\n" in out
    assert node_app.run("yarn build", cwd="/app") == (
        'yarn run v1.22.19\nerror Command "build" not found.\ninfo Visit https://yarnpkg.com/en/docs/cli/run '
        "for documentation about this command.\n", 1)


def test_apt_second_update_and_pinned_versions(debian):
    debian.run("apt-get update")
    assert debian.run("apt-get update") == (
        "Hit:1 http://deb.debian.org/debian bookworm InRelease\n"
        "Hit:2 http://deb.debian.org/debian bookworm-updates InRelease\n"
        "Hit:3 http://deb.debian.org/debian-security bookworm-security InRelease\n"
        "Reading package lists...\n", 0)
    assert debian.run("apt-get install -y tree=9.9") == (PREAMBLE + "E: Version '9.9' for 'tree' was not found\n", 100)
    assert debian.run("apt-get install -y tree=2.1.0-1")[1] == 0


def test_pip_as_a_user_installs_into_home(debian):
    debian.fs.mkdir("/usr/local/bin", parents=True)
    debian.fs.write("/usr/local/bin/python3", "")
    debian.machine.user = User("app", 1000, 1000, "/home/app")
    out, code = debian.run("pip install --no-cache-dir six")
    assert out.startswith("Defaulting to user installation because normal site-packages is not writeable\n")
    assert code == 0 and "WARNING: Running pip as the 'root' user" not in out
    assert debian.fs.is_dir("/home/app/.local/lib/python3.12/site-packages/six")


def test_npm_global_install(node_app):
    out, code = node_app.run("npm install -g nodemon", cwd="/app", env={"NODE_VERSION": "22.12.0"})
    assert out.startswith("\nadded 1 package in 2s\nnpm notice \nnpm notice New major version of npm available! 10.9.3 -> 11.6.2\n")
    assert node_app.fs.stat("/usr/local/bin/nodemon").program == "nodemon"
    assert node_app.fs.is_dir("/usr/local/lib/node_modules/nodemon") and not node_app.fs.exists("/app/node_modules")
