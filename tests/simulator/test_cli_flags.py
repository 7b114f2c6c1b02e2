"""pflag rules: shorthand groups, =values, --, errors worded as pflag words them."""
import pytest

from simulator.cli.flags import Flag, FlagError, parse

FLAGS = [Flag("detach", "d", bool, "Run in background"),
         Flag("publish", "p", list, "Publish a port"),
         Flag("name", "", str, "Assign a name"),
         Flag("time", "t", int, "Seconds to wait", default=10),
         Flag("cpus", "", float, "Number of CPUs"),
         Flag("cap-add", "", list, "Add capabilities", split=True),
         Flag("sysctl", "", "mapping", "Sysctl options"),
         Flag("interactive", "i", bool, "Keep STDIN open")]


def test_combined_shorthands_take_the_next_argument():
    opts, args, _ = parse(FLAGS, ["-dp", "80:80", "nginx"])
    assert (opts.detach, opts.publish, args) == (True, ["80:80"], ["nginx"])


def test_value_attached_to_shorthand_and_equals_forms():
    opts, _, _ = parse(FLAGS, ["-p8080:80", "-d=false", "--name=web", "--time", "5"])
    assert (opts.publish, opts.detach, opts.name, opts.time) == (["8080:80"], False, "web", 5)


def test_repeatable_and_split_lists_and_mappings():
    opts, _, _ = parse(FLAGS, ["-p", "1:1", "-p", "2:2", "--cap-add", "A,B", "--sysctl", "a.b=1"])
    assert (opts.publish, opts.cap_add, opts.sysctl) == (["1:1", "2:2"], ["A", "B"], {"a.b": "1"})


def test_defaults_and_changed():
    opts, _, _ = parse(FLAGS, ["--name", "x"])
    assert (opts.time, opts.publish, opts.changed("name"), opts.changed("time")) == (10, [], True, False)


def test_negative_number_is_a_value():
    opts, _, _ = parse(FLAGS, ["-t", "-1"])
    assert opts.time == -1


def test_double_dash_ends_flags():
    opts, args, _ = parse(FLAGS, ["--", "-d", "x"])
    assert (opts.detach, args) == (False, ["-d", "x"])


def test_interspersed_off_stops_at_first_positional():
    opts, args, _ = parse(FLAGS, ["-d", "alpine", "ls", "-l", "-d"], interspersed=False)
    assert (opts.detach, args) == (True, ["alpine", "ls", "-l", "-d"])


def test_interspersed_collects_flags_after_positionals():
    opts, args, _ = parse(FLAGS, ["a", "-d", "b"])
    assert (opts.detach, args) == (True, ["a", "b"])


def test_go_integer_syntax():
    assert parse(FLAGS, ["-t", "0x10"])[0].time == 16
    assert parse(FLAGS, ["-t", "010"])[0].time == 8


@pytest.mark.parametrize("argv, error", [
    (["--foo"], "unknown flag: --foo"),
    (["--nam", "x"], "unknown flag: --nam"),
    (["-x"], "unknown shorthand flag: 'x' in -x"),
    (["-dx"], "unknown shorthand flag: 'x' in -x"),
    (["--name"], "flag needs an argument: --name"),
    (["-p"], "flag needs an argument: 'p' in -p"),
    (["-dp"], "flag needs an argument: 'p' in -p"),
    (["-t", "abc"], 'invalid argument "abc" for "-t, --time" flag: strconv.ParseInt: parsing "abc": invalid syntax'),
    (["-t", "99999999999999999999"], 'invalid argument "99999999999999999999" for "-t, --time" flag: '
                                     'strconv.ParseInt: parsing "99999999999999999999": value out of range'),
    (["--detach=maybe"], 'invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["--cpus", "1_0"], 'invalid argument "1_0" for "--cpus" flag: strconv.ParseFloat: parsing "1_0": invalid syntax'),
    (["--sysctl", "novalue"], 'invalid argument "novalue" for "--sysctl" flag: bad format for sysctl: novalue'),
    (["---x"], "bad flag syntax: ---x"),
])
def test_errors(argv, error):
    with pytest.raises(FlagError) as caught:
        parse(FLAGS, argv)
    assert str(caught.value) == error


def test_deprecated_flag_warns():
    flags = [Flag("old", "", bool, "Old", deprecated="use --new instead")]
    assert parse(flags, ["--old"])[2] == ["Flag --old has been deprecated, use --new instead"]
