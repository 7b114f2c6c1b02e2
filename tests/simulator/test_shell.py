import pytest

from simulator.programs.base import Blocked
from simulator.shell import Shell

from shellrun import Term, busybox_machine, sh

CASES = [
    # quoting and expansion
    ("echo 'a  b' \"c  d\" e\\ f", "a  b c  d e f\n", 0),
    ("x=5; echo $x ${x} \"$x\" '$x'", "5 5 5 $x\n", 0),
    ("echo ${nope:-dflt} ${nope-d2} [${nope}]", "dflt d2 []\n", 0),
    ("echo ${v:=set}; echo $v", "set\nset\n", 0),
    ("x=hello; echo ${#x} ${x:1:3} ${x#h} ${x%lo} ${x/l/L} ${x//l/L}", "5 ell ello hel heLlo heLLo\n", 0),
    ("f=/a/b/c.txt; echo ${f##*/} ${f%.*} ${f%%/*}x", "c.txt /a/b/c x\n", 0),
    ("x=1; echo ${x:+alt} ${y:+alt}.", "alt .\n", 0),
    ("echo $((1 + 2 * 3)) $((10 / 3)) $((10 % 3)) $((2 ** 8)) $(( (1+2) << 2 ))", "7 3 1 256 12\n", 0),
    ("i=3; echo $((i += 2)) $i $((i > 4 ? 1 : 0))", "5 5 1\n", 0),
    ("echo $((1/0)); echo not reached", "bash: 1/0: division by 0 (error token is \"0\")\n", 1),
    ("for i in 1 2; do echo ${i:?}${u:?unset}; done; echo no", "bash: u: unset\n", 1),
    ("x=$(echo ${u:?}); echo \"[$x] $?\"; (echo ${u:?}); echo $?",
     "bash: u: parameter null or not set\n[] 1\nbash: u: parameter null or not set\n1\n", 0),
    ("echo $(echo one) `echo two` \"$(echo \"three $(echo four)\")\"", "one two three four\n", 0),
    ("x='a   b'; printf '[%s]' $x \"$x\"; echo", "[a][b][a   b]\n", 0),
    ("set -- 'a b' c; for i in \"$@\"; do echo \"<$i>\"; done; echo $# $1", "<a b>\n<c>\n2 a b\n", 0),
    ("echo ~ ~/x ~root", "/root /root/x /root\n", 0),
    ("false; echo $?; true; echo $?", "1\n0\n", 0),
    ("echo ${x", "bash: unexpected EOF while looking for matching `}'\n", 2),
    ("echo ${!x}", "bash: ${!x}: bad substitution\n", 1),
    ("unset y; echo ${y:?is required}", "bash: y: is required\n", 1),
    # lists, pipes, control flow
    ("true && echo yes || echo no; false && echo yes || echo no", "yes\nno\n", 0),
    ("echo abc | tr a-z A-Z | cat", "ABC\n", 0),
    ("! true; echo $?", "1\n", 0),
    ("ls /nope |& tr a-z A-Z", "LS: CANNOT ACCESS '/NOPE': NO SUCH FILE OR DIRECTORY\n", 0),
    ("time sleep 61", "\nreal\t1m1.000s\nuser\t0m0.000s\nsys\t0m0.000s\n", 0),
    ("if false; then echo a; elif true; then echo b; else echo c; fi", "b\n", 0),
    ("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done", "1\n3\n", 0),
    ("i=0; while [ $i -lt 5 ]; do i=$((i+1)); [ $i = 3 ] && break; done; echo $i", "3\n", 0),
    ("i=0; until [ $i -ge 2 ]; do echo $i; i=$((i+1)); done", "0\n1\n", 0),
    ("for a in 1 2; do for b in x y; do [ $b = y ] && continue 2; echo $a$b; done; done", "1x\n2x\n", 0),
    ("case hello.txt in *.md) echo md;; *.txt|*.text) echo text;; esac", "text\n", 0),
    ("case x in y) echo y;; esac; echo $?", "0\n", 0),
    ("greet() { echo \"hi $1 ($#)\"; return 3; }; greet bob x; echo $?", "hi bob (2)\n3\n", 0),
    ("function f { local v=1; echo $v; }; f", "1\n", 0),
    ("{ echo a; echo b; } | wc -l", "2\n", 0),
    ("(cd /tmp; pwd); pwd", "/tmp\n/root\n", 0),
    ("(exit 4); echo $?", "4\n", 0),
    ("x=1; (x=2); echo $x", "1\n", 0),
    ("echo a; exit 3; echo b", "a\nexit\n", 3),
    ("set -e; false; echo not reached", "", 1),
    ("set -e; false || true; if false; then :; fi; echo reached", "reached\n", 0),
    ("sleep 1 & echo started", "started\n", 0),
    # redirections
    ("echo hi > /tmp/f; echo there >> /tmp/f; cat /tmp/f", "hi\nthere\n", 0),
    ("cat < /etc/hostname", "slipway\n", 0),
    ("ls /nope 2> /tmp/e; cat /tmp/e", "ls: cannot access '/nope': No such file or directory\n", 0),
    ("ls /nope 2>&1 | tr a-z A-Z", "LS: CANNOT ACCESS '/NOPE': NO SUCH FILE OR DIRECTORY\n", 0),
    ("ls /nope > /tmp/o 2>&1; cat /tmp/o", "ls: cannot access '/nope': No such file or directory\n", 0),
    ("ls /nope 2>/dev/null; echo $?", "2\n", 0),
    ("ls /nope /root &> /tmp/all; cat /tmp/all", "ls: cannot access '/nope': No such file or directory\n/root:\n", 0),
    ("echo err >&2 2>/dev/null", "err\n", 0),
    ("echo x > /nodir/f", "bash: /nodir/f: No such file or directory\n", 1),
    ("echo x > /tmp", "bash: /tmp: Is a directory\n", 1),
    ("cat < /nope", "bash: /nope: No such file or directory\n", 1),
    ("echo x > $nothing", "bash: $nothing: ambiguous redirect\n", 1),
    ("v=world; cat <<EOF\nhello $v\n$(echo sub)\nEOF", "hello world\nsub\n", 0),
    ("cat <<'EOF'\nhello $v\nEOF", "hello $v\n", 0),
    ("cat <<-EOF\n\t\tindented\n\tEOF", "indented\n", 0),
    ("cat <<< 'here string'", "here string\n", 0),
    ("printf 'a\\nb\\n' | while read line; do echo \"[$line]\"; done", "[a]\n[b]\n", 0),
    ("read a b <<< 'one two three'; echo $a/$b", "one/two three\n", 0),
    # builtins
    ("cd /etc && pwd && cd - && cd && pwd", "/etc\n/root\n/root\n", 0),
    ("cd /nope", "bash: cd: /nope: No such file or directory\n", 1),
    ("cd /etc/hostname", "bash: cd: /etc/hostname: Not a directory\n", 1),
    ("export A=1; bash -c 'echo $A'; B=2; bash -c 'echo [$B]'", "1\n[]\n", 0),
    ("C=3 bash -c 'echo $C'; echo [$C]", "3\n[]\n", 0),
    ("x=1; unset x; echo [$x]", "[]\n", 0),
    ("type cd ls if nope", "cd is a shell builtin\nls is /usr/bin/ls\nif is a shell keyword\nbash: type: nope: not found\n", 1),
    ("command -v ls echo nope; echo $?", "/usr/bin/ls\necho\n1\n", 0),
    ("alias ll='ls -1'; ll /tmp; alias", "alias ll='ls -1'\n", 0),
    ("clear", "\x1b[H\x1b[2J\x1b[3J", 0),
    (":", "", 0),
    ("test 1 -eq 1 && [ a != b ] && [ -f /etc/hostname ] && [ ! -d /etc/hostname ] && echo ok", "ok\n", 0),
    ("[ 1 -lt ]; echo $?", "bash: [: 1: unary operator expected\n2\n", 0),
    ("[ a = b", "bash: [: missing `]'\n", 2),
    ("[ x -eq 1 ]", "bash: [: x: integer expression expected\n", 2),
    ("printf '%d\\n' x", "0\nbash: printf: x: invalid number\n", 1),
    ("[[ hello == h*o && -n x ]] && echo match", "match\n", 0),
    ("[[ abc =~ ^a(b)c$ ]] && echo re", "re\n", 0),
    ("[[ a == b || 1 -lt 2 ]]; echo $?", "0\n", 0),
    ("echo a b | { read x y; echo $y $x; }", "b a\n", 0),
    ("source /nope", "bash: /nope: No such file or directory\n", 1),
    ("echo 'echo sourced $1' > /tmp/s.sh; . /tmp/s.sh arg", "sourced arg\n", 0),
    ("eval 'x=7; echo $x'", "7\n", 0),
    ("exit 300", "exit\n", 44),
    ("exit abc", "exit\nbash: exit: abc: numeric argument required\n", 2),
    ("return", "bash: return: can only `return' from a function or sourced script\n", 1),
    # command resolution and errors
    ("nosuchcmd", "bash: nosuchcmd: command not found\n", 127),
    ("nosuchcmd 2>/dev/null; echo $?", "127\n", 0),
    ("/etc", "bash: /etc: Is a directory\n", 126),
    ("/etc/hostname", "bash: /etc/hostname: Permission denied\n", 126),
    ("./missing", "bash: ./missing: No such file or directory\n", 127),
    ("printf '#!/bin/sh\\necho script $1\\n' > /tmp/s; chmod +x /tmp/s; /tmp/s arg; cd /tmp; ./s two",
     "script arg\nscript two\n", 0),
    ("printf 'echo plain\\n' > /tmp/p; chmod 755 /tmp/p; /tmp/p", "plain\n", 0),
    ("printf '#!/bin/nope\\n' > /tmp/q; chmod +x /tmp/q; /tmp/q",
     "bash: /tmp/q: /bin/nope: bad interpreter: No such file or directory\n", 126),
    ("bash -c 'nosuch'", "bash: line 1: nosuch: command not found\n", 127),
    ("sh -c 'exit 5'; echo $?", "5\n", 0),
    ("echo 'echo from stdin' | bash", "from stdin\n", 0),
    ("echo 'echo $0 $1' > /tmp/t.sh; bash /tmp/t.sh a", "/tmp/t.sh a\n", 0),
    ("bash /nope.sh", "bash: /nope.sh: No such file or directory\n", 127),
    # syntax errors
    ("if true; fi", "bash: syntax error near unexpected token `fi'\n", 2),
    ("echo 'abc", "bash: unexpected EOF while looking for matching `''\n", 2),
    ("echo \"abc", "bash: unexpected EOF while looking for matching `\"'\n", 2),
    ("if true; then echo", "bash: syntax error: unexpected end of file\n", 2),
    ("echo a |", "bash: syntax error: unexpected end of file\n", 2),
    ("; echo", "bash: syntax error near unexpected token `;'\n", 2),
    ("echo )", "bash: syntax error near unexpected token `)'\n", 2),
    ("bash -c 'if; then'", "bash: -c: line 1: syntax error near unexpected token `;'\nbash: -c: line 1: `if; then'\n", 2),
    # brace expansion and globbing
    ("echo a{b,c}d {1..3} {c..a} x{1,{2,3}} '{a,b}' {a} {} ${HOME%{x,y}}", "abd acd 1 2 3 c b a x1 x2 x3 {a,b} {a} {} /root\n", 0),
    ("mkdir -p /tmp/p/{src,tests} && ls /tmp/p", "src\ntests\n", 0),
    ("mkdir /tmp/g; touch /tmp/g/a.txt /tmp/g/b.txt /tmp/g/c.md /tmp/g/.hidden; echo /tmp/g/*.txt",
     "/tmp/g/a.txt /tmp/g/b.txt\n", 0),
    ("mkdir /tmp/g; touch /tmp/g/a1 /tmp/g/a2 /tmp/g/b1; cd /tmp/g; echo a? [ab]1 [!a]* '*' nomatch*",
     "a1 a2 a1 b1 b1 * nomatch*\n", 0),
    ("mkdir -p /tmp/g/d1 /tmp/g/d2; touch /tmp/g/f; echo /tmp/g/*/", "/tmp/g/d1/ /tmp/g/d2/\n", 0),
]


