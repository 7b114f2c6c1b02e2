"""Whatever a student types, the parsers answer with their own errors, never a crash."""
from hypothesis import given, settings, strategies as st

from simulator.cli.catalog import RUN_FLAGS
from simulator.cli.flags import FlagError, parse
from simulator.cli.format.gotemplate import Template, TemplateError
from simulator.engine.reference import InvalidReference, parse_normalized_named

ARG = st.one_of(st.sampled_from(["-d", "-dp", "--name", "--name=", "-t", "--", "-h", "--help",
                                 "-e", "--rm=false", "-p8080:80", "--cpus", "1.5", "-"]), st.text(max_size=8))
TEMPLATE_PIECES = st.lists(st.sampled_from(["{{", "}}", ".A", ".B", " ", "$x", ":=", "|", "(", ")",
                                            "range", "if", "else", "end", "with", "json", "index",
                                            '"k"', "1", "eq", "-", "printf", "x"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(ARG, max_size=8), st.booleans())
def test_flag_parser_only_raises_flag_errors(argv, interspersed):
    try:
        parse(RUN_FLAGS, argv, interspersed)
    except FlagError as error:
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(TEMPLATE_PIECES)
def test_template_only_raises_template_errors(pieces):
    try:
        Template("".join(pieces)).execute({"A": {"k": [1, 2]}, "B": "b"})
    except TemplateError as error:
        assert str(error).startswith("template")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_reference_parser_only_raises_reference_errors(text):
    try:
        assert str(parse_normalized_named(text))
    except InvalidReference as error:
        assert str(error)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='{}.$()|:=, "\'`\\-+0123456789abexAB_\n', max_size=30))
def test_template_text_only_raises_template_errors(body):
    try:
        Template("{{" + body + "}}").execute({"A": {"k": [1, 2]}, "B": "b"})
    except TemplateError as error:
        assert str(error).startswith("template")
