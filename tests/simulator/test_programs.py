import pytest

from simulator.programs.base import Running

from shellrun import Term, busybox_machine

SETUP = ("mkdir -p /srv/app/sub && cd /srv/app && printf 'banana\\napple\\ncherry\\napple\\n' > fruit.txt"
         " && printf 'one two\\nthree\\n' > sub/words && touch -c none")

GNU = [
    # ls
    ("ls", "fruit.txt\nsub\n", 0),
    ("ls -1 /srv/app/sub", "words\n", 0),
    ("ls -a sub", ".\n..\nwords\n", 0),
    ("ls -l", "total 8\n-rw-r--r-- 1 root root   26 Nov 28 06:40 fruit.txt\n"
              "drwxr-xr-x 2 root root 4096 Nov 28 06:40 sub\n", 0),
    ("ls -lh sub", "total 4.0K\n-rw-r--r-- 1 root root 14 Nov 28 06:40 words\n", 0),
    ("ls -R", ".:\nfruit.txt\nsub\n\n./sub:\nwords\n", 0),
    ("ls /data", "ls: cannot access '/data': No such file or directory\n", 2),
    ("ls fruit.txt sub", "fruit.txt\n\nsub:\nwords\n", 0),
    ("ls -q", "ls: invalid option -- 'q'\nTry 'ls --help' for more information.\n", 2),
    ("ls --bogus", "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n", 2),
    ("ln -s fruit.txt link; ls -l link", "lrwxrwxrwx 1 root root 9 Nov 28 06:40 link -> fruit.txt\n", 0),
    # files
    ("mkdir sub", "mkdir: cannot create directory 'sub': File exists\n", 1),
    ("mkdir a/b", "mkdir: cannot create directory 'a/b': No such file or directory\n", 1),
    ("mkdir -p a/b && ls a", "b\n", 0),
    ("rm nope", "rm: cannot remove 'nope': No such file or directory\n", 1),
    ("rm -f nope; echo $?", "0\n", 0),
    ("rm sub", "rm: cannot remove 'sub': Is a directory\n", 1),
    ("rm -r sub && ls", "fruit.txt\n", 0),
    ("rmdir sub", "rmdir: failed to remove 'sub': Directory not empty\n", 1),
    ("cp fruit.txt copy && cat copy | head -1", "banana\n", 0),
    ("cp sub dest", "cp: -r not specified; omitting directory 'sub'\n", 1),
    ("cp -r sub dest && cat dest/words", "one two\nthree\n", 0),
    ("cp nope x", "cp: cannot stat 'nope': No such file or directory\n", 1),
    ("mv fruit.txt sub && ls sub", "fruit.txt\nwords\n", 0),
    ("mv nope x", "mv: cannot stat 'nope': No such file or directory\n", 1),
    ("touch new && ls", "fruit.txt\nnew\nsub\n", 0),
    ("touch no/such", "touch: cannot touch 'no/such': No such file or directory\n", 1),
    ("chmod 700 fruit.txt && ls -l fruit.txt", "-rwx------ 1 root root 26 Nov 28 06:40 fruit.txt\n", 0),
    ("chmod u-w,o+x fruit.txt && stat fruit.txt | sed -n 3p",
     "Access: (0445/-r--r--r-x)  Uid: (    0/    root)   Gid: (    0/    root)\n", 0),
    ("chmod 644 nope", "chmod: cannot access 'nope': No such file or directory\n", 1),
    ("chown nobody fruit.txt && ls -l fruit.txt", "-rw-r--r-- 1 nobody root 26 Nov 28 06:40 fruit.txt\n", 0),
    ("find . -name '*.txt'", "./fruit.txt\n", 0),
    ("find /srv -type d", "/srv\n/srv/app\n/srv/app/sub\n", 0),
    ("find nope", "find: 'nope': No such file or directory\n", 1),
    ("du -sh sub", "8.0K\tsub\n", 0),
    ("basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname c", "c\n/a/b\n.\n", 0),
    # text
    ("cat fruit.txt nope", "banana\napple\ncherry\napple\ncat: nope: No such file or directory\n", 1),
    ("cat -n sub/words", "     1\tone two\n     2\tthree\n", 0),
    ("head -n 2 fruit.txt; head -1 sub/words", "banana\napple\none two\n", 0),
    ("tail -n 1 fruit.txt; tail -2 sub/words; tail -n +3 fruit.txt", "apple\none two\nthree\ncherry\napple\n", 0),
    ("head -n x fruit.txt", "head: invalid number of lines: 'x'\n", 1),
    ("head nope", "head: nope: No such file or directory\n", 1),
    ("wc -l fruit.txt; wc -w < sub/words; wc fruit.txt sub/words",
     "4 fruit.txt\n3\n 4  4 26 fruit.txt\n 2  3 14 sub/words\n 6  7 40 total\n", 0),
    ("sort fruit.txt | uniq -c", "      2 apple\n      1 banana\n      1 cherry\n", 0),
    ("sort -r -u fruit.txt", "cherry\nbanana\napple\n", 0),
    ("printf '10\\n9\\n100\\n' | sort -n", "9\n10\n100\n", 0),
    ("printf 'b 2\\na 3\\nc 1\\n' | sort -k 2", "c 1\nb 2\na 3\n", 0),
    ("grep apple fruit.txt", "apple\napple\n", 0),
    ("grep -c apple fruit.txt; grep -n an fruit.txt", "2\n1:banana\n", 0),
    ("grep -i APPLE -v fruit.txt", "banana\ncherry\n", 0),
    ("grep -x 'app' fruit.txt; echo $?", "1\n", 0),
    ("grep -q cherry fruit.txt && echo found", "found\n", 0),
    ("grep -E 'ch|ba' fruit.txt", "banana\ncherry\n", 0),
    ("grep -o 'an' fruit.txt", "an\nan\n", 0),
    ("grep -r three .", "./sub/words:three\n", 0),
    ("grep -A1 banana fruit.txt; grep -B1 cherry fruit.txt", "banana\napple\napple\ncherry\n", 0),
    ("grep -A1 apple fruit.txt", "apple\ncherry\napple\n", 0),
    ("grep x nope", "grep: nope: No such file or directory\n", 2),
    ("grep", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2),
    ("grep -E '(a+)+$' fruit.txt", "grep: regular expression too complex\n", 2),
    ("grep '(a+)+$' fruit.txt", "", 1),
    ("sed 's/a/A/' fruit.txt | head -2; sed 's/a/A/g' fruit.txt | head -1", "bAnana\nApple\nbAnAnA\n", 0),
    ("sed -n '2p' fruit.txt; sed '1d;3d' fruit.txt", "apple\napple\napple\n", 0),
    ("sed -n '/ch/p' fruit.txt; sed 's/\\(b\\)an/\\1AN/' fruit.txt | head -1", "cherry\nbANana\n", 0),
    ("sed -E 's/(an)+/X/' fruit.txt | head -1", "bXa\n", 0),
    ("sed -i 's/apple/pear/' fruit.txt && cat fruit.txt", "banana\npear\ncherry\npear\n", 0),
    ("echo hello | tr 'a-z' 'A-Z'; echo hello | tr -d l; echo 'a  b' | tr -s ' '", "HELLO\nheo\na b\n", 0),
    ("echo 'a:b:c' | cut -d: -f1,3; echo abcdef | cut -c2-4", "a:c\nbcd\n", 0),
    ("echo x | tee t1 && tee -a t1 < sub/words >/dev/null && cat t1", "x\nx\none two\nthree\n", 0),
    ("seq 3; seq 2 4 | tr '\\n' ' '; echo; seq -s, 1 3", "1\n2\n3\n2 3 4 \n1,2,3\n", 0),
    ("yes | head -n 2", "y\ny\n", 0),
    ("echo -n a; echo -e 'b\\tc'; echo -E 'd\\te'", "ab\tc\nd\\te\n", 0),
    ("printf '%5s|%-3d|%x|%%|%c\\n' ab 7 255 xyz", "   ab|7  |ff|%|x\n", 0),
    # system
    ("env -i A=1 printenv A; printenv NOPE; echo $?", "1\n1\n", 0),
    ("env nosuch", "env: 'nosuch': No such file or directory\n", 127),
    ("hostname; whoami; id", "slipway\nroot\nuid=0(root) gid=0(root) groups=0(root)\n", 0),
    ("uname; uname -r; uname -m", "Linux\n6.8.0-45-generic\nx86_64\n", 0),
    ("date; date +%Y-%m-%dT%H:%M", "Fri Nov 28 06:40:00 UTC 2025\n2025-11-28T06:40\n", 0),
    ("sleep 90; date +%T", "06:41:30\n", 0),
    ("sleep x", "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", 1),
    ("which ls; which nope; echo $?", "/usr/bin/ls\n1\n", 0),
    ("ps", "    PID TTY          TIME CMD\n      1 pts/0    00:00:00 bash\n      7 pts/0    00:00:00 ps\n", 0),
    ("kill 42", "kill: (42) - No such process\n", 1),
    ("nproc", "2\n", 0),
    ("echo a b c | xargs -n 2 echo got", "got a b\ngot c\n", 0),
    ("ls | xargs -I{} echo '<{}>'", "<fruit.txt>\n<sub>\n", 0),
    ("df -h | head -2", "Filesystem      Size  Used Avail Use% Mounted on\noverlay          59G  9.4G   47G  17% /\n", 0),
    # archives
    ("tar czf a.tgz sub fruit.txt && tar tzf a.tgz", "sub/\nsub/words\nfruit.txt\n", 0),
    ("tar cf a.tar sub && rm -r sub && tar xvf a.tar && cat sub/words", "sub/\nsub/words\none two\nthree\n", 0),
    ("tar xf nope.tar", "tar: nope.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n", 2),
    ("gzip fruit.txt && ls && zcat fruit.txt.gz | head -1 && gunzip fruit.txt.gz && ls", "fruit.txt.gz\nsub\nbanana\nfruit.txt\nsub\n", 0),
]


