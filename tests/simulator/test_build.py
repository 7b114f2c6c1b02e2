"""docker build: instructions, the image they make, and BuildKit's output."""
import pytest

from build_harness import Lab


@pytest.fixture
def lab():
    return Lab()


def test_plain_output_of_a_first_build(lab):
    lab.dockerfile("FROM alpine\nRUN echo hi\nCMD [\"sh\"]\n")
    out, code = lab.build("-t myimg")
    assert code == 0
    image = lab.image("myimg")
    assert out.startswith(
        '#0 building with "default" instance using docker driver\n\n'
        "#1 [internal] load build definition from Dockerfile\n"
        "#1 transferring dockerfile: 35B done\n#1 DONE 0.0s\n\n"
        "#2 [internal] load metadata for docker.io/library/alpine:latest\n#2 DONE 0.6s\n\n"
        "#3 [internal] load .dockerignore\n#3 transferring context: 2B done\n#3 DONE 0.0s\n\n"
        "#4 [1/2] FROM docker.io/library/alpine:latest@sha256:")
    assert "#5 [2/2] RUN echo hi\n#5 0.050 hi\n#5 DONE 0.1s\n\n" in out
    assert out.endswith(
        "#6 exporting to image\n#6 exporting layers 0.1s done\n"
        f"#6 writing image {image.id} done\n"
        "#6 naming to docker.io/library/myimg:latest done\n#6 DONE 0.1s\n")


def test_quiet_prints_the_image_id(lab):
    lab.dockerfile("FROM alpine\nCMD [\"sh\"]\n")
    out, code = lab.out("docker build -q -t q .")
    assert (out, code) == (lab.image("q").id + "\n", 0)


def test_tty_display_redraws_then_settles(lab):
    lab.dockerfile("FROM alpine\nRUN echo hi\n")
    out, code = lab.out("docker build --progress=tty -t t .")
    live, final = out.split("\x1b[12A")
    assert live.splitlines()[0] == "[+] Building 1.2s (4/5)" + " " * 43 + "docker:default"
    assert live.splitlines()[-1] == " => => # hi"
    lines = [line.removesuffix("\x1b[K") for line in final.splitlines()]
    assert lines[0] == "[+] Building 1.3s (6/6) FINISHED" + " " * 34 + "docker:default"
    assert lines[1] == " => [internal] load build definition from Dockerfile" + " " * 24 + "0.0s"
    assert lines[10] == " => [2/2] RUN echo hi" + " " * 55 + "0.1s"
    assert all(len(line) == 80 for line in lines) and code == 0


def test_cache_friendly_node_example(lab):
    lab.write("package.json", '{"name":"app","version":"1.0.0","dependencies":{"express":"^4.18.2"}}\n')
    lab.write("app.js", 'console.log("hello from app")\n')
    lab.dockerfile("FROM node:16-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n"
                   "COPY . .\nEXPOSE 3000\nCMD [ \"node\", \"app.js\" ]\n")
    first, _ = lab.build("-t my-app:v1")
    assert "CACHED" not in first
    lab.write("app.js", 'console.log("changed")\n')
    second, _ = lab.build("-t my-app:v2")
    assert [step for step in lab.steps(second) if "/5]" in step[0]] == [
        ("[1/5] FROM docker.io/library/node:16-alpine@sha256:" + second.split("node:16-alpine@sha256:")[1][:64], "CACHED"),
        ("[2/5] WORKDIR /app", "CACHED"), ("[3/5] COPY package*.json ./", "CACHED"),
        ("[4/5] RUN npm install", "CACHED"), ("[5/5] COPY . .", "DONE")]
    v1, v2 = lab.image("my-app:v1"), lab.image("my-app:v2")
    assert v1.layers[:-1] == v2.layers[:-1] and v1.layers[-1] != v2.layers[-1]
    assert [h["created_by"] for h in v2.history[-6:]] == [
        "WORKDIR /app", "COPY package*.json ./ # buildkit", "RUN /bin/sh -c npm install # buildkit",
        "COPY . . # buildkit", "EXPOSE [3000/tcp]", 'CMD ["node" "app.js"]']
    assert (v2.config["WorkingDir"], v2.config["ExposedPorts"]) == ("/app", {"3000/tcp": {}})


def test_fully_cached_rebuild_gives_the_same_image(lab):
    lab.write("a.txt", "a\n")
    lab.dockerfile("FROM alpine\nCOPY a.txt /\nRUN echo built > /b.txt\n")
    lab.build("-t one")
    out, _ = lab.build("-t two")
    assert lab.image("one").id == lab.image("two").id
    assert [end for _, end in lab.steps(out)[-3:-1]] == ["CACHED", "CACHED"]


