"""`python -m simulator [--state FILE] [--seed N] [--runtime simulated|linux] [--linux-network]`

Reads shell lines from standard input and prints what the terminal would show; on a terminal
it is an interactive prompt with line editing and history. Exits with the status of the last
command."""
import argparse
import os
import sys

from .session import Session


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m simulator", description="A simulated Docker 28.5 host.")
    parser.add_argument("--state", metavar="FILE", help="load the session from FILE if it exists, save it after every command")
    parser.add_argument("--seed", type=int, help="seed for deterministic IDs")
    parser.add_argument("--runtime", choices=("simulated", "linux"), default="simulated")
    parser.add_argument("--linux-network", action="store_true",
                        help="give real containers a private bridge network (no route out)")
    return parser.parse_args(argv)


def load(args, tty):
    if args.state and os.path.exists(args.state):
        with open(args.state, encoding="utf-8") as handle:
            return Session.from_json(handle.read())
    return Session(seed=args.seed, runtime=args.runtime, tty=tty, linux_network=args.linux_network)


def save(session, path):
    if path:
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(session.to_json())
        os.replace(temporary, path)


def batch(session, lines, state):
    status = 0
    for line in lines:
        result = session.run(line.rstrip("\n"))
        sys.stdout.write(result.output)
        sys.stdout.flush()
        status = result.exit_code
        save(session, state)
    return status


def interactive(session, state):
    import readline

    def complete(text, index):
        line = readline.get_line_buffer()[: readline.get_endidx()]
        found = session.complete(line)
        return found[index] if index < len(found) else None

    for line in session.history:          # a loaded --state session keeps its up-arrow history
        readline.add_history(line)
    readline.set_completer_delims(" \t\n")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    status = 0
    while True:
        try:
            line = input(session.prompt)
        except EOFError:
            sys.stdout.write("exit\n")
            return status
        except KeyboardInterrupt:
            sys.stdout.write(session.interrupt())
            continue
        session.resize(*os.get_terminal_size())      # the window may have changed since the last line
        result = session.run(line, on_output=lambda chunk: (sys.stdout.write(chunk), sys.stdout.flush()))
        status = result.exit_code
        save(session, state)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tty = sys.stdin.isatty() and sys.stdout.isatty()
    session = load(args, tty)
    if tty:
        return interactive(session, args.state)
    return batch(session, sys.stdin, args.state)


if __name__ == "__main__":
    sys.exit(main())