@pytest.mark.parametrize("line, expected, status", GNU)
def test_gnu_programs(line, expected, status):
    term = Term()
    term.out(SETUP)
    assert term.run(line) == (expected, status)


BUSYBOX = [
    ("ls /data", "ls: /data: No such file or directory\n", 1),
    ("ls -l /etc/hostname", "-rw-r--r--    1 root     root            13 Jan  1  1970 /etc/hostname\n", 0),
    ("ls -q", "ls: unrecognized option: q\nBusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\n"
              "Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n", 1),
    ("mkdir /etc", "mkdir: can't create directory '/etc': File exists\n", 1),
    ("rm /nope", "rm: can't remove '/nope': No such file or directory\n", 1),
    ("rm /etc", "rm: '/etc' is a directory\n", 1),
    ("head /nope", "head: can't open '/nope': No such file or directory\n", 1),
    ("echo hi | wc -l", "1\n", 0),
    ("ps", "PID   USER     TIME  COMMAND\n    1 root      0:00 sh\n    7 root      0:00 ps\n", 0),
    ("uname -a", "Linux 3f2a1b4c5d6e 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 Linux\n", 0),
    ("free | head -2", "              total        used        free      shared  buff/cache   available\n"
                       "Mem:        8141120     1345876     4627444        3596     2431700     6795244\n", 0),
    ("kill 42", "kill: can't kill pid 42: No such process\n", 1),
    ("cd /etc && /bin/pwd && busybox pwd", "/etc\n/etc\n", 0),
    ("sleep x", "sleep: invalid number 'x'\n", 1),
]