def test_copy_is_keyed_by_content_not_mtime(lab):
    lab.write("a.txt", "a\n")
    lab.dockerfile("FROM alpine\nCOPY a.txt /\nRUN echo x\n")
    lab.build()
    lab.session.clock.advance(60)
    lab.run("touch a.txt")
    assert ("[2/3] COPY a.txt /", "CACHED") in lab.steps(lab.build()[0])
    lab.write("a.txt", "b\n")
    assert lab.steps(lab.build()[0])[-3:-1] == [("[2/3] COPY a.txt /", "DONE"), ("[3/3] RUN echo x", "DONE")]


def test_run_is_keyed_by_command_and_env(lab):
    lab.dockerfile("FROM alpine\nENV A=1\nRUN echo one\n")
    lab.build()
    assert ("[2/2] RUN echo one", "CACHED") in lab.steps(lab.build()[0])
    lab.dockerfile("FROM alpine\nENV A=2\nRUN echo one\n")
    assert ("[2/2] RUN echo one", "DONE") in lab.steps(lab.build()[0])
    lab.dockerfile("FROM alpine\nENV A=2\nLABEL x=y\nRUN echo one\n")
    assert ("[2/2] RUN echo one", "CACHED") in lab.steps(lab.build()[0])


def test_arg_change_misses_at_first_use(lab):
    lab.write("f", "f\n")
    lab.dockerfile("FROM alpine\nARG V=1\nCOPY f /f\nRUN echo hello\n")
    lab.build()
    out, _ = lab.build("-t img --build-arg V=2")
    assert lab.steps(out)[-3:-1] == [("[2/3] COPY f /f", "CACHED"), ("[3/3] RUN echo hello", "DONE")]
    assert lab.image().history[-1]["created_by"] == "RUN |1 V=2 /bin/sh -c echo hello # buildkit"


def test_no_cache_rebuilds_everything(lab):
    lab.dockerfile("FROM alpine\nRUN echo x\n")
    lab.build()
    out, _ = lab.build("-t img --no-cache")
    assert ("[2/2] RUN echo x", "DONE") in lab.steps(out)


def test_run_changes_exist_in_the_image_and_its_containers(lab):
    lab.dockerfile("FROM alpine\nRUN apk add --no-cache curl && echo made > /made.txt\n")
    out, code = lab.build()
    assert code == 0
    assert lab.out("docker run --rm img cat /made.txt") == ("made\n", 0)
    assert lab.out("docker run --rm img which curl") == ("/usr/bin/curl\n", 0)
    layer = lab.engine.images.layers[lab.image().layers[-1]]
    assert 2_000_000 < layer.size < 6_000_000


def test_metadata_instructions(lab):
    lab.dockerfile(
        "FROM alpine\nARG WHO=world\nENV GREETING=\"hello $WHO\" OTHER=x\nLABEL maintainer=\"me@example.com\" v=1\n"
        "EXPOSE 80 53/udp\nVOLUME /data\nUSER nobody\nWORKDIR /srv\nWORKDIR app\nSTOPSIGNAL SIGQUIT\n"
        "SHELL [\"/bin/sh\", \"-ec\"]\nHEALTHCHECK --interval=30s --retries=3 CMD wget -q localhost || exit 1\n"
        "ONBUILD RUN echo child\nENTRYPOINT [\"/bin/echo\"]\nCMD echo hi\n")
    out, code = lab.build()
    assert code == 0
    config = lab.image().config
    assert config["Env"][-2:] == ["GREETING=hello world", "OTHER=x"]
    assert config["Labels"] == {"maintainer": "me@example.com", "v": "1"}
    assert config["ExposedPorts"] == {"80/tcp": {}, "53/udp": {}}
    assert (config["Volumes"], config["User"], config["WorkingDir"]) == ({"/data": {}}, "nobody", "/srv/app")
    assert (config["StopSignal"], config["Shell"]) == ("SIGQUIT", ["/bin/sh", "-ec"])
    assert config["Healthcheck"] == {"Test": ["CMD-SHELL", "wget -q localhost || exit 1"],
                                     "Interval": 30_000_000_000, "Retries": 3}
    assert config["OnBuild"] == ["RUN echo child"]
    assert (config["Entrypoint"], config["Cmd"]) == (["/bin/echo"], ["/bin/sh", "-ec", "echo hi"])
    history = [h["created_by"] for h in lab.image().history if h["comment"] == "buildkit.dockerfile.v0"][2:]
    assert history == [
        "ARG WHO=world", "ENV GREETING=hello world OTHER=x", "LABEL maintainer=me@example.com v=1",
        "EXPOSE [53/udp 80/tcp]", "VOLUME [/data]", "USER nobody", "WORKDIR /srv", "WORKDIR /srv/app",
        "STOPSIGNAL SIGQUIT", "SHELL [/bin/sh -ec]",
        "HEALTHCHECK &{[\"CMD-SHELL\" \"wget -q localhost || exit 1\"] \"30s\" \"0s\" \"0s\" \"0s\" '\\x03'}",
        "ONBUILD RUN echo child", 'ENTRYPOINT ["/bin/echo"]', 'CMD ["/bin/sh" "-ec" "echo hi"]']
    assert out.endswith(" 1 warning found (use docker --debug to expand):\n - JSONArgsRecommended: JSON "
                        "arguments recommended for CMD to prevent unintended behavior related to OS "
                        "signals (line 15)\n")


