"""Run every benchmark under bench/ (files named bench_*.py, each with a main()) and print figures."""
import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main(names):
    sys.path.insert(0, str(HERE.parent))
    for path in sorted(HERE.glob("bench_*.py")):
        if names and path.stem not in names:
            continue
        print(f"== {path.stem}")
        module = importlib.import_module(f"bench.{path.stem}")
        module.main()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
