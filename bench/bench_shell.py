"""How long the filesystem and the shell take: lookups through a 5-layer overlay, a listing,
a one-line pipeline, a 1,000-iteration loop and a grep over a 10,000-line file."""
from bench.timing import print_mean_ms
from simulator.clock import Clock
from simulator.fs import Dir, File, FileSystem, Layer
from simulator.host import make_host_machine
from simulator.programs.base import Output, Proc
from simulator.shell import Shell


def layers():
    out = []
    for k in range(5):
        entries = {"/": Dir(), "/usr": Dir(), "/usr/lib": Dir()}
        entries.update({f"/usr/lib/f{k}-{n}": File(b"x" * 10) for n in range(2000)})
        out.append(Layer(entries))
    return out


def main():
    fs = FileSystem(layers())
    print_mean_ms("stat through 5 layers", lambda: fs.stat("/usr/lib/f0-1999"), 20000)
    print_mean_ms("listdir of 10,000 names over 5 layers", lambda: fs.listdir("/usr/lib"), 20)
    print_mean_ms("new container filesystem over 5 layers", lambda: FileSystem(fs.lowers), 20000)
    machine = make_host_machine(Clock())
    shell = Shell(machine.base_env(), "/root")
    machine.fs.write("/tmp/big", "".join(f"line {n} {'match' if n % 7 == 0 else ''}\n" for n in range(10000)))

    def run(line):
        out = Output(10 ** 8)
        proc = Proc(argv=["bash"], env={}, cwd=shell.cwd, fs=machine.fs, machine=machine,
                    write_out=lambda t: out.write(t), write_err=lambda t: out.write(t, "err"))
        shell.execute(line, proc)

    print_mean_ms("echo hi | tr a-z A-Z | wc -c", lambda: run("echo hi | tr a-z A-Z | wc -c"), 500)
    print_mean_ms("1,000-iteration while loop", lambda: run("i=0; while [ $i -lt 1000 ]; do i=$((i+1)); done"), 5)
    print_mean_ms("grep -c over 10,000 lines", lambda: run("grep -c match /tmp/big"), 20)