@pytest.mark.parametrize("line, expected, status", BUSYBOX)
def test_busybox_programs(line, expected, status):
    assert Term(machine=busybox_machine()).run(line) == (expected, status)


def test_ls_columns_on_a_terminal():
    term = Term(tty=True)
    term.out("mkdir /tmp/c && cd /tmp/c && touch " + " ".join(f"file-{n:02d}" for n in range(12)))
    assert term.run("ls") == ("file-00  file-02  file-04  file-06  file-08  file-10\n"
                              "file-01  file-03  file-05  file-07  file-09  file-11\n", 0)


def test_sleep_as_a_containers_main_process_keeps_running():
    from simulator.programs.base import REGISTRY, Proc
    machine = busybox_machine()
    proc = Proc(argv=["sleep", "30"], env={}, cwd="/", fs=machine.fs, machine=machine, main=True)
    assert REGISTRY["sleep"](proc) == Running(until=machine.clock.now() + 30, ignores=["SIGTERM", "SIGINT"])
    proc.argv = ["sleep", "infinity"]
    assert REGISTRY["sleep"](proc).until is None


def test_tail_follow_blocks():
    from simulator.programs.base import Blocked
    term = Term()
    term.out("echo line > /tmp/log")
    with pytest.raises(Blocked):
        term.run("tail -f /tmp/log")


