"""Whatever a student writes, the parser and the build answer in BuildKit's words."""
from hypothesis import given, settings, strategies as st

from build_harness import Lab
from simulator.engine.build.dockerfile import ParseError, parse
from simulator.engine.build.expand import ExpandError, expand_word
from simulator.engine.build.instructions import instructions

PIECES = st.sampled_from(["FROM ", "RUN ", "COPY ", "ENV ", "ARG ", "ONBUILD ", "HEALTHCHECK ", "AS ",
                          "--from=", "--chown=", "<<EOF", "EOF", "[", "]", '"', "'", "\\", "`", "$", "{",
                          "}", "=", " ", "\t", "\n", "# escape=`\n", "#", "a", "/", "*", ":", "-"])
TEXT = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_parser_raises_only_parse_errors(text):
    try:
        instructions(parse(text))
    except ParseError as err:
        assert str(err)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_substitution_raises_only_its_own_errors(text):
    try:
        expand_word(text, {"a": "1"})
    except ExpandError as err:
        assert str(err)


def test_a_hostile_dockerfile_fails_cleanly():
    lab = Lab()
    for text in ["FROM alpine\nCOPY --from=2 /x /y\n", "FROM alpine AS a\nFROM a AS b\nCOPY --from=b /x /\n",
                 "FROM ${NOPE:?set it}\n", "ARG X=$\nFROM alpine:$X\n", "FROM alpine\nRUN [\"\"]\n",
                 "FROM alpine\nWORKDIR ../../..\nCOPY . .\n", "FROM alpine\nHEALTHCHECK --interval=1ns CMD true\n",
                 "FROM alpine\nUSER nosuchuser\nRUN true\n", "\ufeffFROM alpine\n" + "ENV A=1\n" * 500]:
        lab.dockerfile(text)
        out, code = lab.build()
        assert code in (0, 1) and "Traceback" not in out and "Input/output error" not in out, (text, out)
