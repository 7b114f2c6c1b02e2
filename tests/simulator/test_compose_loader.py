"""Compose file loading: lookup, YAML errors, interpolation, validation, naming, config output."""
import pytest
from hypothesis import given, settings, strategies as st
from compose_harness import ACCEPTANCE, host_fs

from simulator.engine.compose import config, yamlgo
from simulator.engine.compose.errors import ComposeError
from simulator.engine.compose.loader import load_project

NOTES_EXAMPLE = """\
version: '3.8' # Specifies the Compose file format version (using a slightly newer common version)

services: # Defines the different containers (services)
  phpapp: # The name of the PHP application service
    build: # Instead of using a pre-built image, build one from a Dockerfile
      context: ./ # Specifies the build context directory (current directory)
      dockerfile: Dockerfile # Specifies the name of the Dockerfile to use
    image: phpapp:123 # Name and tag for the image built by Compose (optional but good practice)
    ports:
      - "8080:80" # Maps port 8080 on the host to port 80 in the phpapp container
    volumes:
      - ".:/var/www/html" # Mounts the current directory (.) on the host
                         # to /var/www/html inside the container (bind mount)
    container_name: myphpapp-app # Explicitly sets the container name
    # depends_on: # Might add this later if phpapp needs db to be ready first
    #  - db

  db: # The name of the database service
    image: mysql:latest # Use the official MySQL image
    restart: always # Always restart the db container if it stops
    environment:
      MYSQL_ROOT_PASSWORD: somepass # Set the root password via environment variable
      MYSQL_DATABASE: somedatabase # Set the database name via environment variable
    container_name: myphpapp-db # Explicitly sets the container name
      volumes:
        - my_vol:/var/lib/.mysql # Add a volume to persist database data

  volumes:
    my_vol:
      name: my-vol
"""

def load(text, name="compose.yaml", env=None, extra=None, **kwargs):
    fs = host_fs({name: text, **(extra or {})})
    return load_project(fs, "/root/app", env or {}, **kwargs)


def error_of(text, **kwargs):
    with pytest.raises(ComposeError) as caught:
        load(text, **kwargs)
    return str(caught.value)


# --- lookup and naming --------------------------------------------------------------------------

def test_no_file_anywhere():
    fs = host_fs({}, cwd="/root/empty")
    with pytest.raises(ComposeError) as caught:
        load_project(fs, "/root/empty", {})
    assert str(caught.value) == "no configuration file provided: not found"


def test_file_found_in_a_parent_directory_names_the_project_after_it():
    fs = host_fs({"/root/app/compose.yaml": "services:\n  web:\n    image: nginx\n"},
              cwd="/root/app/src")
    project, _ = load_project(fs, "/root/app/src", {})
    assert (project.name, project.working_dir) == ("app", "/root/app")


def test_compose_yaml_is_preferred_and_override_is_merged():
    project, _ = load("services:\n  web:\n    image: nginx\n", extra={
        "docker-compose.yml": "services:\n  other:\n    image: redis\n",
        "compose.override.yaml": "services:\n  web:\n    image: nginx:1.27\n"})
    assert list(project.services) == ["web"]
    assert project.services["web"].image == "nginx:1.27"


def test_project_name_precedence_and_normalisation():
    text = "name: fromfile\nservices:\n  web:\n    image: nginx\n"
    assert load(text)[0].name == "fromfile"
    assert load(text, env={"COMPOSE_PROJECT_NAME": "fromenv"})[0].name == "fromenv"
    assert load(text, project_name="flag")[0].name == "flag"
    fs = host_fs({"/root/My App!/compose.yaml": "services:\n  web:\n    image: nginx\n"},
              cwd="/root/My App!")
    assert load_project(fs, "/root/My App!", {})[0].name == "myapp"


def test_invalid_project_name():
    assert error_of("services:\n  web:\n    image: nginx\n", project_name="Bad") == (
        'invalid project name "Bad": must consist only of lowercase alphanumeric characters, '
        "hyphens, and underscores as well as start with a letter or number")


def test_missing_file_given_with_f():
    assert error_of("services: {}\n", files=["other.yaml"]) == (
        "open /root/app/other.yaml: no such file or directory")


def test_several_files_merge_in_order():
    project, _ = load("services:\n  web:\n    image: nginx\n    environment: [A=1, B=2]\n"
                      "    ports: ['80:80']\n",
                      extra={"prod.yaml": "services:\n  web:\n    environment:\n      B: 3\n"
                                          "    ports: ['443:443']\n"},
                      files=["compose.yaml", "prod.yaml"])
    web = project.services["web"]
    assert web.environment == {"A": "1", "B": "3"}
    assert [(p.published, p.target) for p in web.ports] == [("80", 80), ("443", 443)]


