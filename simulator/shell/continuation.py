"""When Enter does not end an entry, as in bash: an open quote, an unfinished compound command, a
trailing backslash or `&&`/`|`, or a here-document still waiting for its delimiter. The terminal
then shows "> " and keeps reading. The shell's own lexer and parser decide what is unfinished."""
from .lexer import Lexer, ShellSyntaxError
from .parser import parse

END_OF_INPUT = ("unexpected EOF", "unexpected end of file")


def needs_more(text):
    if (len(text) - len(text.rstrip("\\"))) % 2:        # an odd number of trailing backslashes
        return True
    try:
        parse(text)
    except ShellSyntaxError as error:
        return any(words in error.message for words in END_OF_INPUT)
    return _open_heredoc(text)


def _open_heredoc(text):
    try:
        docs = [token.heredoc for token in Lexer(text).tokens() if token.heredoc]
    except ShellSyntaxError:
        return False
    lines = text.split("\n")
    at = 1
    for doc in docs:
        # each body starts after the line that opened it; its delimiter line ends it
        while at < len(lines) and (lines[at].lstrip("\t") if doc.strip_tabs else lines[at]) != doc.delimiter:
            at += 1
        if at >= len(lines):
            return True
        at += 1
    return False