def test_tar_strips_leading_slash_in_each_voice():
    assert Term().run("tar cf /tmp/a.tar /etc/hostname") == ("tar: Removing leading `/' from member names\n", 0)
    assert Term(machine=busybox_machine()).run("tar cf /tmp/a.tar /etc/hostname") == (
        "tar: removing leading '/' from member names\n", 0)


def test_tar_warns_once_before_listing_absolute_names():
    assert Term().run("tar cvf /tmp/a.tar /etc/hostname /etc/hosts") == (
        "tar: Removing leading `/' from member names\n/etc/hostname\n/etc/hosts\n", 0)
    assert Term(machine=busybox_machine()).run("tar cvf /tmp/a.tar /etc/hostname /etc/hosts") == (
        "tar: removing leading '/' from member names\netc/hostname\netc/hosts\n", 0)


def test_tar_without_a_file_uses_stdin_and_stdout():
    term = Term()
    term.out("mkdir sub && echo one > sub/words")
    assert term.run("tar c sub | tar t") == ("sub/\nsub/words\n", 0)
    assert term.run("tar -cvf - sub | tar -x -C /tmp && cat /tmp/sub/words") == ("sub/\nsub/words\none\n", 0)
    assert term.run("echo hi | tar -tf -") == (
        "tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n", 2)
    assert term.run("tar -t") == (
        "tar: Refusing to read archive contents from terminal (missing -f option?)\n"
        "tar: Error is not recoverable: exiting now\n", 2)
    assert Term(tty=True).run("tar -cf - /etc/hostname") == (
        "tar: Refusing to write archive contents to terminal (missing -f option?)\n"
        "tar: Error is not recoverable: exiting now\n", 2)


def test_an_executable_survives_a_tar_round_trip():
    term = Term()
    term.out("mkdir d && cp /usr/bin/ls d/myls && tar cf a.tar d && rm -r d && tar xf a.tar")
    assert term.run("d/myls -d /tmp") == ("/tmp\n", 0)


def test_tar_lists_on_stderr_when_the_archive_is_on_stdout():
    term = Term()
    term.out("echo one > words")
    assert term.run("tar -cv words 2>&1 >/dev/null") == ("words\n", 0)
    assert term.run("tar -cv words 2>/dev/null | tar -t") == ("words\n", 0)


def test_top_prints_a_snapshot_then_waits_for_ctrl_c():
    from simulator.programs.base import Blocked, Output
    term = Term(machine=busybox_machine())
    out = Output(10 ** 6)
    with pytest.raises(Blocked):
        term.shell.execute("top", term.proc(out))
    assert out.text().splitlines()[3:] == ["  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND",
                                           "    1     0 root     S     1636   0%   1   0% sh",
                                           "    7     1 root     R     1636   0%   1   0% top"]


def test_top_as_a_containers_main_process_runs_and_ignores_sigterm():
    from simulator.programs.base import REGISTRY, Proc
    machine = busybox_machine()
    proc = Proc(argv=["top"], env={}, cwd="/", fs=machine.fs, machine=machine, main=True)
    assert REGISTRY["top"](proc) == Running(ignores=["SIGTERM"])


def test_host_files_carry_their_install_date():
    assert Term().run("ls -ld /etc") == ("drwxr-xr-x 2 root root 4096 Oct  1  2024 /etc\n", 0)


def test_every_installed_tool_and_applet_is_a_program():
    from simulator.host import TOOLS
    from simulator.programs.base import REGISTRY
    from simulator.programs.shells import BUSYBOX_APPLETS
    assert [name for name in TOOLS + BUSYBOX_APPLETS if name not in REGISTRY] == []
