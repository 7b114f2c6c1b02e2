"""The Go text/template subset used by --format: output and errors as Go's."""
from types import SimpleNamespace

import pytest

from simulator.cli.format.gotemplate import Template, TemplateError

DATA = {"Name": "web", "N": 3, "F": 1.5, "Ok": True, "Nil": None, "Empty": [],
        "Config": {"Env": ["A=1", "B=2"], "Labels": {"b": "2", "a": "1"}, "Cmd": None},
        "Networks": {"bridge": {"IPAddress": "172.17.0.2"}}}


def run(source, data=DATA):
    return Template(source).execute(data)


@pytest.mark.parametrize("source, expected", [
    ("{{.Name}} x", "web x"),
    ("{{.}}", "map[Config:map[Cmd:<nil> Env:[A=1 B=2] Labels:map[a:1 b:2]] Empty:[] F:1.5 N:3 "
              "Name:web Networks:map[bridge:map[IPAddress:172.17.0.2]] Nil:<nil> Ok:true]"),
    ("{{.Nope}}", "<no value>"),
    ("{{.Nil}}", "<nil>"),
    ("{{json .Config.Env}}", '["A=1","B=2"]'),
    ("{{json .Nil}}", "null"),
    ("{{.Config.Env | json}}", '["A=1","B=2"]'),
    ('{{index .Config.Labels "a"}}', "1"),
    ("{{index .Config.Env 1}}", "B=2"),
    ('{{(index .Networks "bridge").IPAddress}}', "172.17.0.2"),
    ("{{range .Config.Env}}[{{.}}]{{end}}", "[A=1][B=2]"),
    ("{{range $i, $e := .Config.Env}}{{$i}}={{$e}} {{end}}", "0=A=1 1=B=2 "),
    ("{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}},{{end}}", "a:1,b:2,"),
    ("{{range .Empty}}x{{else}}none{{end}}", "none"),
    ("{{range $k, $v := .Networks}}{{$k}} {{$v.IPAddress}}{{end}}", "bridge 172.17.0.2"),
    ("{{range .Config.Env}}{{$.Name}}{{end}}", "webweb"),
    ('{{if eq .Name "web"}}yes{{else}}no{{end}}', "yes"),
    ("{{if gt .N 5}}big{{else if eq .N 3}}three{{else}}small{{end}}", "three"),
    ("{{if and .Ok .N}}both{{end}}", "both"),
    ("{{or .Nil .Name}}", "web"),
    ("{{not .Ok}}", "false"),
    ('{{if ne .Name "db"}}ne{{end}}{{if lt 1 2}}lt{{end}}', "nelt"),
    ('{{eq .N 1 2 3}}', "true"),
    ("{{with .Config}}{{len .Env}}{{end}}", "2"),
    ("{{with .Nil}}x{{else}}empty{{end}}", "empty"),
    ("{{$x := .N}}{{$x}}", "3"),
    ('{{printf "%s has %d (%v) %q" .Name .N .F .Name}}', 'web has 3 (1.5) "web"'),
    ('{{printf "%-5s|" .Name}}', "web  |"),
    ("{{upper .Name}} {{lower \"AB\"}} {{title \"hello world\"}}", "WEB ab Hello World"),
    ('{{split "a:b:c" ":"}} {{join .Config.Env ","}}', "[a b c] A=1,B=2"),
    ("{{pad .Name 1 2}}|{{truncate .Name 2}}", " web  |we"),
    ("{{println .Name}}", "web\n"),
    ("a {{- .Name -}} b", "awebb"),
    ("{{len .Name}} {{.F}} {{.Ok}} {{1e21}}", "3 1.5 true 1e+21"),
    ("{{`raw \\n`}}", "raw \\n"),
])
def test_output(source, expected):
    assert run(source) == expected


def test_struct_fields_and_methods():
    row = SimpleNamespace(ID="abc", Names=lambda: "web")
    assert run("{{.ID}} {{.Names}}", row) == "abc web"


@pytest.mark.parametrize("source, error", [
    ("{{foo .}}", 'template: :1: function "foo" not defined'),
    ("{{.Name", "template: :1: unclosed action"),
    ("{{if .N}}x", "template: :1: unexpected EOF"),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{$y}}", 'template: :1: undefined variable "$y"'),
    ("{{}}", "template: :1: missing value for command"),
    ("a\n{{nope}}", 'template: :2: function "nope" not defined'),
    ("{{.Name.X}}", 'template: :1:2: executing "" at <.Name.X>: can\'t evaluate field X in type string'),
    ("{{.Missing.X}}", 'template: :1:2: executing "" at <.Missing.X>: nil pointer evaluating interface {}.X'),
    ("{{index .Config.Env 5}}", 'template: :1:2: executing "" at <index .Config.Env 5>: error calling index: '
                                "index out of range: 5"),
    ("{{upper .N}}", 'template: :1:2: executing "" at <upper .N>: error calling upper: '
                     "wrong type for value; expected string; got int"),
    ("{{upper 1 2}}", 'template: :1:2: executing "" at <upper>: wrong number of args for upper: want 1 got 2'),
    ('{{eq .N "x"}}', 'template: :1:2: executing "" at <eq .N "x">: error calling eq: incompatible types for comparison'),
])
def test_errors(source, error):
    with pytest.raises(TemplateError) as caught:
        run(source)
    assert str(caught.value) == error


def test_struct_missing_field_names_the_type():
    row = SimpleNamespace(ID="abc", go_type="*formatter.ContainerContext")
    with pytest.raises(TemplateError) as caught:
        run("{{.Nope}}", row)
    assert str(caught.value) == ('template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope '
                                 "in type *formatter.ContainerContext")


def test_runaway_range_is_bounded():
    with pytest.raises(TemplateError):
        run("{{range 100000000}}{{range 100000000}}x{{end}}{{end}}")
