"""Lesson Markdown to HTML: markdown-it-py for the text, Pygments for code, a Run button on every
shell block (the button types the block into the terminal)."""
from html import escape

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

SHELL = {"bash", "sh", "shell", "console", "terminal"}
FORMATTER = HtmlFormatter(nowrap=True)


def _fence(renderer, tokens, idx, options, env):
    token = tokens[idx]
    language = token.info.strip().split(" ")[0].lower()
    code = token.content
    try:
        body = highlight(code, get_lexer_by_name(language), FORMATTER) if language else escape(code)
    except ClassNotFound:
        body = escape(code)
    run = ""
    if language in SHELL:
        run = (f'<button type="button" class="run" data-command="{escape(code.rstrip())}" '
               f'title="Type this into the terminal">Run</button>')
    return (f'<div class="code">{run}<pre class="highlight"><code class="language-{escape(language)}">'
            f"{body}</code></pre></div>\n")


MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
MARKDOWN.add_render_rule("fence", _fence)


def render(text):
    return MARKDOWN.render(text)


def render_inline(text):
    return MARKDOWN.renderInline(text)