@pytest.mark.parametrize("line, expected, status", CASES)
def test_shell(line, expected, status):
    assert sh(line) == (expected, status)


def test_state_survives_between_lines_and_round_trips():
    term = Term()
    term.run("cd /tmp; export GREETING=hi; n=3; sq() { echo $(($1 * $1)); }; alias l='ls -1'")
    term.run("echo $n")
    data = term.shell.to_dict()
    restored = Shell.from_dict(data)
    term.shell = restored
    assert term.run("pwd; echo $GREETING $n; sq 4; bash -c 'echo $GREETING'") == ("/tmp\nhi 3\n16\nhi\n", 0)
    assert restored.history[-1] == "pwd; echo $GREETING $n; sq 4; bash -c 'echo $GREETING'"
    assert term.run("history 2") == ("    3  pwd; echo $GREETING $n; sq 4; bash -c 'echo $GREETING'\n    4  history 2\n", 0)


def test_exit_marks_the_shell_finished():
    term = Term()
    term.run("exit 7")
    assert term.shell.exited and term.shell.status == 7


def test_infinite_loop_is_stopped_and_shell_stays_usable():
    term = Term()
    assert term.run("while true; do :; done") == (
        "bash: command stopped: too many steps (possible infinite loop)\n", 1)


def test_budget_is_per_command():
    term = Term()
    assert term.run("while true; do :; done")[1] == 1
    assert term.run("echo still here") == ("still here\n", 0)