# --- YAML errors --------------------------------------------------------------------------------

def test_notes_broken_example_is_refused_like_compose():
    assert error_of(NOTES_EXAMPLE, name="docker-compose.yml") == (
        "failed to parse /root/app/docker-compose.yml: yaml: line 18: did not find expected key")


def test_notes_example_without_its_comments_fails_on_the_misplaced_volumes_line():
    # without a comment after `container_name: myphpapp-db` the plain scalar runs on into the
    # next, deeper line, and its `volumes:` is a mapping value where none may start
    text = "\n".join(line.split(" #")[0].rstrip() for line in NOTES_EXAMPLE.splitlines())
    assert error_of(text + "\n", name="docker-compose.yml") == (
        "failed to parse /root/app/docker-compose.yml: yaml: line 25: mapping values are not "
        "allowed in this context")


@pytest.mark.parametrize("text, message", [
    ("services:\n  web:\n    image: nginx\n    ports: - 80:80\n",
     "yaml: line 4: block sequence entries are not allowed in this context"),
    ("services:\n  web:\n    image: nginx: latest\n",
     "yaml: line 3: mapping values are not allowed in this context"),
    ("services:\n  web:\n    image: nginx\n   ports:\n",
     "yaml: line 1: did not find expected key"),
    ("services:\n\tweb:\n", "yaml: line 2: found character that cannot start any token"),
    ("services:\n  web:\n    image: \"nginx\n", "yaml: line 3: found unexpected end of stream"),
    ("services:\n  web:\n    image: nginx\n    image: redis\n",
     'yaml: unmarshal errors:\n  line 4: mapping key "image" already defined at line 3'),
    ("services:\n  web: *nope\n", "yaml: unknown anchor 'nope' referenced"),
])
def test_yaml_errors_in_go_yaml_words(text, message):
    assert error_of(text) == f"failed to parse /root/app/compose.yaml: {message}"


def test_yaml_scalars_follow_yaml_1_2():
    assert yamlgo.load("a: yes\nb: 22:22\nc: 0777\nd: 1_000\ne: ~\nf: on\ng: 1.5\n") == {
        "a": "yes", "b": "22:22", "c": 511, "d": 1000, "e": None, "f": "on", "g": 1.5}


def test_alias_bomb_is_bounded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, " \
                f"*{prev}, *{prev}, *{prev}, *{prev}]\n"
    with pytest.raises(yamlgo.YamlError) as caught:
        yamlgo.load(bomb)
    assert str(caught.value) == "yaml: document contains excessive aliasing"


# --- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("services:\n  db:\n    image: mysql\n    enviroment:\n      A: b\n",
     "services.db additional properties 'enviroment' not allowed"),
    ("services:\n  web:\n    image: nginx\n    ports: 8080:80\n",
     "services.web.ports must be a array"),
    ("services:\n  web:\n    image: nginx\n    environment: A=b\n",
     "services.web.environment must be a mapping"),
    ("servics:\n  web:\n    image: nginx\n", " additional properties 'servics' not allowed"),
    ("services:\n  web:\n    image: [nginx]\n", "services.web.image must be a string"),
    ("services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: up\n"
     "  db:\n    image: redis\n",
     "services.web.depends_on.db.condition value must be one of 'service_started', "
     "'service_healthy', 'service_completed_successfully'"),
    ("services:\n  web:\n    image: nginx\n    depends_on:\n      db: {}\n",
     "services.web.depends_on.db missing property 'condition'"),
    ("services:\n  web:\n    image: nginx\n    ports:\n      - target: 80\n        host: 1\n",
     "services.web.ports.0 additional properties 'host' not allowed"),
    ("services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [a]\n      every: 1s\n",
     "services.web.healthcheck additional properties 'every' not allowed"),
    ("services:\n  my web:\n    image: nginx\n",
     "services additional properties 'my web' not allowed"),
])
def test_schema_errors_in_compose_go_words(text, message):
    assert error_of(text) == f"validating /root/app/compose.yaml: {message}"


