"""docker's tabwriter (text/tabwriter as NewWriter(out, 10, 1, 3, ' ', 0)): tab-terminated cells
align in column blocks; text after a line's last tab is not padded."""
import re
import unicodedata

MIN_WIDTH = 10
PADDING = 3
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def char_width(ch):
    """Terminal columns of one character: East-Asian wide and full-width ones take two."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text):
    """Terminal columns of text: its length, plus one for each wide character (sought only among
    the non-ASCII ones: `…` ends most COMMAND cells)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(char_width(ch) - 1 for ch in _NON_ASCII.findall(text))


def tabulate(text):
    """Align `text` (lines of tab-separated cells) the way docker prints tables."""
    trailing = text.endswith("\n")
    lines = [line.split("\t") for line in (text[:-1] if trailing else text).split("\n")]
    out = []
    _format(lines, [], 0, len(lines), out)
    return "\n".join(out) + ("\n" if trailing else "")


def _format(lines, widths, start, end, out):
    """Go's recursive block algorithm: a column's width is fixed over each run of consecutive
    lines that have a cell in it."""
    column = len(widths)
    row = start
    while row < end:
        if column >= len(lines[row]) - 1:
            row += 1
            continue
        _write(lines, widths, start, row, out)
        start = row
        width = MIN_WIDTH
        while row < end and column < len(lines[row]) - 1:
            width = max(width, display_width(lines[row][column]) + PADDING)
            row += 1
        _format(lines, widths + [width], start, row, out)
        start = row
    _write(lines, widths, start, end, out)


def _write(lines, widths, start, end, out):
    for cells in lines[start:end]:
        text = ""
        for index, cell in enumerate(cells):
            text += cell
            if index < len(widths) and index < len(cells) - 1:
                text += " " * (widths[index] - display_width(cell))
        out.append(text)
