"""docker build failures: BuildKit's messages, the Dockerfile excerpt box, exit codes."""
import pytest

from build_harness import Lab


@pytest.fixture
def lab():
    return Lab()


def tail(lab, dockerfile, flags="-t x"):
    lab.dockerfile(dockerfile)
    out, code = lab.build(flags)
    assert code == 1
    return out[out.rfind("\n#"):].split("\n", 2)[-1] if "#" in out else out


def test_unknown_instruction(lab):
    assert tail(lab, "FROM alpine\nFOO bar\n").endswith(
        "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> FOO bar\n   3 |     \n"
        "--------------------\nERROR: failed to build: failed to solve: dockerfile parse error on line 2: "
        "unknown instruction: FOO\n")


def test_excerpt_shows_context_around_the_line(lab):
    out = tail(lab, "FROM alpine\nRUN a\nRUN b\nRUN c\nRUN d\nENV X\nRUN e\nRUN f\nRUN g\nRUN h\n")
    assert "Dockerfile:6\n--------------------\n   4 |     RUN c\n   5 |     RUN d\n   6 | >>> ENV X\n" \
           "   7 |     RUN e\n   8 |     RUN f\n--------------------\n" in out
    assert out.endswith("ERROR: failed to build: failed to solve: ENV must have two arguments\n")


def test_missing_copy_source(lab):
    out = tail(lab, "FROM alpine\nCOPY yarn.lock /\n")
    last = out.splitlines()[-1]
    assert last.startswith("ERROR: failed to build: failed to solve: failed to compute cache key: "
                           "failed to calculate checksum of ref ")
    assert last.endswith(': "/yarn.lock": not found')


def test_failing_run_repeats_its_logs(lab):
    out = tail(lab, "FROM alpine\nRUN apk add --no-cache curl\nRUN apk add nosuchpkg\n")
    assert out.endswith(
        "------\n > [3/3] RUN apk add nosuchpkg:\n"
        "0.050 fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/main/x86_64/APKINDEX.tar.gz\n"
        "0.104 fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/community/x86_64/APKINDEX.tar.gz\n"
        "0.158 ERROR: unable to select packages:\n0.212   nosuchpkg (no such package):\n"
        "0.266     required by: world[nosuchpkg]\n------\nDockerfile:3\n--------------------\n"
        "   1 |     FROM alpine\n   2 |     RUN apk add --no-cache curl\n   3 | >>> RUN apk add nosuchpkg\n"
        "   4 |     \n--------------------\n"
        'ERROR: failed to build: failed to solve: process "/bin/sh -c apk add nosuchpkg" did not complete '
        "successfully: exit code: 1\n")


def test_apt_install_before_update(lab):
    out = tail(lab, "FROM debian\nRUN apt-get install -y curl\n")
    assert "E: Unable to locate package curl\n" in out
    assert out.endswith('process "/bin/sh -c apt-get install -y curl" did not complete successfully: exit code: 100\n')


def test_unknown_base_image(lab):
    out = tail(lab, "FROM nosuchimage\n")
    assert out.splitlines()[-1] == (
        "ERROR: failed to build: failed to solve: nosuchimage: failed to resolve source metadata for "
        "docker.io/library/nosuchimage:latest: pull access denied, repository does not exist or may "
        "require authorization: server message: insufficient_scope: authorization failed")
    assert tail(lab, "FROM alpine:nosuch\n").splitlines()[-1] == (
        "ERROR: failed to build: failed to solve: alpine:nosuch: failed to resolve source metadata for "
        "docker.io/library/alpine:nosuch: docker.io/library/alpine:nosuch: not found")


def test_build_loop_ends_at_the_step_budget(lab):
    out = tail(lab, "FROM alpine\nRUN while true; do :; done\n")
    assert "sh: command stopped: too many steps (possible infinite loop)" in out


def test_run_in_scratch(lab):
    assert tail(lab, "FROM scratch\nRUN echo hi\n").splitlines()[-1] == (
        'ERROR: failed to build: failed to solve: process "/bin/sh -c echo hi" did not complete '
        "successfully: runc run failed: unable to start container process: error during container init: "
        'exec: "/bin/sh": stat /bin/sh: no such file or directory')


@pytest.mark.parametrize("dockerfile, flags, message", [
    ("FROM alpine\n", "--target nope", 'failed to solve: target stage "nope" could not be found'),
    ("FROM alpine\n", "-t Bad", 'invalid tag "Bad": invalid reference format: repository name '
                                "(library/Bad) must be lowercase"),
    ("FROM alpine\nCOPY a b c\n", "", "failed to solve: When using COPY with more than one source file, "
                                      "the destination must be a directory and end with a /"),
    ("RUN echo\n", "", "failed to solve: no build stage in current context"),
    ("# only a comment\n", "", "failed to solve: file with no instructions"),
    ("", "", "failed to solve: the Dockerfile cannot be empty"),
])
def test_messages(lab, dockerfile, flags, message):
    lab.dockerfile(dockerfile)
    out, code = lab.build(flags)
    assert (out.splitlines()[-1], code) == ("ERROR: failed to build: " + message, 1)


def test_context_and_dockerfile_errors(lab):
    assert lab.out("docker build nosuchdir") == (
        'ERROR: failed to build: unable to prepare context: path "nosuchdir" not found\n', 1)
    assert lab.out("docker build -f nope .") == (
        "ERROR: failed to build: failed to solve: failed to read dockerfile: open nope: no such file or "
        "directory\n", 1)


def test_huge_context_is_refused(lab):
    for n in range(5001):
        lab.fs.write(f"/root/app/f{n}", "")
    lab.dockerfile("FROM alpine\n")
    assert lab.build() == ("ERROR: failed to build: unable to prepare context: build context too large: "
                           "more than 5000 files\n", 1)


def test_dockerfile_from_stdin(lab):
    lab.fs.write("/root/df", "FROM alpine\nCMD [\"true\"]\n")
    out, code = lab.out("docker build -q - < /root/df")
    assert (out.startswith("sha256:"), code) == (True, 0)


def test_package_managers_need_root(lab):
    out = tail(lab, "FROM debian\nUSER nobody\nRUN apt-get update\n")
    assert "E: Unable to lock directory /var/lib/apt/lists/\n" in out and out.endswith("exit code: 100\n")
    out = tail(lab, "FROM alpine\nUSER nobody\nRUN apk add curl\n")
    assert "ERROR: Unable to lock database: Permission denied\n" in out and out.endswith("exit code: 99\n")


def test_copy_flag_errors(lab):
    assert tail(lab, "FROM alpine\nCOPY --chmod=999 Dockerfile /x\n").splitlines()[-1] == (
        "ERROR: failed to build: failed to solve: invalid chmod parameter: 999")
    out = tail(lab, "FROM alpine\nCOPY --chown=nosuch Dockerfile /x\n")
    assert "#6 ERROR: unable to convert uid/gid chown string to host mapping" in lab.build()[0]
    assert out.splitlines()[-1].endswith("can't find uid for user nosuch: no such user: nosuch")


def test_expose_errors(lab):
    assert tail(lab, "FROM alpine\nEXPOSE abc\n").splitlines()[-1] == (
        "ERROR: failed to build: failed to solve: invalid containerPort: abc")
    assert tail(lab, "FROM alpine\nEXPOSE 80/xyz\n").splitlines()[-1] == (
        "ERROR: failed to build: failed to solve: invalid proto: xyz")