def test_entrypoint_resets_inherited_cmd(lab):
    lab.dockerfile("FROM alpine\nENTRYPOINT [\"echo\"]\n")
    lab.build()
    assert lab.image().config["Cmd"] is None


def test_onbuild_triggers_run_in_the_child(lab):
    lab.dockerfile("FROM alpine\nONBUILD RUN echo child > /child.txt\n")
    lab.build("-t parent")
    lab.dockerfile("FROM parent\n")
    lab.build("-t child")
    assert lab.out("docker run --rm child cat /child.txt") == ("child\n", 0)
    assert "OnBuild" not in lab.image("child").config


def test_copy_rules(lab):
    lab.write("src/a.txt", "a\n")
    lab.write("src/sub/b.txt", "b\n")
    lab.write("one.txt", "1\n")
    lab.write("two.txt", "2\n")
    lab.dockerfile("FROM alpine\nWORKDIR /w\nCOPY src /dir\nCOPY *.txt ./list/\nCOPY one.txt renamed\n"
                   "COPY --chown=nobody:nogroup --chmod=600 one.txt /owned\nCOPY ../../etc/passwd /escape\n")
    out, code = lab.build()
    assert code == 1
    assert 'failed to calculate checksum of ref' in out and '"/etc/passwd": not found' in out
    lab.dockerfile("FROM alpine\nWORKDIR /w\nCOPY src /dir\nCOPY *.txt ./list/\nCOPY one.txt renamed\n"
                   "COPY --chown=nobody:nogroup --chmod=600 one.txt /owned\n")
    assert lab.build()[1] == 0
    assert lab.out("docker run --rm img sh -c 'ls /dir /dir/sub /w/list; cat /w/renamed'") == (
        "/dir:\na.txt\nsub\n\n/dir/sub:\nb.txt\n\n/w/list:\none.txt\ntwo.txt\n1\n", 0)
    fs = lab.engine.images
    owned = [fs.layer(d) for d in lab.image().layers][-1].entries["/owned"]
    assert (owned.uid, owned.gid, owned.mode) == (65534, 65533, 0o600)


def test_dockerignore(lab):
    lab.write("keep.txt", "k\n")
    lab.write("secret.env", "s\n")
    lab.write("logs/a.log", "l\n")
    lab.write("logs/important.log", "i\n")
    lab.write(".dockerignore", "*.env\nlogs/*.log\n!logs/important.log\n")
    lab.dockerfile("FROM alpine\nCOPY . /ctx\n")
    out, _ = lab.build()
    assert "#3 transferring context: 37B done" in out and "#5 transferring context: 65B done" in out
    assert lab.out("docker run --rm img sh -c 'cd /ctx && ls -a . logs'") == (
        ".:\n.\n..\n.dockerignore\nDockerfile\nkeep.txt\nlogs\n\nlogs:\n.\n..\nimportant.log\n", 0)