@pytest.mark.parametrize("text, message", [
    ("- a\n- b\n", "top-level object must be a mapping"),
    ("services: [web]\n", "services must be a mapping"),
    ("", "empty compose file"),
    ("services:\n  web:\n    restart: always\n",
     'service "web" has neither an image nor a build context specified: invalid compose project'),
    ("services:\n  web:\n    image: nginx\n    depends_on: [db]\n",
     'service "web" depends on undefined service "db": invalid compose project'),
    ("services:\n  db:\n    image: mysql\n    volumes: ['data:/var/lib/mysql']\n",
     'service "db" refers to undefined volume data: invalid compose project'),
    ("services:\n  web:\n    image: nginx\n    networks: [front]\n",
     'service "web" refers to undefined network front: invalid compose project'),
])
def test_structural_errors(text, message):
    assert error_of(text) == message


def test_version_is_obsolete_warning():
    _, warnings = load("version: '3.8'\nservices:\n  web:\n    image: nginx\n")
    assert warnings == ["/root/app/compose.yaml: the attribute `version` is obsolete, it will be "
                        "ignored, please remove it to avoid potential confusion"]


# --- interpolation ------------------------------------------------------------------------------

def test_interpolation_from_env_and_dotenv():
    project, warnings = load(
        "services:\n  web:\n    image: ${IMAGE:-nginx}:${TAG}\n    environment:\n"
        "      - GREETING=$HELLO and $$HOME\n      - PORT=${PORT-80}\n      - EMPTY=${NOPE}\n",
        env={"HELLO": "hi"}, extra={".env": "# comment\nTAG=1.27\nexport PORT='8080'\n"})
    web = project.services["web"]
    assert web.image == "nginx:1.27"
    assert web.environment == {"GREETING": "hi and $HOME", "PORT": "8080", "EMPTY": ""}
    assert warnings == ['The "NOPE" variable is not set. Defaulting to a blank string.']


def test_shell_environment_wins_over_dotenv():
    project, _ = load("services:\n  web:\n    image: nginx:${TAG}\n",
                      env={"TAG": "shell"}, extra={".env": "TAG=file\n"})
    assert project.services["web"].image == "nginx:shell"


def test_nested_default_and_alternative():
    project, _ = load("services:\n  web:\n    image: ${A:-${B:-busybox}}\n"
                      "    hostname: ${B:+set}x\n")
    assert (project.services["web"].image, project.services["web"].hostname) == ("busybox", "x")


def test_required_variable_missing():
    assert error_of("services:\n  web:\n    image: ${IMAGE:?set IMAGE first}\n") == (
        "error while interpolating services.web.image: required variable IMAGE is missing a "
        "value: set IMAGE first")


def test_invalid_interpolation():
    assert error_of("services:\n  web:\n    image: nginx\n    command: ['echo', '${1}']\n") == (
        "invalid interpolation format for services.web.command.[].\n"
        "You may need to escape any $ with another $.\n${1}")


# --- the normalised model and `config` ----------------------------------------------------------

def test_acceptance_file_normalises_like_compose_config():
    project, _ = load(ACCEPTANCE, name="docker-compose.yml")
    assert config.to_yaml(config.document(project)) == """\
name: app
services:
  db:
    environment:
      MYSQL_DATABASE: somedatabase
      MYSQL_ROOT_PASSWORD: somepass
    image: mysql:latest
    networks:
      default: null
    restart: always
    volumes:
      - type: volume
        source: my_vol
        target: /var/lib/mysql
        volume: {}
  web:
    image: nginx
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: "8080"
        protocol: tcp
networks:
  default:
    name: app_default
volumes:
  my_vol:
    name: my-vol
"""


def test_three_service_app_config():
    project, _ = load("""\
services:
  web:
    image: nginx
    ports: ["8080:80"]
    depends_on: [api]
  api:
    build: ./api
    command: node server.js --port 3000
    environment: [DB_HOST=db]
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16
    volumes: [dbdata:/var/lib/postgresql/data, ./init:/docker-entrypoint-initdb.d:ro]
    healthcheck:
      test: pg_isready -U postgres
      interval: 5s
      retries: 5
volumes:
  dbdata:
""")
    assert project.dependency_order() == ["db", "api", "web"]
    assert config.to_yaml(config.document(project)["services"]["api"]) == """\
build:
  context: /root/app/api
  dockerfile: Dockerfile
command:
  - node
  - server.js
  - --port
  - "3000"
depends_on:
  db:
    condition: service_healthy
    required: true
environment:
  DB_HOST: db
networks:
  default: null
"""
    db = config.document(project)["services"]["db"]
    assert db["healthcheck"] == {"test": ["CMD-SHELL", "pg_isready -U postgres"],
                                 "interval": "5s", "retries": 5}
    assert db["volumes"][1] == {"type": "bind", "source": "/root/app/init",
                                "target": "/docker-entrypoint-initdb.d", "read_only": True,
                                "bind": {"create_host_path": True}}
    assert project.volumes["dbdata"].name == "app_dbdata"


