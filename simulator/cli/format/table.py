"""How a listing verb prints its rows: `--format` (table, json or a raw template), `-q`,
the header row and the tabwriter, as docker's formatter.Context does."""
from .. import messages as msg
from ..spec import CliError
from .gotemplate import StringMap, TemplateError, parsed
from .tabwriter import tabulate


def render(rows, fmt, default, headers, quiet=False, quiet_format="{{.ID}}"):
    """Text for `rows` (dicts or objects) under the user's `--format`.

    `default` is the verb's table format ("table {{.ID}}\\t{{.Name}}"), `headers` maps each field
    to its column title ({"ID": "NETWORK ID"}). A template error ends the command as docker does:
    `template parsing error: ...`, exit 1."""
    template, table = _template(fmt, default, quiet, quiet_format)
    try:
        lines = [template.execute(StringMap(headers))] if table else []
        lines += [template.execute(row) for row in rows]
    except TemplateError as error:
        raise CliError(msg.TEMPLATE_PARSE.format(error=error)) from None
    text = "".join(line + "\n" for line in lines)
    return tabulate(text) if table else text


def fields(fmt, default, quiet=False, quiet_format="{{.ID}}"):
    """The row fields render() will read under this `--format`, or None for all of them: a verb
    whose fields are costly builds only these."""
    return _template(fmt, default, quiet, quiet_format)[0].fields


def _template(fmt, default, quiet, quiet_format):
    if quiet and not fmt:
        fmt = quiet_format
    elif not fmt or fmt == "table":
        fmt = default
    elif fmt == "json":
        fmt = "{{json .}}"
    table = fmt.startswith("table")
    body = (fmt[len("table"):] if table else fmt).strip(" ").replace("\\t", "\t").replace("\\n", "\n")
    try:
        return parsed(body), table
    except TemplateError as error:
        raise CliError(msg.TEMPLATE_PARSE.format(error=error)) from None