def test_multi_stage_example_from_the_notes(lab):
    lab.write("package.json", '{"name":"app","version":"1.0.0","scripts":{"build":"mkdir -p dist && '
              'cp app.js dist/app.js"},"dependencies":{"express":"^4.18.2"},"devDependencies":'
              '{"typescript":"^5.0.0"}}\n')
    lab.write("app.js", 'console.log("hello")\n')
    lab.dockerfile("FROM node:16 as builder\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n"
                   "COPY . .\nRUN npm run build\n\nFROM node:16-alpine\nWORKDIR /app\n"
                   "COPY package*.json ./\nRUN npm install --production\n"
                   "COPY --from=builder /app/dist ./dist\nEXPOSE 3000\nCMD [ \"node\", \"dist/app.js\" ]\n")
    out, code = lab.build("-t final")
    assert code == 0
    assert "#11 [builder 6/6] RUN npm run build\n#11 0.050 \n#11 0.095 > app@1.0.0 build\n" in out
    assert "[stage-1 5/5] COPY --from=builder /app/dist ./dist" in out
    lab.build("--target builder -t builder")
    final, builder = lab.image("final"), lab.image("builder")
    assert final.size * 5 < builder.size
    files = lab.files("final")
    assert files.listdir("/app/dist") == ["app.js"] and not files.exists("/app/node_modules/typescript")
    assert lab.files("builder").is_dir("/app/node_modules/typescript")


def test_heredocs(lab):
    lab.dockerfile("FROM alpine\nRUN <<EOF\necho one > /one\necho two >> /one\nEOF\n"
                   "COPY <<-EOT /etc/motd.txt\n\thello\n\tEOT\n")
    assert lab.build()[1] == 0
    assert lab.out("docker run --rm img cat /one /etc/motd.txt") == ("one\ntwo\nhello\n", 0)


def test_legacy_builder(lab):
    lab.dockerfile("FROM alpine\nRUN echo hi\nCMD [\"sh\"]\n")
    out, code = lab.out("DOCKER_BUILDKIT=0 docker build -t old .")
    short = lab.image("old").id[7:19]
    lines = out.splitlines()
    assert lines[:6] == [
        "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.",
        "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0",
        "            environment-variable.", "", "Sending build context to Docker daemon  35B",
        "Step 1/3 : FROM alpine"]
    alpine = lab.image("alpine").id[7:19]
    assert lines[6:11] == ["latest: Pulling from library/alpine", "1e422a237d23: Pull complete",
                           "Digest: sha256:d55d9f35d8f9f45c170fe85f55125e76ba9a85a7e7a0afa53baa9399dc551974",
                           "Status: Downloaded newer image for alpine:latest", f" ---> {alpine}"]
    assert lines[11] == "Step 2/3 : RUN echo hi" and lines[12].startswith(" ---> Running in ")
    assert lines[13] == "hi" and lines[14].startswith(" ---> Removed intermediate container ")
    assert lines[-3:] == [f" ---> {short}", f"Successfully built {short}", "Successfully tagged old:latest"]
    again, _ = lab.out("DOCKER_BUILDKIT=0 docker build -t old .")
    assert " ---> Using cache" in again
    lab.dockerfile("FROM alpine\nRUN exit 3\n")
    out, code = lab.out("DOCKER_BUILDKIT=0 docker build .")
    assert (out.splitlines()[-1], code) == ("The command '/bin/sh -c exit 3' returned a non-zero code: 3", 1)


def test_add_unpacks_local_archives_and_fetches_urls(lab):
    lab.run("mkdir -p pkg/sub && echo one > pkg/one.txt && echo two > pkg/sub/two.txt && "
            "tar czf pkg.tar.gz pkg && rm -r pkg")
    lab.dockerfile("FROM alpine\nADD pkg.tar.gz /opt/\nADD https://example.com/archive.tar.gz /\n"
                   "ADD https://example.com/ /web/\nCOPY pkg.tar.gz /copied/\n")
    assert lab.build()[1] == 0
    files = lab.files()
    assert files.read_text("/opt/pkg/sub/two.txt") == "two\n"
    assert files.listdir("/copied") == ["pkg.tar.gz"]
    assert files.stat("/archive.tar.gz").mode == 0o600
    assert "Example Domain" in files.read_text("/web/index.html")
    lab.dockerfile("FROM alpine\nADD https://nosuch.example/x /\n")
    assert lab.build()[0].splitlines()[-1] == (
        'ERROR: failed to build: failed to solve: failed to load cache key: Get "https://nosuch.example/x": '
        "dial tcp: lookup nosuch.example on 127.0.0.11:53: no such host")


def test_copy_from_an_image_a_stage_index_and_wildcards(lab):
    lab.dockerfile("FROM busybox AS first\nRUN mkdir /out && echo a > /out/a.txt && echo b > /out/b.log\n"
                   "FROM scratch\nCOPY --from=alpine /etc/alpine-release /\nCOPY --from=0 /out/*.txt /txt/\n"
                   "COPY --from=first /out /all\n")
    assert lab.build()[1] == 0
    files = lab.files()
    assert files.read_text("/alpine-release").startswith("3.")
    assert (files.listdir("/txt"), files.listdir("/all")) == (["a.txt"], ["a.txt", "b.log"])
    lab.dockerfile("FROM scratch\nCOPY --from=alpine /nope /\n")
    assert lab.build()[0].splitlines()[-1].endswith('"/nope": not found')


