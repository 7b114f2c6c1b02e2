"""Which row fields a --format template reads (so a listing builds only those), and parsed
templates shared by text."""
import pytest
from session_harness import Lab

from simulator.cli.commands.container_view import row
from simulator.cli.format.gotemplate import MAX_CACHED_SOURCE, StringMap, Template, TemplateError, parsed
from simulator.cli.format.table import fields, render
from simulator.cli.spec import CliError
from simulator.limits import MAX_OUTPUT, MAX_STEPS

DEFAULT = "table {{.ID}}\t{{.Image}}\t{{.Names}}"


@pytest.mark.parametrize("source, expected", [
    ("{{.ID}}\t{{.Names}}", {"ID", "Names"}),
    ("no fields at all", set()),
    ("{{.Labels.app}} {{.Labels.tier}}", {"Labels"}),
    ("{{if eq .State \"running\"}}{{.ID}}{{else}}{{.Status}}{{end}}", {"State", "ID", "Status"}),
    ('{{printf "%s-%s" (.Names) .ID | upper}}', {"Names", "ID"}),
    ("{{$n := .Names}}{{$n}}", {"Names"}),
    ("{{(index .Networks 0).Name}}", {"Networks"}),
    ("{{json .}}", None),
    ("{{.}}", None),
    ("{{$.ID}}", None),
    ("{{with .Labels}}{{.app}}{{end}}", None),
    ("{{range .Mounts}}{{.Name}}{{end}}", None),
    ("{{if .ID}}{{else if .Names}}{{range .Mounts}}{{end}}{{end}}", None),
])
def test_template_fields(source, expected):
    assert Template(source).fields == expected


@pytest.mark.parametrize("fmt, quiet, expected", [
    ("", False, {"ID", "Image", "Names"}),
    ("table", False, {"ID", "Image", "Names"}),
    ("", True, {"ID"}),
    ("{{.Names}}", True, {"Names"}),
    ("json", False, None),
    ("table {{.Status}}", False, {"Status"}),
])
def test_listing_fields(fmt, quiet, expected):
    assert fields(fmt, DEFAULT, quiet=quiet) == expected


def test_listing_fields_of_a_broken_template_is_docker_error():
    with pytest.raises(CliError) as raised:
        fields("{{.ID", DEFAULT)
    assert str(raised.value) == "template parsing error: template: :1: unclosed action"


def test_a_field_reads_as_through_the_pipeline():
    assert Template("{{.ID}}|{{.ID | print}}|{{.Nope}}").execute({"ID": "abc"}) == "abc|abc|<no value>"
    with pytest.raises(TemplateError) as raised:
        Template("x{{.ID.Short}}").execute({"ID": "abc"})
    assert str(raised.value) == ('template: :1:3: executing "" at <.ID.Short>: '
                                 "can't evaluate field Short in type string")


def test_templates_are_parsed_once_per_text():
    assert parsed("{{.ID}} {{.Names}}") is parsed("{{.ID}} {{.Names}}")
    long = "{{.ID}}" * (MAX_CACHED_SOURCE // 7 + 1)
    assert parsed(long) is not parsed(long)
    assert parsed(long).execute({"ID": "a"}) == "a" * (MAX_CACHED_SOURCE // 7 + 1)
    rows = [{"ID": "a", "Names": "one"}, {"ID": "b", "Names": "two"}]
    assert render(rows, "{{.ID}} {{.Names}}", DEFAULT, {}) == "a one\nb two\n"
    assert render(rows, "", DEFAULT, {"ID": "ID", "Names": "NAMES"}) == (
        "ID                     NAMES\na         <no value>   one\nb         <no value>   two\n")


def test_docker_ps_builds_the_fields_its_format_reads():
    lab = Lab()
    lab.ok("docker pull -q alpine")
    lab.ok("docker run -d --name web -l tier=front alpine sleep 1000")
    web, now = lab.container("web"), lab.engine.clock.now()
    assert row(lab.engine, web, now, fields={"Names", "Labels", "Nope"}) == {"Labels": "tier=front", "Names": "web"}
    assert list(row(lab.engine, web, now)) == sorted(row(lab.engine, web, now))
    assert lab("docker ps --format json") == (
        '{"Command":"\\"sleep 1000\\"","CreatedAt":"2025-11-28 08:00:00 +0000 UTC","ID":"8d03e3f1ef27",'
        '"Image":"alpine","Labels":"tier=front","LocalVolumes":"0","Mounts":"","Names":"web","Networks":"bridge",'
        '"Ports":"","RunningFor":"Less than a second ago","Size":"","State":"running",'
        '"Status":"Up Less than a second"}\n')
    assert lab("docker ps --format '{{.Names}} {{.Size}}'") == "web 0B (virtual 8.31MB)\n"
    assert lab("docker ps --format '{{.Names}} {{.Nope}}'") == "web <no value>\n"


def test_text_and_fields_alone_read_as_any_template():
    assert Template("{{.Config.Labels.a}} {{.Nope}} {{.N}}").execute(
        {"Config": {"Labels": {"a": "1"}}, "N": 3}) == "1 <no value> 3"
    assert Template("[{{.Missing}}]").execute(StringMap()) == "[]"
    with pytest.raises(TemplateError) as raised:
        Template("{{.Name}}").execute(["not", "a", "map"])
    assert str(raised.value) == ('template: :1:2: executing "" at <.Name>: '
                                 "can't evaluate field Name in type []interface {}")
    with pytest.raises(TemplateError) as raised:
        Template("{{.A}}{{.A}}").execute({"A": "x" * (MAX_OUTPUT // 2 + 1)})
    assert str(raised.value) == "template output too large"


def test_text_and_fields_keep_the_step_bound():
    endless = {}
    endless["A"] = endless
    source = "{{.A" + ".A" * MAX_STEPS + "}}"
    assert Template("{{.A}}x{{.B.C}}").flat and not Template(source).flat
    with pytest.raises(TemplateError) as raised:
        Template(source).execute(endless)
    assert str(raised.value) == "template: too many steps"
