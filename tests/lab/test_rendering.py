"""Lesson Markdown to HTML: highlighted code, Run buttons on shell blocks only, no raw HTML."""
from lab.courses.rendering import render, render_inline


def test_a_shell_block_gets_a_run_button_with_its_command():
    html = render("```bash\ndocker run hello-world\n```\n")
    assert html.startswith('<div class="code"><button type="button" class="run" '
                           'data-command="docker run hello-world" title="Type this into the terminal">Run</button>'
                           '<pre class="highlight"><code class="language-bash">')
    assert "docker" in html and "hello-world" in html


def test_other_blocks_are_highlighted_without_a_button():
    html = render("```dockerfile\nFROM alpine\n```\n")
    assert 'class="run"' not in html
    assert '<span class="k">FROM</span>' in html


def test_unknown_languages_are_escaped_text():
    assert render("```nolang\n<b>\n```\n") == (
        '<div class="code"><pre class="highlight"><code class="language-nolang">&lt;b&gt;\n</code></pre></div>\n')


def test_commands_with_quotes_are_escaped_in_the_attribute():
    assert 'data-command="echo &quot;hi&quot; &gt; f"' in render('```sh\necho "hi" > f\n```\n')


def test_raw_html_in_lessons_is_not_passed_through():
    assert render("<script>alert(1)</script>\n") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_tables_and_inline_markdown():
    assert "<table>" in render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert render_inline("Type `touch f`.") == "Type <code>touch f</code>."
