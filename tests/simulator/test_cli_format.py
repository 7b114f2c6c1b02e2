"""Sizes, durations, times, docker's tabwriter and the --format/-q listing helper."""
import pytest

from simulator.cli.format.display import ellipsis, truncate_id
from simulator.cli.format.table import render
from simulator.cli.format.tabwriter import tabulate
from simulator.cli.format.units import (ago, bytes_size, human_duration, human_size,
                                        human_size_with_precision, rfc3339, rfc3339_nano)
from simulator.cli.spec import CliError


@pytest.mark.parametrize("size, text", [
    (0, "0B"), (1500, "1.5kB"), (7_800_000, "7.8MB"), (187_654_321, "188MB"),
    (1_234_567_890, "1.23GB"), (999_600, "1e+03kB"), (999, "999B"), (1000, "1kB"),
])
def test_human_size_with_precision(size, text):
    assert human_size_with_precision(size) == text


def test_human_size_and_bytes_size():
    assert human_size(1_234_567_890) == "1.235GB"
    assert bytes_size(1_572_864) == "1.5MiB"
    assert bytes_size(2 * 1024 ** 3) == "2GiB"
    assert bytes_size(512) == "512B"


@pytest.mark.parametrize("seconds, text", [
    (0.4, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
    (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
    (5399, "About an hour"), (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
    (14 * 86400, "2 weeks"), (60 * 86400, "2 months"), (730 * 86400, "2 years"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_ago_and_times():
    assert ago(1000, 880) == "2 minutes ago"
    assert rfc3339(1714557600.75) == "2024-05-01T10:00:00Z"
    assert rfc3339_nano(1714557600.5) == "2024-05-01T10:00:00.5Z"
    assert rfc3339_nano(1714557600) == "2024-05-01T10:00:00Z"


def test_tabwriter_pads_to_min_width_and_leaves_last_column():
    text = "CONTAINER ID\tIMAGE\tNAMES\nabc\tnginx:latest\tweb\n"
    assert tabulate(text) == ("CONTAINER ID   IMAGE          NAMES\n"
                              "abc            nginx:latest   web\n")


def test_tabwriter_counts_wide_characters_twice():
    assert tabulate("名前名前名前\tX\nab\tY\n") == "名前名前名前   X\nab             Y\n"


def test_tabwriter_mixes_narrow_and_wide_non_ascii():
    assert tabulate('"sleep…"\tX\ncafé 名前\tY\nab\tZ\n') == '"sleep…"    X\ncafé 名前   Y\nab          Z\n'


def test_tabwriter_column_blocks_end_at_a_line_without_the_cell():
    assert tabulate("a\tb\nno tabs here\nlonger cell\tc\n") == "a         b\nno tabs here\nlonger cell   c\n"


HEADERS = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER"}
DEFAULT = "table {{.ID}}\t{{.Name}}\t{{.Driver}}"
ROWS = [{"ID": "1a2b3c4d5e6f", "Name": "bridge", "Driver": "bridge"},
        {"ID": "6f5e4d3c2b1a", "Name": "none", "Driver": "null"}]


def test_render_default_table():
    assert render(ROWS, "", DEFAULT, HEADERS) == ("NETWORK ID     NAME      DRIVER\n"
                                                  "1a2b3c4d5e6f   bridge    bridge\n"
                                                  "6f5e4d3c2b1a   none      null\n")


def test_render_header_only_when_empty():
    assert render([], "", DEFAULT, HEADERS) == "NETWORK ID   NAME      DRIVER\n"


def test_render_raw_template_json_and_quiet():
    assert render(ROWS, "{{.Name}}:{{.Driver}}", DEFAULT, HEADERS) == "bridge:bridge\nnone:null\n"
    assert render(ROWS[:1], "json", DEFAULT, HEADERS) == '{"ID":"1a2b3c4d5e6f","Name":"bridge","Driver":"bridge"}\n'
    assert render(ROWS, "", DEFAULT, HEADERS, quiet=True) == "1a2b3c4d5e6f\n6f5e4d3c2b1a\n"


def test_render_custom_table_with_escaped_tab():
    assert render(ROWS, r"table {{.Name}}\t{{.ID}}", DEFAULT, HEADERS) == ("NAME      NETWORK ID\n"
                                                                          "bridge    1a2b3c4d5e6f\n"
                                                                          "none      6f5e4d3c2b1a\n")


def test_render_template_error():
    with pytest.raises(CliError) as caught:
        render(ROWS, "{{.Name | nope}}", DEFAULT, HEADERS)
    assert (caught.value.message, caught.value.status) == (
        'template parsing error: template: :1: function "nope" not defined', 1)


def test_truncate_id_and_ellipsis():
    assert truncate_id("sha256:" + "ab" * 32) == "abababababab"
    assert truncate_id("3f2a1b4c5d6e7f80") == "3f2a1b4c5d6e"
    assert ellipsis("/docker-entrypoint.sh nginx -g 'daemon off;'", 20) == "/docker-entrypoint.…"
    assert ellipsis("sleep infinity", 20) == "sleep infinity"
    assert ellipsis("日本語のコマンド", 7) == "日本語…"
    assert ellipsis("abc", 0) == ""