def test_port_forms():
    project, _ = load("services:\n  web:\n    image: nginx\n    ports:\n      - 80\n"
                      "      - 127.0.0.1:8080:8080/udp\n      - 9000-9001:9000-9001\n")
    assert [(p.host_ip, p.published, p.target, p.protocol)
            for p in project.services["web"].ports] == [
        ("", None, 80, "tcp"), ("127.0.0.1", "8080", 8080, "udp"),
        ("", "9000", 9000, "tcp"), ("", "9001", 9001, "tcp")]


def test_a_port_object_without_target_loads_as_compose_go_does():
    project, _ = load("services:\n  web:\n    image: nginx\n    ports:\n      - {}\n      - {published: 8081}\n")
    assert config.to_yaml(config.document(project)["services"]["web"]["ports"]) == (
        "  - mode: ingress\n    protocol: tcp\n  - mode: ingress\n    published: \"8081\"\n    protocol: tcp\n")


def test_config_hash_changes_with_the_service_only():
    a = load("services:\n  web:\n    image: nginx\n  db:\n    image: redis\n")[0]
    b = load("services:\n  web:\n    image: nginx\n  db:\n    image: redis:7\n")[0]
    assert a.services["web"].config_hash() == b.services["web"].config_hash()
    assert a.services["db"].config_hash() != b.services["db"].config_hash()


def test_quoting_in_config_output():
    assert config.to_yaml({"a": ["yes", "22:22", "", "x: y", "- z", "plain text", "a\nb"]}) == (
        'a:\n  - "yes"\n  - "22:22"\n  - ""\n  - \'x: y\'\n  - \'- z\'\n  - plain text\n'
        "  - |-\n    a\n    b\n")


def test_env_file_values_under_environment():
    project, _ = load("services:\n  web:\n    image: nginx\n    env_file: web.env\n"
                      "    environment:\n      B: from-compose\n",
                      extra={"web.env": "A=1\nB=from-file\n# note\nC=\"quoted value\"\n"})
    assert project.services["web"].environment == {"A": "1", "B": "from-compose",
                                                   "C": "quoted value"}


def test_missing_env_file():
    assert error_of("services:\n  web:\n    image: nginx\n    env_file: nope.env\n") == (
        "env file /root/app/nope.env not found: stat /root/app/nope.env: no such file or directory")


def test_bad_dotenv_line():
    assert error_of("services:\n  web:\n    image: nginx\n", extra={".env": "OK=1\nNOT A VAR\n"}) \
        == ('failed to read /root/app/.env: line 2: unexpected character " " in variable name '
            '"NOT A VAR"')


def test_environment_entry_without_value_comes_from_the_shell():
    project, _ = load("services:\n  web:\n    image: nginx\n    environment: [HOME, MISSING]\n",
                      env={"HOME": "/root"})
    assert project.services["web"].environment == {"HOME": "/root"}


def test_dependency_cycle():
    assert error_of("services:\n  a:\n    image: x\n    depends_on: [b]\n"
                    "  b:\n    image: x\n    depends_on: [a]\n") == (
        "dependency cycle detected: a -> b -> a")


def test_hostile_nesting_is_refused_cleanly():
    nested = "${A:-" * 300 + "x" + "}" * 300
    assert error_of(f"services:\n  web:\n    image: {nested}\n").startswith(
        "invalid interpolation format for services.web.image.\n")
    assert error_of("a: " + "[" * 5000 + "]" * 5000 + "\n") == (
        "failed to parse /root/app/compose.yaml: yaml: exceeded max depth of 10000")


def test_profiles_select_services():
    text = ("services:\n  web:\n    image: nginx\n  debug:\n    image: busybox\n"
            "    profiles: [debug]\n  admin:\n    image: busybox\n    profiles: [ops, debug]\n")
    assert list(load(text)[0].services) == ["web"]
    assert list(load(text, profiles=["ops"])[0].services) == ["admin", "web"]
    assert list(load(text, env={"COMPOSE_PROFILES": "debug"})[0].services) == [
        "admin", "debug", "web"]
    assert list(load(text, profiles=["*"])[0].services) == ["admin", "debug", "web"]


