"""Typed instructions, BuildKit's validation messages, and variable substitution."""
import pytest

from simulator.engine.build.dockerfile import ParseError, parse
from simulator.engine.build.expand import ExpandError, expand_word
from simulator.engine.build.instructions import instructions


def load(text):
    return instructions(parse(text))


def error(text):
    with pytest.raises(ParseError) as err:
        load(text)
    return str(err.value)


def test_stages_meta_args_and_flags():
    df = load("ARG V=3.19\nFROM alpine:$V AS build\nCOPY --chown=1:1 --link a b\n"
              "FROM scratch\nCOPY --from=build /x /x\n")
    assert [a.args for a in df.meta_args] == [["V=3.19"]]
    assert [(s.base, s.name, s.index) for s in df.stages] == [("alpine:$V", "build", 0), ("scratch", "", 1)]
    copy = df.stages[0].instructions[0]
    assert (copy.kind, copy.args, copy.flags) == ("copy", ["a", "b"], {"chown": "1:1", "link": True})
    assert df.stage("build") is df.stages[0] and df.stage("1") is df.stages[1] and df.stage("x") is None


@pytest.mark.parametrize("text, message", [
    ("FROM alpine\nFOO bar\n", "dockerfile parse error on line 2: unknown instruction: FOO"),
    ("FROM alpine\nRUNN x\n", "dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)"),
    ("RUN echo hi\n", "no build stage in current context"),
    ("FROM alpine\nCOPY onlyone\n", "dockerfile parse error on line 2: COPY requires at least two arguments, "
     "but only one was provided. Destination could not be determined"),
    ("FROM alpine\nCOPY --form=x a b\n", "dockerfile parse error on line 2: unknown flag: form"),
    ("FROM alpine as 1st\n", 'dockerfile parse error on line 1: invalid name for build stage: "1st", '
     "name can't start with a number or contain symbols"),
    ("FROM alpine x\n", "dockerfile parse error on line 1: FROM requires either one or three arguments"),
    ("FROM alpine\nWORKDIR\n", "dockerfile parse error on line 2: WORKDIR requires exactly one argument"),
    ("FROM alpine\nSHELL sh -c\n", "dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form"),
    ("FROM alpine\nHEALTHCHECK PING x\n", 'dockerfile parse error on line 2: Unknown type "PING" in HEALTHCHECK (try CMD)'),
    ("FROM alpine\nONBUILD FROM x\n", "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger"),
])
def test_validation_messages(text, message):
    assert error(text) == message


@pytest.mark.parametrize("word, expected", [
    ("$A/x", "1/x"), ("${A}b", "1b"), ("${NOPE:-dflt}", "dflt"), ("${E:-dflt}", "dflt"),
    ("${E-dflt}", ""), ("${A:+alt}", "alt"), ("${NOPE:+alt}", ""), ('"a $A"', "a 1"),
    ("'a $A'", "a $A"), ("\\$A", "$A"), ("${P#/usr}", "/bin"), ("${P%/bin}", "/usr"), ("a\\ b", "a b"),
    ("$", "$"),
])
def test_expand_word(word, expected):
    assert expand_word(word, {"A": "1", "E": "", "P": "/usr/bin"}) == expected


def test_expand_errors():
    with pytest.raises(ExpandError):
        expand_word("${A:?must be set}", {})
    with pytest.raises(ExpandError):
        expand_word('"open', {})