def test_runaway_recursion_is_bounded():
    text, status = sh("f() { f; }; f")
    assert status == 1
    assert text == "bash: f: maximum function nesting level exceeded (50)\n"


def test_fork_bomb_stops_once():
    assert sh("f() { f | f; }; f") == ("bash: f: maximum function nesting level exceeded (50)\n", 1)


def test_command_substitution_depth_is_bounded():
    line = "echo " + "$(echo " * 20 + "x" + ")" * 20
    text, status = sh(line)
    assert (text, status) == ("bash: command stopped: command substitution nested too deeply\n", 1)


def test_blocked_program_propagates():
    with pytest.raises(Blocked):
        sh("sleep infinity")


def test_sleep_advances_the_clock_instead_of_waiting():
    term = Term()
    before = term.machine.clock.now()
    term.run("sleep 30")
    assert term.machine.clock.now() == before + 30


BUSYBOX_CASES = [
    ("nosuch", "sh: nosuch: not found\n", 127),
    ("cd /nope", "sh: cd: can't cd to /nope: No such file or directory\n", 2),
    ("if true; fi", 'sh: syntax error: unexpected "fi"\n', 2),
    ("echo 'x", "sh: syntax error: unterminated quoted string\n", 2),
    ("ls /data", "ls: /data: No such file or directory\n", 1),
    ("sh -c 'echo $0 inner'", "sh inner\n", 0),
    ("busybox echo multi", "multi\n", 0),
    ("busybox nosuch", "nosuch: applet not found\n", 127),
    ("cat /nope", "cat: can't open '/nope': No such file or directory\n", 1),
    ("echo hi > /tmp/x; cat /tmp/x | wc -l", "1\n", 0),
]