def test_stop_signal_and_grace_period():
    project, _ = load("services:\n  web:\n    image: nginx\n    stop_signal: SIGQUIT\n"
                      "    stop_grace_period: 1m30s\n")
    web = config.document(project)["services"]["web"]
    assert (web["stop_signal"], web["stop_grace_period"]) == ("SIGQUIT", "1m30s")


def test_extension_fields_anchors_and_merge_keys():
    project, _ = load("x-common: &common\n  image: busybox\n  environment:\n    TZ: UTC\n"
                      "services:\n  a:\n    <<: *common\n    command: sleep 1\n"
                      "  b:\n    <<: *common\n    x-note: extensions are allowed\n")
    assert [(s.image, s.environment) for s in project.services.values()] == [
        ("busybox", {"TZ": "UTC"}), ("busybox", {"TZ": "UTC"})]


def test_dotenv_doubling_is_bounded():
    lines = ["A0=xxxxxxxxxxxxxxxx"] + [f"A{n}=${{A{n - 1}}}${{A{n - 1}}}" for n in range(1, 40)]
    message = error_of("services:\n  web:\n    image: nginx\n",
                       extra={".env": "\n".join(lines) + "\n"})
    assert message == ('failed to read /root/app/.env: line 18: invalid interpolation in '
                       '"${A16}${A16}"')


YAMLISH = st.text(alphabet=st.sampled_from(list("servic:image- \n\t'\"[]{}$&*!|>#,?%@`~x0123456789")),
                  max_size=200)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_loads_or_fails_in_compose_words(text):
    try:
        load(text)
    except ComposeError as error:
        assert str(error) and "Traceback" not in str(error)


SERVICE_KEYS = ["image", "build", "command", "entrypoint", "environment", "env_file", "ports",
                "volumes", "networks", "depends_on", "restart", "container_name", "working_dir",
                "user", "labels", "healthcheck", "expose", "hostname", "scale", "profiles",
                "stop_grace_period", "stop_signal", "tty", "stdin_open"]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70000)
    | st.text(alphabet=st.sampled_from(list("ab0189:/.-_ $={}~")), max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["test", "context", "condition", "target", "published", "source",
                         "type", "aliases", "interval", "retries", "x"]), inner, max_size=3),
    max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(SERVICE_KEYS), VALUES, max_size=5))
def test_any_service_loads_or_fails_in_compose_words(service):
    import yaml
    try:
        project, _ = load(yaml.safe_dump({"services": {"web": {"image": "x", **service}},
                                          "volumes": {"a": None}}))
    except ComposeError as error:
        assert str(error)
    else:
        config.to_yaml(config.document(project))


@pytest.mark.parametrize("text, message", [
    ("services:\n  web:\n    image: x\n    scale: ab\n",
     'error while interpolating services.web.scale: failed to cast to expected type: '
     'strconv.Atoi: parsing "ab": invalid syntax'),
    ("services:\n  web:\n    image: x\n    ports: [{target: a}]\n",
     'error while interpolating services.web.ports.[].target: failed to cast to expected type: '
     'strconv.Atoi: parsing "a": invalid syntax'),
    ("services:\n  web:\n    image: x\n    tty: maybe\n",
     "error while interpolating services.web.tty: failed to cast to expected type: invalid "
     "boolean: maybe"),
    ("services:\n  web:\n    image: x\n    env_file: [1]\n",
     "validating /root/app/compose.yaml: services.web.env_file.0 must be a string"),
])
def test_typed_keys(text, message):
    assert error_of(text) == message


def test_typed_keys_accept_interpolated_strings():
    project, _ = load("services:\n  web:\n    image: x\n    scale: ${N}\n    tty: 'yes'\n"
                      "    env_file: [{path: missing.env, required: false}]\n", env={"N": "2"})
    web = project.services["web"]
    assert (web.scale, web.tty, web.environment) == (2, True, {})


def test_external_volume_by_its_old_name_form():
    project, _ = load("services:\n  web:\n    image: x\n    volumes: [v:/x]\n"
                      "volumes:\n  v:\n    external:\n      name: real\n")
    assert (project.volumes["v"].name, project.volumes["v"].external) == ("real", True)


def test_expose_entries():
    project, _ = load("services:\n  web:\n    image: x\n    expose: [3000, 4000-4001/udp]\n")
    assert config.document(project)["services"]["web"]["expose"] == ["3000", "4000-4001/udp"]
    assert error_of("services:\n  web:\n    image: x\n    expose: ['']\n") == (
        "invalid containerPort: ")
