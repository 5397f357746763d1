"""Lesson 09: run the Rust shootout and its Python twin on this machine, print the ratios.

Run from the repository's root:
    python3 book/python/09_compare.py            # 8 jobs per problem
    python3 book/python/09_compare.py --jobs 16

It builds and starts the course's delay server (cargo run --release -p delay-server),
points both sides at it, gives both the same work (the same count_primes size and the
same waits), and prints, per problem and approach, Python's time, Rust's time, and how
many times longer Python took. Needs cargo; Python's standard library (aiohttp if
installed). The course's build and tests never run this file.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# Which Rust row each Python approach is the twin of.
TWINS = {
    "sequential": "sequential",
    "thread-per-job": "thread-per-job",
    "thread-pool": "thread-pool",
    "process-pool": "process-pool",
    "asyncio": "tokio-current-thread",
    "asyncio+processes": "tokio-spawn-blocking",
}
PROBLEMS = {"cpu": "CPU-bound", "io": "IO-bound", "mixed": "Mixed"}


def cargo(*args, **kw):
    return subprocess.run(["cargo", *args], cwd=ROOT, check=True, **kw)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--wait-ms", type=int, default=50)
    parser.add_argument("--compute-ms", type=int, default=5,
                        help="how long one job computes in Rust (Python takes longer)")
    opts = parser.parse_args()

    cargo("build", "--release", "-q", "-p", "delay-server", "-p", "lesson-09")
    server = subprocess.Popen(
        ["cargo", "run", "--release", "-q", "-p", "delay-server", "--", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        found = re.search(r"http://([0-9.]+:[0-9]+)", first)
        if not found:
            sys.exit(f"error: the delay server did not say where it listens: {first!r}")
        addr = found.group(1)

        rust = cargo("run", "--release", "-q", "-p", "lesson-09", "--", "--server", addr,
                     "--jobs", str(opts.jobs), "--wait-ms", str(opts.wait_ms),
                     "--compute-ms", str(opts.compute_ms),
                     capture_output=True, text=True).stdout
        primes_below = re.search(r"count_primes\((\d+)\)", rust).group(1)
        rust_times = {}
        problem = None
        for line in rust.splitlines():
            for key, title in PROBLEMS.items():
                if line.startswith("== " + title):
                    problem = key
            row = re.match(r"  (\S+)\s+([0-9.]+) s$", line)
            if row and problem:
                rust_times[(problem, row.group(1))] = float(row.group(2))

        python = subprocess.run(
            [sys.executable, str(HERE / "09_shootout.py"), "--server", addr,
             "--jobs", str(opts.jobs), "--primes-below", primes_below,
             "--wait-ms", str(opts.wait_ms)],
            check=True, capture_output=True, text=True).stdout
    finally:
        server.terminate()
        server.wait()

    print(python.splitlines()[0])
    print(f"# the same work on both sides: {opts.jobs} jobs per problem, "
          f"count_primes({primes_below}), waits of {opts.wait_ms} ms\n")
    print(f"{'problem':<7} {'python approach':<18} {'python':>9} {'rust twin':<21} "
          f"{'rust':>9} {'ratio':>7}")
    for line in python.splitlines()[1:]:
        problem, name, took, _checksum = line.split()
        twin = TWINS[name]
        theirs = rust_times.get((problem, twin))
        ratio = f"{float(took) / theirs:.1f}x" if theirs else "-"
        rust_cell = f"{theirs:.3f} s" if theirs else "-"
        print(f"{problem:<7} {name:<18} {float(took):>7.3f} s {twin:<21} {rust_cell:>9} "
              f"{ratio:>7}")


if __name__ == "__main__":
    main()