@pytest.mark.parametrize("line, expected, status", BUSYBOX_CASES)
def test_busybox_shell(line, expected, status):
    assert Term(machine=busybox_machine()).run(line) == (expected, status)


def test_main_process_shell_is_replaced_by_a_long_running_program():
    from simulator.programs.base import REGISTRY, Proc, Running
    machine = busybox_machine()
    proc = Proc(argv=["sh", "-c", "sleep 100"], env={"PATH": "/bin"}, cwd="/", fs=machine.fs,
                machine=machine, write_out=print, write_err=print, main=True)
    assert REGISTRY["sh"](proc) == Running(until=machine.clock.now() + 100, ignores=["SIGTERM", "SIGINT"])
    proc.argv = ["sh", "-c", "echo starting; exec sleep 5"]
    assert REGISTRY["sh"](proc).until == machine.clock.now() + 5
    proc.argv = ["sh", "-c", "sleep 1; echo done"]
    assert REGISTRY["sh"](proc) == 0


def test_entrypoint_script_runs_through_sh_and_execs_its_arguments():
    from simulator.fs import File
    machine = busybox_machine()
    machine.fs.put("/bin/docker-entrypoint.sh", File(b'#!/bin/sh\nset -e\necho entry\nexec "$@"\n', mode=0o755,
                                                     program="node-entrypoint"))
    assert Term(machine=machine).run("docker-entrypoint.sh echo hello from app") == ("entry\nhello from app\n", 0)


def test_a_program_the_simulator_lacks_says_so():
    from simulator.fs import File
    term = Term()
    term.machine.fs.put("/usr/local/bin/exotic", File(mode=0o755, program="no-such-program"))
    assert term.run("exotic") == ("bash: exotic: this program cannot run in the simulator\n", 126)


def test_pattern_matching_stays_linear_on_hostile_input():
    term = Term()
    term.out("x=$(printf 'a%.0s' $(seq 1 3000))")
    assert term.run("case $x in *a*a*a*a*a*a*b) echo m;; *) echo no;; esac") == ("no\n", 0)
    assert term.run("[[ $x == *a*a*a*a*a*a ]] && echo yes") == ("yes\n", 0)
    assert term.run("[[ $x =~ (a+)+b ]]") == ("bash: regular expression too complex\n", 2)


@pytest.mark.parametrize("pattern, text, expected", [
    ("*.txt", "a.txt", True), ("*.txt", "a.txt.bak", False), ("a?c", "abc", True), ("[a-c]x", "bx", True),
    ("[!a-c]x", "bx", False), ("*", "", True), ("a*", "", False), ("\\*", "*", True), ("[", "[", True)])
def test_glob_matching(pattern, text, expected):
    from simulator.shell.expand import match_pattern
    assert match_pattern([(pattern, False)], text) is expected


def test_costly_pattern_removal_is_refused():
    term = Term()
    term.out("x=$(printf 'a%.0s' $(seq 1 3000))")
    assert term.run("echo ${#x} ${x%%a}") == ("3000 " + "a" * 2999 + "\n", 0)
    assert term.run("echo ${x#*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b}") == (
        "bash: command stopped: pattern too costly for a value this long\n", 1)