def test_run_mounts(lab):
    lab.write("requirements.txt", "flask==3.0.0\n")
    lab.dockerfile("FROM python:3.12-slim\n"
                   "RUN --mount=type=cache,target=/root/.cache/pip --mount=type=bind,source=requirements.txt,"
                   "target=/tmp/req.txt pip install -r /tmp/req.txt && ls /root/.cache/pip > /seen\n")
    out, code = lab.build()
    assert code == 0, out
    files = lab.files()
    assert files.is_dir("/usr/local/lib/python3.12/site-packages/flask")
    assert not files.exists("/tmp/req.txt") and not files.exists("/root/.cache")
    assert files.read_text("/seen") == "http-v2\n"
    lab.write("requirements.txt", "flask==3.0.1\n")
    assert lab.steps(lab.build()[0])[-2][1] == "DONE"
    lab.dockerfile("FROM alpine\nRUN --mount=type=nfs,target=/x true\n")
    assert lab.build()[0].splitlines()[-1] == 'ERROR: failed to build: failed to solve: unsupported mount type "nfs"'


def test_build_checks(lab):
    lab.dockerfile("from alpine AS Base\nENV DB_PASSWORD=secret PUBLIC_KEY=x\nARG API_TOKEN\nWORKDIR app\n"
                   "MAINTAINER me\nENV OLD style\nCMD echo a\nCMD [\"echo\", \"b\"]\n")
    out, code = lab.build()
    assert out.endswith(
        " 9 warnings found (use docker --debug to expand):\n"
        " - FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 1)\n"
        " - StageNameCasing: Stage name 'Base' should be lowercase (line 1)\n"
        ' - SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD") (line 2)\n'
        ' - SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "API_TOKEN") (line 3)\n'
        ' - WorkdirRelativePath: Relative workdir "app" can have unexpected results if the base image changes (line 4)\n'
        " - MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 5)\n"
        ' - LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format (line 6)\n'
        " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to "
        "OS signals (line 7)\n"
        " - MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage "
        "because only the last one will be used (line 7)\n")


def test_tags_labels_pull_and_quiet_progress(lab):
    lab.dockerfile("FROM alpine\nLABEL a=1\n")
    out, code = lab.out("docker build --progress=quiet -t one -t two:v2 --label b=2 --label a=3 --pull .")
    assert (out, code) == ("", 0)
    image = lab.image("one")
    assert image.repo_tags == ["one:latest", "two:v2"] and image.config["Labels"] == {"a": "3", "b": "2"}
    assert lab.image("alpine") is None


def test_legacy_history(lab):
    lab.write("a.txt", "a\n")
    lab.dockerfile("FROM alpine\nCOPY a.txt /a.txt\nRUN echo hi\nEXPOSE 80\nCMD [\"sh\"]\n")
    lab.out("DOCKER_BUILDKIT=0 docker build -t old .")
    history = [(h["created_by"], h["comment"]) for h in lab.image("old").history[-4:]]
    assert history[1:] == [("/bin/sh -c echo hi", ""), ("/bin/sh -c #(nop)  EXPOSE 80", ""),
                           ('/bin/sh -c #(nop)  CMD ["sh"]', "")]
    assert history[0][0].startswith("/bin/sh -c #(nop) COPY file:") and history[0][0].endswith(" in /a.txt ")


def test_a_base_used_twice_is_resolved_once(lab):
    lab.dockerfile("FROM alpine AS a\nRUN echo a > /a\nFROM alpine\nCOPY --from=a /a /a\n")
    out, code = lab.build()
    assert code == 0 and out.count("load metadata for docker.io/library/alpine:latest") == 1
    assert "[a 1/2] FROM docker.io/library/alpine:latest@sha256:" in out and "[stage-1 1/2] FROM" not in out


def test_undefined_variables_are_warned_about(lab):
    lab.dockerfile("FROM alpine\nARG SET=1\nENV A=$SET B=${NOPE} C=${NOPE2:-fine}\nWORKDIR /$PATH_X\n")
    out, code = lab.build()
    assert code == 0 and out.endswith(
        " 2 warnings found (use docker --debug to expand):\n"
        " - UndefinedVar: Usage of undefined variable '$NOPE' (line 3)\n"
        " - UndefinedVar: Usage of undefined variable '$PATH_X' (line 4)\n")
